# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.tests import HttpCase, tagged

from odoo.addons.internal_customer.tests.tour_screenshots import TourScreenshots

from .common import KpiCase


@tagged("post_install", "-at_install")
class TestKpiUi(TourScreenshots, HttpCase, KpiCase):
    browser_size = "1280x800"

    def test_hr_creates_a_weighting_rule(self):
        self.start_tour(
            "/odoo/action-internal_kpi.internal_kpi_weighting_rule_action",
            "internal_kpi_rule_tour",
            login="ic_hr",
        )
        rule = self.env["internal.kpi.weighting.rule"].search(
            [("name", "=", "Tour rule")]
        )
        self.assertEqual(len(rule.line_ids), 2)
        self.assertEqual(sorted(rule.line_ids.mapped("weight")), [40, 60])

    def _submitted_cycle(self):
        cycle = self._cycle(employee_ids=[Command.set(self.ivy.ids)])
        cycle.action_start()
        return cycle, cycle.scorecard_ids

    def test_manager_reviews_and_submits_a_scorecard(self):
        _cycle, card = self._submitted_cycle()
        self.start_tour(
            "/odoo/action-internal_kpi.internal_kpi_scorecard_action",
            "internal_kpi_review_tour",
            login="ic_it_lead",
        )
        self.assertEqual(card.state, "submitted")
        lines = {line.kpi_id: line for line in card.line_ids}
        self.assertAlmostEqual(lines[self.kpi_obj].actual, 90)
        self.assertAlmostEqual(lines[self.kpi_lead].actual, 4)

    def test_employee_acknowledges_a_scorecard(self):
        _cycle, card = self._submitted_cycle()
        card.line_ids.filtered(lambda x: x.kind == "manual").actual = 80
        card.action_submit()
        self.start_tour(
            "/odoo/action-internal_kpi.internal_kpi_scorecard_action_mine",
            "internal_kpi_acknowledge_tour",
            login="ic_ivy",
        )
        self.assertTrue(card.acknowledged)
        self.assertEqual(card.employee_comment, "Fair, thank you.")


@tagged("post_install", "-at_install")
class TestKpiUiPhone(TourScreenshots, HttpCase, KpiCase):
    """The employee's and the manager's journeys on a phone (390 x 844, touch):
    scorecards and their KPIs as cards, a KPI's value in a dialog, Submit and
    Acknowledge in view."""

    browser_size = "390x844"
    touch_enabled = True
    _submitted_cycle = TestKpiUi._submitted_cycle

    def test_employee_acknowledges_a_scorecard_on_a_phone(self):
        TestKpiUi.test_employee_acknowledges_a_scorecard(self)

    def test_manager_reviews_and_submits_a_scorecard_on_a_phone(self):
        _cycle, card = self._submitted_cycle()
        self.start_tour(
            "/odoo/action-internal_kpi.internal_kpi_scorecard_action",
            "internal_kpi_review_phone_tour",
            login="ic_it_lead",
        )
        self.assertEqual(card.state, "submitted")
        lines = {line.kpi_id: line for line in card.line_ids}
        self.assertAlmostEqual(lines[self.kpi_obj].actual, 90)
        self.assertAlmostEqual(lines[self.kpi_lead].actual, 4)
