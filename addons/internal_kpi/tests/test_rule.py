# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import KpiCase


@tagged("post_install", "-at_install")
class TestWeightingRules(KpiCase):
    def test_weights_must_sum_to_100(self):
        Rule = self.env["internal.kpi.weighting.rule"]
        count = Rule.with_context(active_test=False).search_count([])
        with self.assertRaisesRegex(ValidationError, "sum to 90"), self.cr.savepoint():
            self._rule("Broken", 40, 30, 20)
        self.assertEqual(Rule.with_context(active_test=False).search_count([]), count)
        # Editing a line of a valid rule is checked too, and refused whole
        with self.assertRaisesRegex(ValidationError, "sum to 110"), self.cr.savepoint():
            self.rule.write(
                {"line_ids": [Command.update(self.rule.line_ids[0].id, {"weight": 50})]}
            )
            self.rule.flush_recordset()
        # A line edited alone, past its rule, is refused (no context opens it)
        with self.assertRaisesRegex(UserError, "on their weighting rule"):
            self.rule.line_ids[0].with_context(ic_rule_lines_batch=True).weight = 50
        self.rule.invalidate_recordset()
        self.assertEqual(sorted(self.rule.line_ids.mapped("weight")), [30, 30, 40])

    def test_a_kpi_appears_once(self):
        with self.assertRaisesRegex(ValidationError, "twice"), self.cr.savepoint():
            self.env["internal.kpi.weighting.rule"].create(
                {
                    "name": "Twice",
                    "line_ids": [
                        Command.create({"kpi_id": self.kpi_obj.id, "weight": 50}),
                        Command.create({"kpi_id": self.kpi_obj.id, "weight": 50}),
                    ],
                }
            )

    def test_first_match_by_sequence_with_a_reason(self):
        tag = self.env["hr.employee.category"].create({"name": "IC Key account"})
        job = self.env["hr.job"].create({"name": "IC Account manager"})
        self.sid.write({"category_ids": [Command.link(tag.id)], "job_id": job.id})
        sales_rule = self._rule(
            "Sales",
            20,
            40,
            40,
            sequence=5,
            department_ids=[Command.set(self.dep_sales.ids)],
        )
        key_rule = self._rule(
            "Key accounts", 50, 25, 25, sequence=1, category_ids=[Command.set(tag.ids)]
        )
        job_rule = self._rule(
            "Account managers", 10, 45, 45, sequence=2, job_ids=[Command.set(job.ids)]
        )
        Rule = self.env["internal.kpi.weighting.rule"]
        # Sid has the tag (sequence 1): key accounts wins
        rule, reason = Rule._find_for(self.sid)
        self.assertEqual(rule, key_rule)
        self.assertIn("IC Key account", reason)
        # Sol is in a sub-department of Sales: the department rule reaches her
        rule, reason = Rule._find_for(self.sol)
        self.assertEqual(rule, sales_rule)
        self.assertIn("IC Sales", reason)
        # Ivy (IT) falls through to the rule for everyone
        rule, reason = Rule._find_for(self.ivy)
        self.assertEqual(rule, self.rule)
        self.assertIn("everyone", reason)
        self.assertEqual(self.ivy.kpi_rule_id, self.rule)
        self.assertTrue(self.ivy.kpi_rule_reason)
        key_rule.active = False
        self.assertEqual(Rule._find_for(self.sid)[0], job_rule)
        action = sales_rule.action_view_matching_employees()
        matched = self.env["hr.employee"].search(action["domain"])
        self.assertEqual(matched, self.sam | self.sue | self.sol)

    def test_scope_summary(self):
        self.assertEqual(self.rule.scope_summary, "Everyone")
        self.assertEqual(self.rule.weight_total, 100)
