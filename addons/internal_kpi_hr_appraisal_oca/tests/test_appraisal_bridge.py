# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.internal_kpi.tests.common import KpiCase


@tagged("post_install", "-at_install")
class TestAppraisalBridge(KpiCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for customer in cls.sales:
            cls._relation(cls.ivy, customer)
        campaign = cls._campaign()
        campaign.action_launch()
        for rating in campaign.sudo().request_ids:
            rating.line_ids.score = 4
            rating.comment_positive = "ok"
            rating.action_submit()
        campaign.action_close()
        cls.cycle = cls._cycle(
            employee_ids=[Command.set(cls.ivy.ids)],
            campaign_ids=[Command.set(campaign.ids)],
        )
        cls.cycle.action_start()
        cls.card = cls.cycle.scorecard_ids
        cls.card.line_ids.filtered(lambda x: x.kind == "manual").actual = 100
        cls.appraisal = cls.env["hr.appraisal"].create(
            {"employee_id": cls.ivy.id, "date_close": cls.cycle.date_end}
        )

    def test_appraisal_shows_the_scorecard(self):
        self.assertEqual(self.appraisal.ic_scorecard_id, self.card)
        # By hand: internal customers 75 of a target of 75 (100 %), objectives
        # 100 of 100 (100 %), lead time 100 days for a target of 4 (4 %):
        # 0.4 * 100 + 0.3 * 100 + 0.3 * 4 = 71.2, band from 60 to 75
        self.assertAlmostEqual(self.appraisal.ic_final_score, 71.2)
        self.assertAlmostEqual(self.appraisal.ic_internal_index, 75.0)
        self.assertEqual(self.appraisal.ic_internal_rater_count, 4)
        self.assertEqual(self.appraisal.ic_band, "Partly meets expectations")
        action = self.appraisal.action_open_ic_scorecard()
        self.assertEqual(action["res_id"], self.card.id)

    def test_the_scorecard_rules_apply_through_the_appraisal(self):
        # Before submission the employee cannot see her scorecard, here either
        as_ivy = self.appraisal.with_user(self.user_ivy)
        self.assertFalse(as_ivy.ic_scorecard_id)
        self.card.action_submit()
        as_ivy.invalidate_recordset()
        self.assertEqual(as_ivy.ic_scorecard_id, self.card)

    def test_appraisal_outside_any_cycle_takes_the_latest(self):
        older = self._cycle(
            name="Last year",
            date_start=self.cycle.date_start.replace(
                year=self.cycle.date_start.year - 1
            ),
            date_end=self.cycle.date_end.replace(year=self.cycle.date_end.year - 1),
            employee_ids=[Command.set(self.ivy.ids)],
        )
        older.action_start()
        self.assertTrue(older.scorecard_ids)
        other = self.env["hr.appraisal"].create(
            {"employee_id": self.ivy.id, "date_close": "2001-01-01"}
        )
        self.assertEqual(other.ic_scorecard_id, self.card)
        nobody = self.env["hr.appraisal"].create(
            {"employee_id": self.sam.id, "date_close": self.cycle.date_end}
        )
        self.assertFalse(nobody.ic_scorecard_id)
        # No scorecard: blank figures, not zeros
        read = nobody.read(["ic_final_score", "ic_internal_index", "ic_band"])[0]
        self.assertIs(read["ic_final_score"], False)
        self.assertIs(read["ic_internal_index"], False)
        self.assertIs(read["ic_band"], False)

    def test_a_provisional_scorecard_shows_no_band_in_the_appraisal(self):
        self.card.line_ids.filtered(lambda x: x.kind == "manual")[:1].actual = False
        self.appraisal.invalidate_recordset()
        self.assertEqual(self.appraisal.ic_score_status, "provisional")
        self.assertTrue(self.appraisal.ic_final_score)
        self.assertFalse(self.appraisal.ic_band)

    def test_the_appraisal_managers_see_the_linked_scorecard(self):
        # Sue is no manager of Ivy in the org chart, but manages her appraisal
        Scorecard = self.env["internal.kpi.scorecard"]
        self.assertFalse(Scorecard.with_user(self.user_sue).search([]))
        self.appraisal.manager_ids = self.sue
        self.assertEqual(Scorecard.with_user(self.user_sue).search([]), self.card)
        self.assertTrue(self.card.with_user(self.user_sue).line_ids)
        # To read, not to fill: that stays with the org chart and HR
        with self.assertRaises(AccessError):
            self.card.with_user(self.user_sue).write(
                {"adjustment": 5, "adjustment_reason": "appraisal"}
            )
        # An appraisal outside the cycle's dates links nothing
        self.appraisal.date_close = "2001-01-01"
        self.assertFalse(Scorecard.with_user(self.user_sue).search([]))
