# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The manager's team view: their team's results, nobody else's."""

from odoo.tests import HttpCase, tagged

from .common import InternalCustomerCase
from .tour_screenshots import TourScreenshots


class TeamCase(InternalCustomerCase):
    """Ian leads Ivy (rated by three) and Ina (rated by two: hidden); Bea
    leads Ian and the salespeople. Two campaigns: Ivy goes from 50 to 75."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        user = cls._new_user("ic_ina", "internal_customer.group_user")
        cls.ina = cls.env["hr.employee"].create(
            {
                "name": "Ina IT",
                "user_id": user.id,
                "department_id": cls.dep_it.id,
                "parent_id": cls.it_lead.id,
            }
        )
        for customer in cls.sam | cls.sue | cls.sid:
            cls._relation(cls.ivy, customer)
        for customer in cls.sam | cls.sue:
            cls._relation(cls.ina, customer)

    def _run(self, name, ivy_score):
        campaign = self._campaign(name=name)
        campaign.action_launch()
        for rating in self._ratings(campaign):
            self._rate(rating, ivy_score if rating.ratee_id == self.ivy else 4)
        campaign.action_close()
        return campaign

    def _two_campaigns(self):
        return self._run("Spring", 3), self._run("Autumn", 4)

    def _team(self, user, **kwargs):
        return self.env["internal.customer.team"].with_user(user).get_team(**kwargs)


@tagged("post_install", "-at_install")
class TestTeam(TeamCase):
    def test_the_manager_sees_each_member_with_index_change_and_raters(self):
        spring, autumn = self._two_campaigns()
        data = self._team(self.user_it_lead)
        self.assertFalse(data["message"])
        self.assertEqual(data["campaign_id"], autumn.id)
        rows = {row["name"]: row for row in data["rows"]}
        self.assertEqual(set(rows), {"Ivy IT", "Ina IT"})
        self.assertEqual(rows["Ivy IT"]["index"], 75.0)
        self.assertEqual(rows["Ivy IT"]["change"], 25.0)
        self.assertEqual(rows["Ivy IT"]["raters"], 3)
        # Two raters, under the threshold: no figure, no count
        self.assertIsNone(rows["Ina IT"]["index"])
        self.assertIsNone(rows["Ina IT"]["calibrated"])
        self.assertTrue(0.0 <= rows["Ivy IT"]["calibrated"] <= 100.0)
        self.assertIsNone(rows["Ina IT"]["raters"])
        earlier = self._team(self.user_it_lead, campaign_id=spring.id)
        self.assertEqual(
            {r["name"]: r["index"] for r in earlier["rows"]}["Ivy IT"], 50.0
        )

    def test_nobody_sees_another_team(self):
        self._two_campaigns()
        for user in (self.user_ivy, self.user_sam):
            data = self._team(user)
            self.assertFalse(data["rows"], user.login)
            self.assertTrue(data["message"], user.login)
        # HR reads every result elsewhere, but here only their own team
        self.assertFalse(self._team(self.user_hr)["rows"])
        # Bea leads Ian and the salespeople: the org chart below her, as the
        # results rules have it, never herself
        names = {row["name"] for row in self._team(self.user_boss)["rows"]}
        self.assertEqual(names, {"Ivy IT", "Ina IT"})
        self.assertNotIn("Bea Boss", names)

    def test_an_open_campaign_shows_nothing(self):
        campaign = self._campaign()
        campaign.action_launch()
        self.assertTrue(self._team(self.user_it_lead)["message"])


@tagged("post_install", "-at_install")
class TestTeamUi(TourScreenshots, HttpCase, TeamCase):
    browser_size = "1280x800"

    def test_manager_sorts_the_team_and_opens_a_result(self):
        self._two_campaigns()
        self.start_tour(
            "/odoo/action-internal_customer.internal_customer_team_action",
            "internal_customer_team_tour",
            login="ic_it_lead",
        )


@tagged("post_install", "-at_install")
class TestTeamUiPhone(TourScreenshots, HttpCase, TeamCase):
    browser_size = "390x844"
    touch_enabled = True

    def test_manager_reads_the_team_on_a_phone(self):
        self._two_campaigns()
        self.start_tour(
            "/odoo/action-internal_customer.internal_customer_team_action",
            "internal_customer_team_phone_tour",
            login="ic_it_lead",
        )
