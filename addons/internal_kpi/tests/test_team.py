# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The manager's team view, with each colleague's scorecard state and band."""

from odoo.tests import tagged

from .common import CycleCase


@tagged("post_install", "-at_install")
class TestTeamScorecards(CycleCase):
    def test_the_team_view_shows_the_scorecard_state_and_band(self):
        self._run_campaign()
        self.cycle.action_start()
        card = self._card(self.cycle, self.ivy)
        self._fill_manual(card, obj=80, lead=5)
        data = (
            self.env["internal.customer.team"]
            .with_user(self.user_it_lead)
            .get_team(campaign_id=self.campaign.id)
        )
        self.assertEqual([c["key"] for c in data["columns"]], ["scorecard", "band"])
        ivy = next(row for row in data["rows"] if row["name"] == "Ivy IT")
        self.assertEqual(ivy["index"], 75.0)
        self.assertEqual(ivy["scorecard"], "Draft")
        self.assertEqual(ivy["band"], "Meets expectations")
        self.assertEqual(ivy["scorecard_id"], card.id)

    def test_a_colleague_without_a_scorecard_shows_none(self):
        self._run_campaign()
        data = (
            self.env["internal.customer.team"]
            .with_user(self.user_it_lead)
            .get_team(campaign_id=self.campaign.id)
        )
        ivy = next(row for row in data["rows"] if row["name"] == "Ivy IT")
        self.assertEqual((ivy["scorecard"], ivy["band"]), ("", ""))
