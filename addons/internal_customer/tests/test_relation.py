# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval

from .common import InternalCustomerCase


@tagged("post_install", "-at_install")
class TestServiceMap(InternalCustomerCase):
    def test_employee_proposes_as_customer(self):
        Relation = self.env["internal.customer.relation"].with_user(self.user_sam)
        vals = {
            "provider_id": self.ivy.id,
            "customer_id": self.sam.id,
            "service_name": "laptops",
            "expectation": "Ready on day one",
        }
        # Nobody sets a state by hand, not even at creation
        with self.assertRaisesRegex(UserError, "cannot be set by hand"):
            Relation.create({**vals, "state": "approved"})
        rel = Relation.create(vals)
        self.assertEqual(rel.state, "proposed")
        self.assertEqual(rel.origin, "manual")
        # The provider sees it too ("whom I serve")
        self.assertIn(
            rel,
            self.env["internal.customer.relation"]
            .with_user(self.user_ivy)
            .search([("provider_id.user_id", "=", self.user_ivy.id)]),
        )

    def test_employee_cannot_map_other_colleagues(self):
        Relation = self.env["internal.customer.relation"]
        before = Relation.search_count([])
        with self.assertRaises(AccessError):
            Relation.with_user(self.user_sam).create(
                {"provider_id": self.ivy.id, "customer_id": self.sue.id}
            )
        self.assertEqual(Relation.search_count([]), before)

    def test_relation_with_yourself_is_refused(self):
        Relation = self.env["internal.customer.relation"]
        before = Relation.search_count([])
        with self.assertRaises(ValidationError), self.cr.savepoint():
            Relation.with_user(self.user_sam).create(
                {"provider_id": self.sam.id, "customer_id": self.sam.id}
            )
        self.assertEqual(Relation.search_count([]), before)

    def test_duplicate_edge_is_refused(self):
        self._relation(self.ivy, self.sam)
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.cr.savepoint(),
        ):
            self._relation(self.ivy, self.sam)
        # Another type between the same people is a different edge
        self._relation(self.ivy, self.sam, relation_type="project")

    def test_dates_must_be_ordered(self):
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.cr.savepoint(),
        ):
            self._relation(
                self.ivy, self.sam, date_start="2026-05-01", date_end="2026-04-01"
            )

    def test_provider_manager_approves(self):
        rel = self._relation(self.ivy, self.sam, state="proposed")
        # Sam (the customer) cannot approve his own proposal
        with self.assertRaises(AccessError):
            rel.with_user(self.user_sam).action_approve()
        self.assertEqual(rel.state, "proposed")
        # Ivy's manager can
        self.assertTrue(rel.with_user(self.user_it_lead).can_approve)
        rel.with_user(self.user_it_lead).action_approve()
        self.assertEqual(rel.state, "approved")
        # Approving twice says why
        with self.assertRaisesRegex(UserError, 'applies only in the state "Proposed"'):
            rel.with_user(self.user_hr).action_approve()

    def _propose(self, provider, customer, user, service="laptops"):
        return (
            self.env["internal.customer.relation"]
            .with_user(user)
            .create(
                {
                    "provider_id": provider.id,
                    "customer_id": customer.id,
                    "service_name": service,
                }
            )
        )

    def _todos(self, relations):
        return self.env["mail.activity"].search(
            [("res_model", "=", relations._name), ("res_id", "in", relations.ids)]
        )

    def test_a_proposal_goes_to_the_approving_managers_to_do_list(self):
        rel = self._propose(self.ivy, self.sam, self.user_sam)
        todo = self._todos(rel)
        self.assertEqual(todo.user_id, self.user_it_lead)
        self.assertEqual(todo.summary, "Approve or reject this service relation")
        # A proposal about the manager himself goes one level up
        own = self._propose(self.it_lead, self.sam, self.user_sam, "budgets")
        self.assertEqual(self._todos(own).user_id, self.user_boss)
        # Deciding clears the to-do
        rel.with_user(self.user_it_lead).action_approve()
        self.assertFalse(self._todos(rel))

    def test_to_approve_lists_only_what_i_may_decide(self):
        mine = self._propose(self.ivy, self.sam, self.user_sam)
        # Ian's own proposal (he is a party): not his to decide
        own = self._propose(self.it_lead, self.ivy, self.user_ivy, "budgets")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "internal_customer.internal_customer_relation_action_approve"
        )
        Relation = self.env["internal.customer.relation"].with_user(self.user_it_lead)
        listed = Relation.search(safe_eval(action["domain"]))
        self.assertIn(mine, listed)
        self.assertNotIn(own, listed)

    def test_approve_or_reject_several_at_once(self):
        first = self._propose(self.ivy, self.sam, self.user_sam)
        second = self._propose(self.ivy, self.sue, self.user_sue)
        third = self._propose(self.ivy, self.sid, self.user_sid)
        lead = self.user_it_lead
        both = (first | second).sudo()
        both.with_user(lead).action_approve()
        self.assertEqual(both.mapped("state"), ["approved", "approved"])
        # Rejecting several asks one reason, for all of them
        action = third.with_user(lead).action_reject_several()
        wizard = (
            self.env[action["res_model"]]
            .with_user(lead)
            .with_context(**action["context"])
            .create({"reason": "Sid gets laptops from the regional desk"})
        )
        self.assertEqual(wizard.relation_ids, third)
        wizard.action_reject()
        self.assertEqual(third.state, "rejected")
        self.assertEqual(third.reject_reason, "Sid gets laptops from the regional desk")
        self.assertFalse(self._todos(first | second | third))
        # Nobody rejects through the dialog what they may not decide
        fourth = self._propose(self.ivy, self.sol, self.user_sol)
        with self.assertRaises(AccessError):
            fourth.with_user(self.user_sam).action_reject_several()
        Reject = self.env["internal.customer.relation.reject"].with_user(self.user_sam)
        with self.assertRaises(AccessError):
            Reject.with_context(default_relation_ids=fourth.ids).create(
                {"reason": "no"}
            ).action_reject()
        self.assertEqual(fourth.state, "proposed")

    def test_a_new_relation_has_a_plain_title(self):
        Relation = self.env["internal.customer.relation"]
        self.assertEqual(Relation.new({}).display_name, "New service relation")

    def test_reject_needs_a_reason(self):
        rel = self._relation(self.ivy, self.sam, state="proposed")
        as_lead = rel.with_user(self.user_it_lead)
        with self.assertRaisesRegex(UserError, "reason"):
            as_lead.action_reject()
        self.assertEqual(rel.state, "proposed")
        as_lead.reject_reason = "Ivy does not handle laptops"
        as_lead.action_reject()
        self.assertEqual(rel.state, "rejected")
        # A party cannot quietly edit a decided relation
        with self.assertRaises(UserError):
            rel.with_user(self.user_sam).write({"service_name": "other"})
        rel.with_user(self.user_sam).action_reset_proposed()
        self.assertEqual(rel.state, "proposed")

    def test_employee_cannot_force_state(self):
        rel = self._relation(self.ivy, self.sam, state="proposed")
        with self.assertRaises(UserError):
            rel.with_user(self.user_sam).write({"state": "approved"})
        self.assertEqual(rel.state, "proposed")

    def test_generate_upward_from_org_chart_is_idempotent(self):
        wizard = self.env["internal.customer.relation.generate"].create(
            {"from_org_chart": True, "department_rule_ids": [(5,)]}
        )
        wizard.action_generate()
        upward = self.env["internal.customer.relation"].search(
            [("relation_type", "=", "upward"), ("provider_id", "=", self.boss.id)]
        )
        self.assertEqual(
            upward.customer_id, self.it_lead | self.sales | self.hr_employee
        )
        self.assertTrue(all(r.state == "approved" for r in upward))
        self.assertEqual(set(upward.mapped("origin")), {"org_chart"})
        again = self.env["internal.customer.relation.generate"].create(
            {"from_org_chart": True, "department_rule_ids": [(5,)]}
        )
        again.action_generate()
        self.assertEqual(again.created_count, 0)

    def test_department_rule_expands_with_children(self):
        rule = self.env["internal.customer.department.rule"].create(
            {
                "provider_department_id": self.dep_it.id,
                "customer_department_id": self.dep_sales.id,
                "service_name": "laptops and accounts",
            }
        )
        created = rule._generate_relations()
        # 2 IT employees x 4 sales (2 in a sub-department)
        self.assertEqual(len(created), 8)
        self.assertEqual(created.provider_id, self.it_lead | self.ivy)
        self.assertEqual(created.customer_id, self.sales)
        self.assertEqual(rule.relation_count, 8)
        # A new salesperson arrives: re-running adds only what is missing
        newcomer = self.env["hr.employee"].create(
            {"name": "Nia New", "department_id": self.dep_sales_east.id}
        )
        added = rule._generate_relations()
        self.assertEqual(added.customer_id, newcomer)
        self.assertEqual(len(added), 2)
        rule.include_children = False
        self.assertFalse(rule._generate_relations())

    def test_department_rule_needs_two_departments(self):
        with self.assertRaises(ValidationError):
            self.env["internal.customer.department.rule"].create(
                {
                    "provider_department_id": self.dep_it.id,
                    "customer_department_id": self.dep_it.id,
                    "service_name": "x",
                }
            )

    def test_employee_counts(self):
        self._relation(self.ivy, self.sam)
        self._relation(self.ivy, self.sue)
        self._relation(self.sam, self.ivy, state="proposed")
        self.assertEqual(self.ivy.ic_customer_count, 2)
        self.assertEqual(self.ivy.ic_provider_count, 0)
        action = self.ivy.action_view_ic_customers()
        self.assertEqual(action["domain"], [("provider_id", "=", self.ivy.id)])
