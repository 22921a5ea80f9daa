# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The "My Feedback" page: an employee's own published results as charts,
and nothing of anybody else's."""

from odoo.tests import HttpCase, tagged

from .common import InternalCustomerCase
from .tour_screenshots import TourScreenshots


class MyFeedbackCase(InternalCustomerCase):
    """Ivy and Ian (IT) are rated by Sam, Sue and Sid in two campaigns; Ivy
    rates herself in the second."""

    def _run(self, name, scores, self_score=None):
        campaign = self._campaign(name=name, allow_self_rating=bool(self_score))
        campaign.action_launch()
        for rating in self._ratings(campaign):
            if rating.is_self:
                if self_score:
                    self._rate(rating, self_score)
                continue
            self._rate(rating, scores[rating.ratee_id])
        campaign.action_close()
        campaign.action_publish()
        return campaign

    def _two_campaigns(self):
        for provider in self.ivy | self.it_lead:
            for customer in self.sam | self.sue | self.sid:
                self._relation(provider, customer)
        quality = self.dim_quality
        first = self._run("Spring", {self.ivy: 3, self.it_lead: 4})
        second = self._run(
            "Autumn",
            {self.ivy: {d: 5 if d == quality else 4 for d in self.dimensions}}
            | {self.it_lead: 2},
            self_score=2,
        )
        return first, second

    def _feedback(self, user, **kwargs):
        return (
            self.env["internal.customer.feedback"]
            .with_user(user)
            .get_my_feedback(**kwargs)
        )


@tagged("post_install", "-at_install")
class TestMyFeedback(MyFeedbackCase):
    def test_my_results_by_dimension_against_my_previous_and_myself(self):
        first, second = self._two_campaigns()
        data = self._feedback(self.user_ivy)
        self.assertFalse(data["message"])
        self.assertEqual(data["campaign_id"], second.id)
        self.assertEqual([c["name"] for c in data["campaigns"]], ["Autumn", "Spring"])
        self.assertEqual(data["raters"], 3)
        self.assertEqual(data["previous"], "Spring")
        quality = next(d for d in data["dimensions"] if d["id"] == self.dim_quality.id)
        self.assertEqual(quality["mine"], 100.0)
        self.assertEqual(quality["previous"], 50.0)
        self.assertEqual(quality["self"], 25.0)
        other = next(d for d in data["dimensions"] if d["id"] != self.dim_quality.id)
        self.assertEqual(other["mine"], 75.0)
        self.assertEqual([t["campaign"] for t in data["trend"]], ["Spring", "Autumn"])
        self.assertEqual(data["trend"][0]["index"], 50.0)
        self.assertAlmostEqual(data["change"], data["index"] - 50.0, places=1)
        # The calibrated index beside the raw one, everywhere it is shown
        result = self.env["internal.customer.result"].browse(data["result_id"])
        self.assertEqual(data["index_calibrated"], round(result.index_calibrated, 1))
        self.assertTrue(all(d["calibrated"] is not None for d in data["dimensions"]))
        self.assertTrue(all(t["calibrated"] is not None for t in data["trend"]))
        # An earlier campaign, chosen: its own figures, no self rating then
        spring = self._feedback(self.user_ivy, campaign_id=first.id)
        self.assertEqual(spring["index"], 50.0)
        self.assertIsNone(spring["dimensions"][0]["self"])

    def test_the_company_figure_only_when_it_is_not_one_colleague(self):
        """Two colleagues shown (k = 3): the company's figure minus Ivy's own
        would be Ian's result. It shows from k + 1 colleagues on."""
        self._two_campaigns()
        data = self._feedback(self.user_ivy)
        self.assertIsNone(data["company"])
        self.assertTrue(all(d["company"] is None for d in data["dimensions"]))

    def test_the_company_figure_shows_when_enough_colleagues_make_it(self):
        self.sol.department_id = self.dep_it
        for provider in self.ivy | self.it_lead | self.sue | self.sol:
            for customer in (self.sam | self.sue | self.sid | self.sol) - provider:
                self._relation(provider, customer)
        self._relation(self.sue, self.ivy)
        self._relation(self.sol, self.ivy)
        campaign = self._run(
            "Big", dict.fromkeys(self.sales | self.ivy | self.it_lead, 4)
        )
        data = self._feedback(self.user_ivy, campaign_id=campaign.id)
        self.assertEqual(data["company"], 75.0)
        self.assertEqual(data["dimensions"][0]["company"], 75.0)

    def test_nobody_reads_anybody_else_feedback(self):
        self._two_campaigns()
        for user in (self.user_sam, self.user_boss, self.user_hr):
            data = self._feedback(user)
            self.assertTrue(data["message"], user.login)
            self.assertFalse(data["campaigns"], user.login)
        # Ian's page is Ian's: 25 in autumn, not Ivy's figures
        self.assertEqual(self._feedback(self.user_it_lead)["index"], 25.0)
        # Asking for a campaign by id gives nothing more than one's own
        self.assertEqual(
            self._feedback(self.user_sam, campaign_id=999999)["campaigns"], []
        )

    def test_a_closed_campaign_shows_nothing_until_published(self):
        for customer in self.sam | self.sue | self.sid:
            self._relation(self.ivy, customer)
        campaign = self._campaign()
        campaign.action_launch()
        for rating in self._ratings(campaign):
            self._rate(rating, 4)
        campaign.action_close()
        self.assertTrue(self._feedback(self.user_ivy)["message"])
        campaign.action_publish()
        self.assertEqual(self._feedback(self.user_ivy)["index"], 75.0)

    def test_too_few_answers_says_so_without_figures(self):
        for customer in self.sam | self.sue | self.sid:
            self._relation(self.ivy, customer)
        campaign = self._campaign()
        campaign.action_launch()
        self._rate(self._ratings(campaign, self.ivy)[0], 4)
        campaign.action_close()
        campaign.action_publish()
        data = self._feedback(self.user_ivy)
        self.assertFalse(data["visible"])
        self.assertIsNone(data["index"])
        self.assertIsNone(data["index_calibrated"])
        self.assertIsNone(data["raters"])
        self.assertTrue(all(d["mine"] is None for d in data["dimensions"]))


@tagged("post_install", "-at_install")
class TestMyFeedbackUi(TourScreenshots, HttpCase, MyFeedbackCase):
    browser_size = "1280x800"

    def test_employee_reads_their_feedback_charts(self):
        self._two_campaigns()
        self.start_tour(
            "/odoo/action-internal_customer.internal_customer_my_feedback_action",
            "internal_customer_my_feedback_tour",
            login="ic_ivy",
        )


@tagged("post_install", "-at_install")
class TestMyFeedbackUiPhone(TourScreenshots, HttpCase, MyFeedbackCase):
    browser_size = "390x844"
    touch_enabled = True

    def test_employee_reads_their_feedback_on_a_phone(self):
        self._two_campaigns()
        self.start_tour(
            "/odoo/action-internal_customer.internal_customer_my_feedback_action",
            "internal_customer_my_feedback_phone_tour",
            login="ic_ivy",
        )
