# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, tagged

from .common import InternalCustomerCase
from .tour_screenshots import TourScreenshots


@tagged("post_install", "-at_install")
class TestUi(TourScreenshots, HttpCase, InternalCustomerCase):
    browser_size = "1280x800"

    def test_employee_rates_a_colleague(self):
        self._rate_in_the_browser(self)

    @staticmethod
    def _rate_in_the_browser(case):
        """Sam rates Ivy (six dimensions, a comment) in at most 10 taps; Ian is
        next. The tour counts the taps."""
        case._relation(case.ivy, case.sam, expectation="Laptop ready on day one")
        case._relation(case.it_lead, case.sam)
        campaign = case._campaign()
        campaign.action_launch()
        case.assertEqual(len(campaign.dimension_ids), 6)
        case.start_tour(
            "/odoo/action-internal_customer.internal_customer_rating_action_mine",
            "internal_customer_rate_tour",
            login="ic_sam",
        )
        rating = case._ratings(campaign, case.ivy)
        case.assertEqual(rating.state, "submitted")
        case.assertEqual(rating.line_ids.mapped("score"), [4, 5, 4, False, 3, 4])
        case.assertEqual(rating.comment_positive, "Laptops ready before I even asked.")
        case.assertEqual(case._ratings(campaign, case.it_lead).state, "pending")

    def test_employee_gives_feedback_now(self):
        """Sam gives Ivy feedback between campaigns: held, on the company's
        six dimensions; the next campaign counts it."""
        self._relation(self.ivy, self.sam)
        self.start_tour(
            "/odoo/action-internal_customer.internal_customer_relation_action_feedback_now",
            "internal_customer_feedback_now_tour",
            login="ic_sam",
        )
        held = self.env["internal.customer.rating"].search(
            [("rater_id", "=", self.sam.id), ("campaign_id", "=", False)]
        )
        self.assertEqual(held.state, "held")
        self.assertEqual(held.ratee_id, self.ivy)
        self.assertEqual(held.line_ids.mapped("score"), [5, 4, 4, False, 4, 4])
        self.assertEqual(held.comment_positive, "New laptop set up within the hour.")
        campaign = self._campaign()
        campaign.action_launch()
        self.assertEqual(self._ratings(campaign, self.ivy), held)
        self.assertEqual(held.state, "submitted")

    def test_employee_rates_a_colleague_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["internal_customer"], ["zh_CN"], overwrite=True
        )
        self.user_sam.lang = "zh_CN"
        self._relation(self.ivy, self.sam)
        campaign = self._campaign()
        campaign.action_launch()
        self.start_tour(
            "/odoo/action-internal_customer.internal_customer_rating_action_mine",
            "internal_customer_rate_zh_tour",
            login="ic_sam",
        )
        rating = self._ratings(campaign, self.ivy)
        self.assertEqual(rating.state, "submitted")
        self.assertEqual(rating.comment_positive, "笔记本电脑总是提前准备好。")

    def test_manager_approves_a_relation(self):
        relation = self._relation(self.ivy, self.sam, state="proposed")
        self.start_tour(
            "/odoo/action-internal_customer.internal_customer_relation_action_approve",
            "internal_customer_approve_tour",
            login="ic_it_lead",
        )
        self.assertEqual(relation.state, "approved")

    def _published_feedback(self):
        """Ivy's feedback from three colleagues, published; Sam says what to
        improve."""
        for customer in self.sam | self.sue | self.sid:
            self._relation(self.ivy, customer)
        campaign = self._campaign()
        campaign.action_launch()
        for rating in self._ratings(campaign, self.ivy):
            sam = rating.rater_id == self.sam
            self._rate(
                rating,
                3 if sam else 4,
                positive=f"Helpful, says {rating.rater_id.name.split()[0]}",
                improve="Accounts were late twice this spring." if sam else "",
            )
        campaign.action_close()
        campaign.action_publish()
        return campaign

    def test_employee_answers_a_comment(self):
        self._published_feedback()
        self.start_tour(
            "/odoo/action-internal_customer.internal_customer_result_action_mine",
            "internal_customer_feedback_tour",
            login="ic_ivy",
        )
        comment = self.env["internal.customer.comment"].search(
            [("body", "=", "Accounts were late twice this spring.")]
        )
        self.assertEqual(
            comment.answer, "Thank you: accounts within two days from now on."
        )
        others = self.env["internal.customer.comment"].search(
            [("employee_id", "=", self.ivy.id), ("id", "!=", comment.id)]
        )
        self.assertTrue(others)
        self.assertFalse(any(others.mapped("answer")))

    def test_hr_reads_the_results_analysis(self):
        self._published_feedback()
        self.start_tour(
            "/odoo/action-internal_customer.internal_customer_result_action?view_type=pivot",
            "internal_customer_analysis_tour",
            login="ic_hr",
        )

    def test_hr_follows_the_getting_started_checklist(self):
        self.start_tour(
            "/odoo/action-internal_customer.internal_customer_getting_started_action",
            "internal_customer_getting_started_tour",
            login="ic_hr",
        )

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


@tagged("post_install", "-at_install")
class TestUiPhone(TourScreenshots, HttpCase, InternalCustomerCase):
    """The same journeys on a phone (390 x 844, touch)."""

    browser_size = "390x844"
    touch_enabled = True

    def test_employee_rates_a_colleague_on_a_phone(self):
        TestUi._rate_in_the_browser(self)

    def test_manager_approves_a_relation_on_a_phone(self):
        TestUi.test_manager_approves_a_relation(self)

    def test_hr_launches_a_campaign_on_a_phone(self):
        TestUi.test_hr_launches_a_campaign(self)

    def test_hr_follows_the_getting_started_checklist_on_a_phone(self):
        TestUi.test_hr_follows_the_getting_started_checklist(self)

    _published_feedback = TestUi._published_feedback

    def test_employee_answers_a_comment_on_a_phone(self):
        TestUi.test_employee_answers_a_comment(self)
