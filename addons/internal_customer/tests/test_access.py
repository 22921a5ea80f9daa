# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import InternalCustomerCase


@tagged("post_install", "-at_install")
class TestAnonymityAndAccess(InternalCustomerCase):
    """Nobody but the rater reads a rating; results follow the hierarchy."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for customer in cls.sales:
            cls._relation(cls.ivy, customer)
        cls.campaign = cls._campaign()
        cls.campaign.action_launch()
        cls.ratings = (
            cls.env["internal.customer.rating"]
            .sudo()
            .search([("campaign_id", "=", cls.campaign.id)])
        )

    def _answer_and_close(self):
        for score, rating in zip((2, 3, 4, 4), self.ratings, strict=True):
            self._rate(rating, score, positive=f"note from {rating.rater_id.name}")
        self.campaign.action_close()

    def _assert_cannot_read_ratings(self, user):
        Rating = self.env["internal.customer.rating"].with_user(user)
        Line = self.env["internal.customer.rating.line"].with_user(user)
        self.assertFalse(Rating.search([]))
        self.assertEqual(Rating.search_count([("ratee_id", "=", self.ivy.id)]), 0)
        self.assertFalse(Line.search([]))
        self.assertFalse(
            Rating.read_group([], ["rater_id"], ["rater_id"]),
            "group by rater shows nothing",
        )
        with self.assertRaises(AccessError):
            Rating.browse(self.ratings.ids).read(["rater_id", "state"])
        with self.assertRaises(AccessError):
            Line.browse(self.ratings.line_ids.ids).read(["score"])
        if user in (self.user_hr | self.user_hr_admin):  # those may export
            with self.assertRaises(AccessError):
                Rating.browse(self.ratings.ids).export_data(
                    ["rater_id/name", "line_ids/score"]
                )

    def test_ratee_hr_and_managers_cannot_read_ratings(self):
        self._answer_and_close()
        (self.user_hr | self.user_hr_admin).groups_id |= self.env.ref(
            "base.group_allow_export"
        )
        for user in (
            self.user_ivy,  # the ratee
            self.user_it_lead,  # her manager
            self.user_boss,  # the manager above
            self.user_hr,  # HR officer
            self.user_hr_admin,  # HR administrator
        ):
            with self.subTest(user=user.login):
                self._assert_cannot_read_ratings(user)

    def test_rater_reads_only_own_ratings(self):
        mine = self.env["internal.customer.rating"].with_user(self.user_sam).search([])
        self.assertEqual(mine.rater_id, self.sam)
        self.assertEqual(len(mine), 1)
        other = self.ratings.filtered(lambda r: r.rater_id == self.sue)
        with self.assertRaises(AccessError):
            other.with_user(self.user_sam).read(["line_ids"])

    def test_hr_sees_counts_never_names(self):
        self._rate(self.ratings[0], 3)
        campaign = self.campaign.with_user(self.user_hr)
        self.assertEqual(campaign.submitted_count, 1)
        self.assertEqual(campaign.pending_count, 3)
        self.assertFalse(campaign.request_ids, "one2many filtered by the rater rule")
        # Nothing about a rater reaches the campaign's chatter
        bodies = " ".join(campaign.message_ids.mapped("body"))
        for rater in self.sales:
            self.assertNotIn(rater.name, bodies)

    def test_results_follow_publication_and_hierarchy(self):
        self._answer_and_close()
        Result = self.env["internal.customer.result"]
        ivy_domain = [("employee_id", "=", self.ivy.id)]
        # Closed, not published: the ratee waits, her managers and HR see it
        self.assertFalse(Result.with_user(self.user_ivy).search(ivy_domain))
        self.assertTrue(Result.with_user(self.user_it_lead).search(ivy_domain))
        self.assertTrue(Result.with_user(self.user_boss).search(ivy_domain))
        self.assertTrue(Result.with_user(self.user_hr).search(ivy_domain))
        # A colleague outside her hierarchy sees nothing
        self.assertFalse(Result.with_user(self.user_sam).search([]))
        self.campaign.action_publish()
        # She is told, by one mail that names nobody
        notice = self.env["mail.mail"].search([("email_to", "=", "ivy@ic.test")])
        self.assertEqual(len(notice), 1)
        for rater in self.sales:
            self.assertNotIn(rater.name, notice.body_html)
        own = Result.with_user(self.user_ivy).search(
            ivy_domain + [("dimension_id", "=", False), ("relation_type", "=", False)]
        )
        self.assertEqual(len(own), 1)
        self.assertAlmostEqual(own.mean, 3.25)
        # She answers her feedback, but cannot touch the figures
        own.response = "Thank you, I will confirm every request the same day."
        with self.assertRaises(UserError):
            own.write({"mean": 5.0})
        self.assertAlmostEqual(own.mean, 3.25)
        # Comments: readable by her, with no author
        comments = own.comment_ids
        self.assertEqual(len(comments), 4)
        self.assertFalse(Result.with_user(self.user_sue).search(ivy_domain))
        self.assertFalse(
            self.env["internal.customer.comment"].with_user(self.user_sue).search([])
        )

    def test_shared_commitments_do_not_share_the_index(self):
        self._answer_and_close()
        self.campaign.action_publish()
        action = self.env["internal.customer.improvement"].create(
            {
                "name": "Confirm every request the same day",
                "employee_id": self.ivy.id,
                "campaign_id": self.campaign.id,
            }
        )
        self.env.invalidate_all()
        self.assertAlmostEqual(
            action.with_user(self.user_ivy).baseline_index, 56.25, places=1
        )
        # Sue reads the commitment (it is shared), never Ivy's index through it
        as_sue = action.with_user(self.user_sue)
        self.assertEqual(as_sue.name, "Confirm every request the same day")
        self.assertFalse(as_sue.baseline_index)

    def test_the_colleague_answers_a_comment_and_nobody_else(self):
        self._answer_and_close()
        comment = self.env["internal.customer.comment"].search(
            [("body", "=", "note from Sam Sales")]
        )
        mine = comment.with_user(self.user_ivy)
        # Not before the campaign is published: she cannot even read it yet
        with self.assertRaises(AccessError):
            mine.write({"answer": "Too early"})
        self.campaign.action_publish()
        self.assertTrue(mine.can_answer)
        action = mine.action_open_answer()
        self.assertEqual((action["res_id"], action["target"]), (comment.id, "new"))
        mine.write({"answer": "Thank you: accounts within two days from now on."})
        self.assertEqual(
            comment.answer, "Thank you: accounts within two days from now on."
        )
        # Nothing else of the comment, and nobody else, not even HR or her lead
        with self.assertRaises(UserError):
            mine.write({"body": "Everything was perfect"})
        for user in (self.user_it_lead, self.user_hr, self.user_sam):
            with self.assertRaises(AccessError):
                comment.with_user(user).write({"answer": "Not mine to answer"})
        self.assertEqual(comment.body, "note from Sam Sales")
        # Her lead reads the answer
        self.assertEqual(
            comment.with_user(self.user_it_lead).answer,
            "Thank you: accounts within two days from now on.",
        )

    def test_redaction_keeps_the_original_for_the_administrator(self):
        self._answer_and_close()
        comment = self.env["internal.customer.comment"].search(
            [("body", "=", "note from Sam Sales")]
        )
        # The button asks why (a short list) and to confirm, in a dialog
        action = comment.with_user(self.user_hr).action_redact()
        self.assertFalse(comment.redacted)
        dialog = (
            self.env[action["res_model"]]
            .with_user(self.user_hr)
            .with_context(**action["context"])
            .create({"reason": "third_party"})
        )
        self.assertEqual(dialog.comment_ids, comment)
        dialog.action_redact()
        self.assertTrue(comment.redacted)
        # The colleague reads a neutral notice, never the reason or who
        self.assertEqual(comment.body, "One comment was removed by HR.")
        self.assertEqual(comment.redaction_reason, "Targets another person by name")
        mine = comment.with_user(self.user_ivy)
        self.assertEqual(mine.body, "One comment was removed by HR.")
        for name in ("redaction_reason", "redacted_by_id", "redaction_date"):
            with self.assertRaises(AccessError):
                mine.read([name])
        # Only a reason from the list; a context key sets nothing
        other = self.env["internal.customer.comment"].search(
            [("redacted", "=", False)], limit=1
        )
        with self.assertRaises(UserError):
            other.with_user(self.user_hr).action_redact("because")
        other.with_user(self.user_hr).with_context(
            redaction_reason="anything"
        ).action_redact()
        self.assertFalse(other.redacted)
        with self.assertRaises(AccessError):
            comment.with_user(self.user_hr).read(["body_original"])
        self.assertEqual(
            comment.with_user(self.user_hr_admin).body_original, "note from Sam Sales"
        )
        with self.assertRaises(AccessError):
            comment.with_user(self.user_ivy).action_redact()

    def test_only_hr_runs_campaigns(self):
        campaign = self._campaign(name="Not yours")
        for method in ("action_launch", "action_close", "action_publish"):
            with self.assertRaises(AccessError):
                getattr(campaign.with_user(self.user_boss), method)()
        self.assertEqual(campaign.state, "draft")
        self.assertFalse(self._ratings(campaign))

    def test_relations_are_visible_to_their_parties_only(self):
        sam_sees = (
            self.env["internal.customer.relation"].with_user(self.user_sam).search([])
        )
        self.assertEqual(sam_sees.customer_id, self.sam)
        lead_sees = (
            self.env["internal.customer.relation"]
            .with_user(self.user_it_lead)
            .search([])
        )
        self.assertEqual(len(lead_sees), 4, "a manager sees the team's edges")


@tagged("post_install", "-at_install")
class TestMultiCompany(InternalCustomerCase):
    def test_companies_are_kept_apart(self):
        other = self.env["res.company"].create({"name": "IC Other Co"})
        foreign = self.env["hr.employee"].create(
            {"name": "Far Away", "company_id": other.id}
        )
        foreign_customer = self.env["hr.employee"].create(
            {"name": "Far Customer", "company_id": other.id}
        )
        rel = self.env["internal.customer.relation"].create(
            {
                "provider_id": foreign.id,
                "customer_id": foreign_customer.id,
                "company_id": other.id,
            }
        )
        campaign = self._campaign(company_id=other.id)
        self.user_hr.company_ids = self.company
        Relation = self.env["internal.customer.relation"].with_user(self.user_hr)
        Campaign = self.env["internal.customer.campaign"].with_user(self.user_hr)
        self.assertNotIn(rel, Relation.search([]))
        self.assertNotIn(campaign, Campaign.search([]))
        with self.assertRaises(AccessError):
            campaign.with_user(self.user_hr).read(["name"])
        # A relation cannot mix companies
        with self.assertRaisesRegex(UserError, "compan"), self.cr.savepoint():
            self.env["internal.customer.relation"].create(
                {"provider_id": foreign.id, "customer_id": self.sam.id}
            )
