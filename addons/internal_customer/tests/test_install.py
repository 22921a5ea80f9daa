# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""At-install checks: what a fresh database must hold (and the demo data, when loaded)."""

from odoo.tests import TransactionCase, tagged


@tagged("at_install", "-post_install")
class TestInstall(TransactionCase):
    def test_default_dimensions(self):
        dimensions = self.env["internal.customer.dimension"].search([])
        self.assertGreaterEqual(len(dimensions), 6)
        attitude = self.env.ref("internal_customer.dimension_attitude")
        self.assertLess(attitude.weight, 1, "attitude is not a result: it weighs less")
        self.assertTrue(dimensions.filtered("is_outcome"))
        for dimension in dimensions:
            self.assertTrue(dimension.anchor_low and dimension.anchor_high)

    def test_every_internal_user_is_an_employee_of_the_module(self):
        group = self.env.ref("internal_customer.group_user")
        self.assertIn(group, self.env.ref("base.group_user").implied_ids)
        admin = self.env.ref("internal_customer.group_hr_admin")
        self.assertIn(
            self.env.ref("internal_customer.group_hr_officer"), admin.implied_ids
        )

    def test_crons_are_active(self):
        for xmlid in (
            "internal_customer.ir_cron_send_invitations",
            "internal_customer.ir_cron_process_deadlines",
        ):
            self.assertTrue(self.env.ref(xmlid).active)

    def test_demo_data_tells_a_story(self):
        past = self.env.ref(
            "internal_customer.campaign_past_demo", raise_if_not_found=False
        )
        if not past:
            self.skipTest("installed without demo data")
        self.assertEqual(past.state, "published")
        overall = self.env["internal.customer.result"].search(
            [
                ("campaign_id", "=", past.id),
                ("level", "=", "employee"),
                ("dimension_id", "=", False),
                ("relation_type", "=", False),
            ]
        )
        self.assertTrue(overall.filtered("visible"), "some colleagues have results")
        hidden = overall.filtered(lambda r: not r.visible)
        self.assertTrue(hidden, "and one is below the threshold")
        self.assertFalse(
            hidden.filtered("rater_count"), "without a count that would tell who"
        )
        open_campaign = self.env.ref("internal_customer.campaign_open_demo")
        self.assertEqual(open_campaign.state, "open")
        pending = (
            self.env["internal.customer.rating"]
            .with_user(self.env.ref("base.user_admin"))
            .search([("campaign_id", "=", open_campaign.id), ("state", "=", "pending")])
        )
        self.assertGreaterEqual(len(pending), 3, "the admin has colleagues to rate")
        proposed = self.env["internal.customer.relation"].search(
            [("state", "=", "proposed")]
        )
        self.assertTrue(proposed, "a relation waits for approval")
