# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Scorecards, cycles and rules change only through their actions."""

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.internal_customer.tests.test_multi_company import MultiCompanyCase
from odoo.addons.internal_customer.tests.test_protected import ProtectedCase

from .common import KpiCase


@tagged("post_install", "-at_install")
class TestScorecardForgery(ProtectedCase, KpiCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cycle = cls._cycle(employee_ids=[Command.set((cls.ivy | cls.sam).ids)])
        cls.cycle.action_start()
        cls.card = cls.cycle.scorecard_ids.filtered(lambda s: s.employee_id == cls.ivy)
        cls.other_card = cls.cycle.scorecard_ids - cls.card
        cls.manual = cls.card.line_ids.filtered(lambda x: x.kind == "manual")
        cls.ic_line = cls.card.line_ids - cls.manual

    def _close_cycle(self):
        self.cycle.scorecard_ids.line_ids.filtered(
            lambda x: x.kind == "manual"
        ).actual = 80
        self.cycle.scorecard_ids.action_submit()
        self.cycle.action_review()
        self.cycle.action_done()

    def test_a_manager_cannot_forge_a_scorecard(self):
        lead_card = self.card.with_user(self.user_it_lead)
        for vals in [
            {"state": "done"},
            {"acknowledged": True},
            {"final_score": 100.0},
            {"band": "Outstanding"},
            {"employee_id": self.sam.id},
            {"rule_id": False},
            {"fallback": "neutral"},
            {"internal_index": 99.0},
        ]:
            self._assert_refused(lead_card, vals)
        line = self.manual[0].with_user(self.user_it_lead)
        for vals in [
            {"weight": 90.0},
            {"kpi_id": self.kpi_ic.id},
            {"below_threshold": True},
            {"raw_index": 90.0},
            {"scorecard_id": self.other_card.id},
            {"score": 100.0},
        ]:
            self._assert_refused(line, vals)
        self._assert_refused(self.ic_line.with_user(self.user_it_lead), {"actual": 99})
        # A manager adds no line and deletes none
        with self.assertRaises(UserError), self.cr.savepoint():
            lead_card.write(
                {"line_ids": [Command.create({"kpi_id": self.kpi_obj.id, "weight": 5})]}
            )
        with self.assertRaises(AccessError), self.cr.savepoint():
            self.manual[0].with_user(self.user_hr).unlink()
        # What a manager may do: fill the manual KPIs, adjust with a reason, submit
        line.actual = 80
        lead_card.write({"adjustment": 2, "adjustment_reason": "Covered a leave"})
        self.manual[1].with_user(self.user_it_lead).actual = 4
        lead_card.action_submit()
        self.assertEqual(self.card.state, "submitted")
        self._assert_refused(line, {"actual": 100})
        self._assert_refused(lead_card, {"adjustment": 20})

    def test_the_employee_only_acknowledges_and_comments(self):
        self.manual.actual = 80
        self.card.with_user(self.user_it_lead).action_submit()
        mine = self.card.with_user(self.user_ivy)
        for vals in [{"acknowledged": True}, {"adjustment": 5}, {"state": "done"}]:
            self._assert_refused(mine, vals)
        self._assert_refused(self.manual[0].with_user(self.user_ivy), {"actual": 100})
        mine.employee_comment = "Fair"
        mine.action_acknowledge()
        self.assertTrue(self.card.acknowledged)
        self._assert_refused(mine, {"employee_comment": "Changed my mind"})
        # The manager neither acknowledges nor comments for her
        with self.assertRaises(AccessError):
            self.other_card.with_user(self.user_boss).action_acknowledge()

    def test_a_closed_scorecard_is_locked_for_everyone(self):
        self._close_cycle()
        self.assertEqual(set(self.cycle.scorecard_ids.mapped("state")), {"done"})
        for user in (self.user_ivy, self.user_it_lead, self.user_hr_admin):
            with self.subTest(user=user.login):
                self._assert_refused(
                    self.card.with_user(user), {"employee_comment": "late"}
                )
                self._assert_refused(self.card.with_user(user), {"adjustment": 3})
                self._assert_refused(self.manual[0].with_user(user), {"actual": 1})
        self._assert_refused(self.cycle.with_user(self.user_hr_admin), {"name": "X"})
        self._assert_refused(
            self.cycle.with_user(self.user_hr_admin), {"state": "running"}
        )

    def test_hr_reopens_with_a_reason_in_the_chatter(self):
        self._close_cycle()
        with self.assertRaises(AccessError):
            self.cycle.with_user(self.user_boss).action_reopen()
        action = self.cycle.with_user(self.user_hr).action_reopen()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.user_hr)
            .browse(action["res_id"])
        )
        with self.assertRaisesRegex(UserError, "Say why"):
            wizard.action_confirm()
        wizard.reason = "A manual KPI was entered in the wrong unit"
        wizard.action_confirm()
        self.assertEqual(self.cycle.state, "review")
        self.assertIn("wrong unit", self.cycle.message_ids[0].body)
        self.assertEqual(self.cycle.message_ids[0].author_id, self.user_hr.partner_id)
        # The scorecard stays closed until HR reopens it too
        self.assertEqual(self.card.state, "done")
        action = self.card.with_user(self.user_hr).action_reopen()
        wizard = self.env[action["res_model"]].browse(action["res_id"])
        wizard.with_user(self.user_hr).write({"reason": "Same unit fix"})
        wizard.with_user(self.user_hr).action_confirm()
        self.assertEqual(self.card.state, "draft")
        self.assertFalse(self.card.acknowledged)
        self.assertIn("Same unit fix", self.card.message_ids[0].body)

    def test_states_are_tracked_with_who_and_when(self):
        # The scorecards were created in this transaction, which mail never
        # tracks; a real manager submits in a later request.
        self.env.cr.precommit.clear()
        self.manual.with_user(self.user_it_lead).actual = 80
        self.card.with_user(self.user_it_lead).write(
            {"adjustment": 1.5, "adjustment_reason": "Extra mile"}
        )
        self.card.with_user(self.user_it_lead).action_submit()
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking is written when the request commits
        tracked = self.card.message_ids.tracking_value_ids.field_id.mapped("name")
        for field in ("state", "final_score", "adjustment"):
            self.assertIn(field, tracked)
        # A manual KPI's value is a figure too: its change is in the chatter
        log = self.card.message_ids.filtered(lambda m: "Objectives" in (m.body or ""))
        self.assertTrue(log)
        self.assertEqual(log[0].author_id, self.user_it_lead.partner_id)
        # A client cannot switch tracking off
        card = self.other_card.with_context(tracking_disable=True, mail_notrack=True)
        card.line_ids.filtered(lambda x: x.kind == "manual").actual = 70
        card.with_user(self.user_boss).write(
            {"adjustment": 1, "adjustment_reason": "Helped Ivy"}
        )
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.assertIn(
            "adjustment",
            self.other_card.message_ids.tracking_value_ids.field_id.mapped("name"),
        )

    def test_rule_lines_change_only_through_their_rule(self):
        line = self.rule.line_ids[0]
        for context in [
            {},
            {"ic_rule_lines_batch": True},
            {"internal_kpi_through_rule": 1},
        ]:
            with self.subTest(context=context):
                with self.assertRaisesRegex(UserError, "weighting rule"):
                    line.with_context(**context).weight = 10
        self.assertEqual(line.weight, 40)
        # A rule in use is frozen, its relation weights too
        with self.assertRaisesRegex(UserError, "duplicate the rule"):
            self.rule.write({"fallback": "neutral"})
        with self.assertRaisesRegex(UserError, "duplicate the rule"):
            self.rule.write(
                {"relation_weight_ids": [Command.create({"relation_type": "upward"})]}
            )
        with self.assertRaisesRegex(UserError, "on scorecards"):
            self.kpi_lead.direction = "higher"

    @mute_logger("odoo.sql_db")
    def test_numbers_must_be_numbers(self):
        band = self.env["internal.kpi.band"].search([], limit=1)
        unused = self.env["internal.kpi.definition"].create(
            {"name": "Unused", "code": "T-UNUSED"}
        )
        targets = [
            (self.manual[0].with_user(self.user_it_lead), "actual"),
            (self.card.with_user(self.user_it_lead), "adjustment"),
            (unused, "target"),
            (unused, "max_achievement"),
            (band, "min_score"),
            (self.rule.copy(), "confidence_strength"),
        ]
        for record, field in targets:
            for value in (float("nan"), float("inf"), float("-inf")):
                with self.subTest(model=record._name, field=field, value=value):
                    vals = {field: value}
                    if field == "adjustment":
                        vals["adjustment_reason"] = "why"
                    self._assert_refused(
                        record, vals, fields=[field], error=ValidationError
                    )
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self._rule("NaN rule", float("nan"), 50, 50)


