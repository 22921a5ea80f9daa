# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, tagged

from .common import InternalCustomerCase


@tagged("post_install", "-at_install")
class TestUi(HttpCase, InternalCustomerCase):
    def test_employee_rates_a_colleague(self):
        self._relation(self.ivy, self.sam, expectation="Laptop ready on day one")
        campaign = self._campaign()
        campaign.action_launch()
        self.start_tour(
            "/odoo/action-internal_customer.internal_customer_rating_action_mine",
            "internal_customer_rate_tour",
            login="ic_sam",
        )
        rating = self._ratings(campaign)
        self.assertEqual(rating.state, "submitted")
        self.assertEqual(rating.line_ids[0].score, 4)
        self.assertEqual(rating.comment_positive, "Laptops ready before I even asked.")

    def test_manager_approves_a_relation(self):
        relation = self._relation(self.ivy, self.sam, state="proposed")
        self.start_tour(
            "/odoo/action-internal_customer.internal_customer_relation_action_approve",
            "internal_customer_approve_tour",
            login="ic_it_lead",
        )
        self.assertEqual(relation.state, "approved")

    def test_hr_launches_a_campaign(self):
        # Three requests: at the anonymity threshold, so counts are shown
        for customer in self.sam | self.sue | self.sid:
            self._relation(self.ivy, customer)
        self.start_tour(
            "/odoo/action-internal_customer.internal_customer_campaign_action",
            "internal_customer_launch_tour",
            login="ic_hr",
        )
        campaign = self.env["internal.customer.campaign"].search(
            [("name", "=", "Autumn service round")]
        )
        self.assertEqual(campaign.state, "open")
        self.assertEqual(len(self._ratings(campaign)), 3)
