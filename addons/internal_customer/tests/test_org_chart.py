# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Managers by the org chart: the parent_id chain and the department manager
see their team without any product group; a move moves the access."""

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import InternalCustomerCase


@tagged("post_install", "-at_install")
class TestOrgChartManagers(InternalCustomerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Employee = cls.env["hr.employee"]
        # Tess leads a team and has no product group at all
        cls.user_tess = cls._new_user("ic_tess", "base.group_user")
        cls.user_dora = cls._new_user("ic_dora", "base.group_user")
        cls.dep_ops = cls.env["hr.department"].create({"name": "IC Ops"})
        cls.tess = Employee.create(
            {"name": "Tess Lead", "user_id": cls.user_tess.id, "parent_id": cls.boss.id}
        )
        cls.dora = Employee.create(
            {"name": "Dora Ops Head", "user_id": cls.user_dora.id}
        )
        cls.dep_ops.manager_id = cls.dora
        cls.rob = Employee.create(
            {"name": "Rob Report", "parent_id": cls.tess.id}
        )  # direct report
        cls.nia = Employee.create(
            {"name": "Nia Indirect", "parent_id": cls.rob.id}
        )  # indirect report
        cls.olga = Employee.create(
            {"name": "Olga Ops", "department_id": cls.dep_ops.id}
        )  # only linked to Dora by the department
        for ratee in cls.rob | cls.nia | cls.olga:
            cls._relation(ratee, cls.sam)
        cls.campaign = cls._campaign()
        cls.campaign.action_launch()
        cls.campaign.action_close()

    def _results_seen(self, user):
        return (
            self.env["internal.customer.result"]
            .with_user(user)
            .search(
                [("campaign_id", "=", self.campaign.id), ("level", "=", "employee")]
            )
            .employee_id
        )

    def test_team_lead_without_any_group_sees_direct_and_indirect_reports(self):
        self.assertFalse(self.user_tess.has_group("internal_customer.group_manager"))
        self.assertEqual(self._results_seen(self.user_tess), self.rob | self.nia)
        # Direct and indirect: Tess, and Bea above her
        self.assertEqual(self.rob.ic_manager_user_ids, self.user_tess | self.user_boss)
        self.assertEqual(self.nia.ic_manager_user_ids, self.user_tess | self.user_boss)

    def test_department_manager_sees_the_department(self):
        self.assertEqual(self._results_seen(self.user_dora), self.olga)

    def test_moving_an_employee_moves_the_access(self):
        self.nia.parent_id = self.boss
        self.assertEqual(self._results_seen(self.user_tess), self.rob)
        self.assertIn(self.nia, self._results_seen(self.user_boss))
        result = self.env["internal.customer.result"].search(
            [("campaign_id", "=", self.campaign.id), ("employee_id", "=", self.nia.id)],
            limit=1,
        )
        with self.assertRaises(AccessError):
            result.with_user(self.user_tess).read(["display_index"])

    def test_team_lead_approves_the_team_relations(self):
        rel = (
            self.env["internal.customer.relation"]
            .with_user(self.user_sue)
            .create({"provider_id": self.nia.id, "customer_id": self.sue.id})
        )
        self.assertTrue(rel.with_user(self.user_tess).can_approve)
        to_approve = (
            self.env["internal.customer.relation"]
            .with_user(self.user_tess)
            .search([("can_approve", "=", True)])
        )
        self.assertEqual(to_approve, rel)
        with self.assertRaises(AccessError):
            rel.with_user(self.user_dora).action_approve()
        rel.with_user(self.user_tess).action_approve()
        self.assertEqual(rel.state, "approved")

    def test_the_manager_group_adds_departments_headed(self):
        # Dora heads Ops; a sub-department has its own manager
        sub = self.env["hr.department"].create(
            {"name": "IC Ops Night", "parent_id": self.dep_ops.id, "manager_id": False}
        )
        self.olga.write({"department_id": sub.id, "parent_id": False})
        self.assertFalse(self._results_seen(self.user_dora))
        self.user_dora.groups_id |= self.env.ref("internal_customer.group_manager")
        self.assertEqual(self._results_seen(self.user_dora), self.olga)
