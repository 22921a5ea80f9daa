# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

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
        with self.assertRaisesRegex(UserError, "applies only when it is proposed"):
            rel.with_user(self.user_hr).action_approve()

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