@tagged("post_install", "-at_install")
class TestKpiMultiCompany(MultiCompanyCase, KpiCase):
    def test_every_kpi_model_keeps_companies_apart(self):
        env = self.env(
            context=dict(self.env.context, allowed_company_ids=self.other.ids)
        )
        kpi = env["internal.kpi.definition"].create(
            {"name": "Far KPI", "code": "FAR", "company_id": self.other.id}
        )
        band = env["internal.kpi.band"].create(
            {"name": "Far band", "min_score": 0, "company_id": self.other.id}
        )
        rule = env["internal.kpi.weighting.rule"].create(
            {
                "name": "Far rule",
                "company_id": self.other.id,
                "line_ids": [Command.create({"kpi_id": kpi.id, "weight": 100})],
                "relation_weight_ids": [Command.create({"relation_type": "upward"})],
            }
        )
        cycle = env["internal.kpi.cycle"].create(
            {
                "name": "Far cycle",
                "company_id": self.other.id,
                "date_start": "2026-01-01",
                "date_end": "2026-12-31",
            }
        )
        cycle.action_start()
        self.assertTrue(cycle.scorecard_ids)
        records = {
            "internal.kpi.definition": kpi,
            "internal.kpi.band": band,
            "internal.kpi.weighting.rule": rule,
            "internal.kpi.weighting.rule.line": rule.line_ids,
            "internal.kpi.relation.weight": rule.relation_weight_ids,
            "internal.kpi.cycle": cycle,
            "internal.kpi.scorecard": cycle.scorecard_ids,
            "internal.kpi.scorecard.line": cycle.scorecard_ids.line_ids,
        }
        for user in (self.user_hr, self.user_hr_admin, self.user_boss):
            self._assert_hidden_from(user, records)
