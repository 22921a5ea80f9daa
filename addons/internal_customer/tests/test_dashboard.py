# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""HR's campaign dashboard: counts only, for groups of at least the threshold,
day by day; the next reminder on demand, to who has not answered."""

from datetime import timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from .common import InternalCustomerCase, sent_directly
from .tour_screenshots import TourScreenshots


class DashboardCase(InternalCustomerCase):
    """Ivy is rated by the four salespeople (two in Sales, two in Sales
    East), Ian by Ivy; Sam and Sid answered yesterday, Sue today."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for customer in cls.sales:
            cls._relation(cls.ivy, customer)
        cls._relation(cls.it_lead, cls.ivy, relation_type="upward")
        cls.campaign = cls._campaign()
        cls.campaign.action_launch()
        cls.env["internal.customer.campaign"]._cron_send_invitations()

    def _answer(self):
        ratings = self._ratings(self.campaign)
        for rater in self.sam | self.sid | self.sue:
            self._rate(ratings.filtered(lambda r, e=rater: r.rater_id == e), 4)
        today = self.campaign.launch_date
        self.env.cr.execute(
            "UPDATE internal_customer_campaign SET launch_date = %s WHERE id = %s",
            [today - timedelta(days=2), self.campaign.id],
        )
        self.env.cr.execute(
            """UPDATE internal_customer_rating SET submit_date = %s
                WHERE campaign_id = %s AND rater_id = ANY(%s)""",
            [today - timedelta(days=1), self.campaign.id, (self.sam | self.sid).ids],
        )
        self.env.invalidate_all()

    def _dashboard(self, user, **kwargs):
        return (
            self.env["internal.customer.campaign"]
            .with_user(user)
            .get_dashboard(**kwargs)
        )


@tagged("post_install", "-at_install")
class TestDashboard(DashboardCase):
    def test_counts_per_group_day_by_day(self):
        self._answer()
        data = self._dashboard(self.user_hr, campaign_id=self.campaign.id)
        self.assertFalse(data["message"])
        self.assertEqual((data["requests"], data["answered"]), (5, 3))
        # Sales East (2) goes into Sales, IT (1) with the smallest group shown:
        # one group, never a group of fewer than 3 requests
        self.assertEqual(len(data["groups"]), 1)
        group = data["groups"][0]
        self.assertEqual((group["requests"], group["answered"]), (5, 3))
        self.assertIn("IC Sales", group["name"])
        self.assertIn("2 smaller group", group["name"])
        # Three days: none answered, two, three (cumulative, in %)
        self.assertEqual(len(data["days"]), 3)
        self.assertEqual(data["daily"], [0.0, 40.0, 60.0])
        self.assertEqual(group["daily"], [0.0, 40.0, 60.0])
        self.assertTrue(data["can_remind"])

    def test_only_hr_sees_the_dashboard(self):
        for user in (self.user_sam, self.user_boss, self.user_it_lead):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self._dashboard(user)

    def test_a_campaign_under_the_threshold_shows_no_count(self):
        small = self._campaign(
            name="Small",
            employee_ids=[(6, 0, self.it_lead.ids)],
        )
        small.action_launch()
        data = self._dashboard(self.user_hr, campaign_id=small.id)
        self.assertTrue(data["message"])
        self.assertFalse(data["groups"])
        self.assertNotIn("answered", data)

    def test_the_reminder_reaches_who_has_not_answered_once_a_day(self):
        self._answer()
        with sent_directly() as sent:
            action = self.campaign.with_user(self.user_hr).action_send_reminders()
        # Sol (Ivy) and Ivy (Ian) have not answered
        self.assertEqual(
            sorted(to for to, _s, _b in sent), ["ic_sol@ic.test", "ivy@ic.test"]
        )
        # HR is told neither who nor how many
        message = action["params"]["message"]
        self.assertNotIn("2", message.replace(str(self.campaign.max_reminders), ""))
        with sent_directly() as again:
            self.campaign.with_user(self.user_hr).action_send_reminders()
        self.assertFalse(again, "one reminder a day at most")

    def test_reminders_are_for_hr_and_open_campaigns(self):
        with self.assertRaises(AccessError):
            self.campaign.with_user(self.user_sam).action_send_reminders()
        self.campaign.action_close()
        with self.assertRaises(UserError):
            self.campaign.with_user(self.user_hr).action_send_reminders()


@tagged("post_install", "-at_install")
class TestDashboardUi(TourScreenshots, HttpCase, DashboardCase):
    browser_size = "1280x800"

    def test_hr_follows_the_response_and_sends_a_reminder(self):
        self._answer()
        with sent_directly() as sent:
            self.start_tour(
                "/odoo/action-internal_customer.internal_customer_campaign_dashboard_action",
                "internal_customer_dashboard_tour",
                login="ic_hr",
            )
        self.assertEqual(len(sent), 2)


@tagged("post_install", "-at_install")
class TestDashboardUiPhone(TourScreenshots, HttpCase, DashboardCase):
    browser_size = "390x844"
    touch_enabled = True

    def test_hr_reads_the_dashboard_on_a_phone(self):
        self._answer()
        self.start_tour(
            "/odoo/action-internal_customer.internal_customer_campaign_dashboard_action",
            "internal_customer_dashboard_phone_tour",
            login="ic_hr",
        )
