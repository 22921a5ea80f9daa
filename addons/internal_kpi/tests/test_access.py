# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import KpiCase


@tagged("post_install", "-at_install")
class TestScorecardAccess(KpiCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cycle = cls._cycle(employee_ids=[Command.set((cls.ivy | cls.sam).ids)])
        cls.cycle.action_start()
        cls.ivy_card = cls.cycle.scorecard_ids.filtered(
            lambda s: s.employee_id == cls.ivy
        )
        cls.sam_card = cls.cycle.scorecard_ids.filtered(
            lambda s: s.employee_id == cls.sam
        )

    def _visible(self, user):
        return (
            self.env["internal.kpi.scorecard"]
            .with_user(user)
            .search([("cycle_id", "=", self.cycle.id)])
        )

    def test_employee_sees_own_scorecard_once_submitted(self):
        self.assertFalse(self._visible(self.user_ivy))
        with self.assertRaises(AccessError):
            self.ivy_card.with_user(self.user_ivy).read(["final_score"])
        self.ivy_card.line_ids.filtered(lambda x: x.kind == "manual").actual = 50
        self.ivy_card.with_user(self.user_it_lead).action_submit()
        self.assertEqual(self._visible(self.user_ivy), self.ivy_card)
        self.assertTrue(self.ivy_card.with_user(self.user_ivy).line_ids)
        # ...but cannot change it beyond acknowledging and commenting
        with self.assertRaises(AccessError):
            self.ivy_card.with_user(self.user_ivy).write({"adjustment": 10})
        with self.assertRaises(AccessError):
            self.ivy_card.line_ids.filtered(lambda x: x.kind == "manual")[0].with_user(
                self.user_ivy
            ).write({"actual": 99})
        # ...and never a colleague's
        self.assertNotIn(self.sam_card, self._visible(self.user_ivy))

    def test_managers_see_their_reports_through_the_hierarchy(self):
        self.assertEqual(self._visible(self.user_it_lead), self.ivy_card)
        self.assertEqual(self._visible(self.user_boss), self.ivy_card | self.sam_card)
        self.assertFalse(self._visible(self.user_sue))
        self.assertEqual(self._visible(self.user_hr), self.ivy_card | self.sam_card)
        # A manager fills manual KPIs of their reports
        line = self.ivy_card.line_ids.filtered(lambda x: x.kpi_id == self.kpi_obj)
        line.with_user(self.user_it_lead).actual = 70
        self.assertAlmostEqual(line.score, 70)
        with self.assertRaises(AccessError):
            self.sam_card.with_user(self.user_it_lead).read(["final_score"])

    def test_employee_cannot_submit_own_scorecard(self):
        self.ivy_card.line_ids.filtered(lambda x: x.kind == "manual").actual = 50
        with self.assertRaises(AccessError):
            self.ivy_card.with_user(self.user_ivy).action_submit()

    def test_only_hr_runs_cycles(self):
        cycle = self._cycle(name="Not yours")
        with self.assertRaises(AccessError):
            cycle.with_user(self.user_boss).action_start()
        self.assertEqual(cycle.state, "draft")
        self.assertFalse(cycle.scorecard_ids)

    def test_analysis_follows_the_same_rules(self):
        # The cycle analysis is a pivot over the scorecards: the same rules
        Scorecard = self.env["internal.kpi.scorecard"]
        groups = Scorecard.with_user(self.user_it_lead).read_group(
            [("cycle_id", "=", self.cycle.id)], ["final_score:avg"], ["employee_id"]
        )
        self.assertEqual([g["employee_id"][0] for g in groups], self.ivy.ids)
        groups = Scorecard.with_user(self.user_hr).read_group(
            [("cycle_id", "=", self.cycle.id)], ["final_score:avg"], ["employee_id"]
        )
        self.assertEqual(
            {g["employee_id"][0] for g in groups}, {self.ivy.id, self.sam.id}
        )

    def test_companies_are_kept_apart(self):
        other = self.env["res.company"].create({"name": "KPI Other Co"})
        cycle = self._cycle(name="Elsewhere", company_id=other.id)
        self.user_hr.company_ids = self.company
        self.assertNotIn(
            cycle, self.env["internal.kpi.cycle"].with_user(self.user_hr).search([])
        )
