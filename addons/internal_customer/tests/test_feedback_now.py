# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Give feedback now: held, unseen by anyone, one per colleague, and counted
as the answer of the next campaign that covers the pair and the day."""

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import InternalCustomerCase


@tagged("post_install", "-at_install")
class TestFeedbackNow(InternalCustomerCase):
    """Ivy serves Sam, Sue and Sid; Sam gives her feedback now."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rel_sam = cls._relation(cls.ivy, cls.sam)
        cls.rel_sue = cls._relation(cls.ivy, cls.sue)
        cls.rel_sid = cls._relation(cls.ivy, cls.sid)
        cls.dim_attitude = cls.env.ref("internal_customer.dimension_attitude")

    def _start(self, relation=None, user=None):
        relation = relation or self.rel_sam
        user = user or relation.customer_id.user_id
        action = relation.with_user(user).action_give_feedback_now()
        return (
            self.env["internal.customer.rating"]
            .with_user(user)
            .browse(action["res_id"])
        )

    def _give(self, scores=4, positive="Quick fix of my laptop", relation=None):
        rating = self._start(relation)
        lines = []
        for line in rating.line_ids:
            score = scores if isinstance(scores, int) else scores.get(line.dimension_id)
            lines.append(
                Command.update(line.id, {"score_choice": str(score) if score else "na"})
            )
        rating.write({"line_ids": lines, "comment_positive": positive})
        rating.action_give()
        return rating

    def _db_date(self, rating, value):
        rating.env.flush_all()
        self.env.cr.execute(
            "UPDATE internal_customer_rating SET submit_date = %s WHERE id = %s",
            [value, rating.id],
        )
        rating.invalidate_recordset()

    def test_feedback_is_held_on_the_company_dimensions(self):
        messages = self.env["mail.message"].search([], order="id desc", limit=1).id
        rating = self._give({self.dim_quality: 5, self.dim_response: 4})
        self.assertEqual(rating.state, "held")
        self.assertFalse(rating.campaign_id)
        self.assertEqual(rating.ratee_id, self.ivy)
        self.assertEqual(
            rating.line_ids.dimension_id,
            self.env["internal.customer.dimension"].search([]),
        )
        self.assertEqual(
            self.rel_sam.with_user(self.user_sam).my_feedback_state, "held"
        )
        # Nothing is posted, sent or scheduled about it
        self.assertFalse(self.env["mail.message"].search([("id", ">", messages)]))
        self.assertFalse(
            self.env["mail.activity"].search(
                [("res_model", "=", rating._name), ("res_id", "=", rating.id)]
            )
        )

    def test_the_same_rules_as_a_campaign_answer(self):
        rating = self._start()
        with self.assertRaisesRegex(ValidationError, "at least one dimension"):
            rating.action_give()
        rating.write(
            {"line_ids": [Command.update(rating.line_ids[0].id, {"score_choice": "5"})]}
        )
        with self.assertRaisesRegex(ValidationError, "say why"):
            rating.action_give()
        rating.comment_improve = "Nothing, it was perfect"
        rating.action_give()
        # Held: it no longer changes, and giving again opens the same one
        with self.assertRaisesRegex(UserError, "held for the next campaign"):
            rating.comment_improve = "Changed my mind"
        self.assertEqual(self._start(), rating)
        self.assertEqual(
            self.env["internal.customer.rating"].search_count(
                [("rater_id", "=", self.sam.id), ("campaign_id", "=", False)]
            ),
            1,
        )

    def test_nobody_but_the_rater_learns_it_exists(self):
        rating = self._give()
        admin = self.env.ref("base.user_admin")
        for user in (
            self.user_ivy,
            self.user_it_lead,
            self.user_boss,
            self.user_hr,
            self.user_hr_admin,
            admin,
            self.user_sue,
        ):
            Rating = self.env["internal.customer.rating"].with_user(user)
            self.assertFalse(Rating.search([("campaign_id", "=", False)]), user.login)
            with self.assertRaises(AccessError, msg=user.login):
                Rating.browse(rating.id).read(["state"])
            # The relation does not say it either, to whoever may read it
            relation = self.rel_sam.with_user(user)
            if relation.search_count([("id", "=", relation.id)]):
                self.assertFalse(relation.my_feedback_state, user.login)
        # Another colleague cannot act on it
        with self.assertRaises(AccessError):
            rating.with_user(self.user_sue).action_withdraw()

    def test_only_a_customer_on_an_approved_relation_gives_it(self):
        with self.assertRaisesRegex(UserError, "serves you"):
            self.rel_sam.with_user(self.user_ivy).action_give_feedback_now()
        proposed = self._relation(self.sam, self.sue, state="proposed")
        with self.assertRaisesRegex(UserError, "approved relation"):
            proposed.with_user(self.user_sue).action_give_feedback_now()
        with self.assertRaises(UserError):
            self.env["internal.customer.rating"].with_user(self.user_sam).create(
                {
                    "rater_id": self.sam.id,
                    "ratee_id": self.ivy.id,
                    "state": "held",
                    "company_id": self.company.id,
                }
            )

    def test_the_next_campaign_counts_it_with_everyone_else(self):
        rating = self._give({self.dim_quality: 5, self.dim_response: 4})
        sue_rating = self._give(3, positive="", relation=self.rel_sue)
        campaign = self._campaign(
            dimension_ids=[Command.set((self.dim_quality | self.dim_attitude).ids)]
        )
        campaign.action_launch()
        ratings = self._ratings(campaign, self.ivy)
        self.assertEqual(len(ratings), 3)
        adopted = ratings.filtered(lambda r: r.state == "submitted")
        self.assertEqual(adopted, rating | sue_rating)
        self.assertEqual(set(adopted.mapped("given_early")), {True})
        # Both stamped with the launch, not the day they were given
        self.assertEqual(len(set(adopted.mapped("submit_date"))), 1)
        self.assertEqual(
            set(adopted.mapped("create_date")), set(adopted.mapped("submit_date"))
        )
        # The campaign's dimensions: quality kept, responsiveness dropped,
        # attitude added as not applicable
        sam_lines = {line.dimension_id: line.score for line in rating.sudo().line_ids}
        self.assertEqual(sam_lines, {self.dim_quality: 5, self.dim_attitude: False})
        self.assertEqual(rating.sudo().comment_positive, "Quick fix of my laptop")
        # Sid still has to answer; Sam and Sue are not asked again
        pending = ratings.filtered(lambda r: r.state == "pending")
        self.assertEqual(pending.rater_id, self.sid)
        self._rate(pending, 4)
        campaign.action_close()
        result = self.env["internal.customer.result"].search(
            [
                ("campaign_id", "=", campaign.id),
                ("employee_id", "=", self.ivy.id),
                ("dimension_id", "=", False),
                ("relation_type", "=", False),
            ]
        )
        self.assertEqual(result.rater_count, 3)
        # Quality (weight 1): Sam 5, Sue 3, Sid 4; attitude (0.5): Sue 3, Sid 4
        self.assertAlmostEqual(result.mean, (5 + 3 + 4 + 0.5 * (3 + 4)) / 4)
        # Given again after: a new one, for the next campaign
        self.assertNotEqual(self._start(), rating)

    def test_feedback_outside_the_period_waits_for_its_campaign(self):
        rating = self._give()
        self._db_date(rating, fields.Datetime.now() + timedelta(days=3))
        campaign = self._campaign()  # its period ends today
        campaign.action_launch()
        request = self._ratings(campaign, self.ivy).filtered(
            lambda r: r.rater_id == self.sam
        )
        self.assertEqual(request.state, "pending")
        rating.invalidate_recordset()
        self.assertEqual(rating.state, "held")
        self.assertFalse(rating.campaign_id)

    def test_an_open_request_is_answered_there(self):
        campaign = self._campaign()
        campaign.action_launch()
        request = self._ratings(campaign, self.ivy).filtered(
            lambda r: r.rater_id == self.sam
        )
        self.assertEqual(self._start(), request)

    def test_withdrawn_before_a_campaign_and_back_if_the_launch_is_undone(self):
        other = self._give(relation=self.rel_sue)
        other.action_withdraw()
        self.assertFalse(other.exists())
        rating = self._give()
        campaign = self._campaign()
        campaign.action_launch()
        rating.invalidate_recordset()
        self.assertEqual(rating.campaign_id, campaign)
        # Back to draft (before any invitation): the feedback is held again,
        # within the period, and the next launch counts it
        campaign.with_user(self.user_hr).action_reset_draft()
        rating.invalidate_recordset()
        self.assertEqual(
            (rating.state, rating.campaign_id), ("held", campaign.browse())
        )
        campaign.action_launch()
        rating.invalidate_recordset()
        self.assertEqual((rating.state, rating.campaign_id), ("submitted", campaign))
        # Adopted: no longer withdrawable
        with self.assertRaisesRegex(UserError, "before a campaign counts it"):
            rating.action_withdraw()


@tagged("post_install", "-at_install")
class TestRollingResults(TestFeedbackNow):
    """The company prefers rolling results: feedback given now counts as soon
    as three colleagues gave it on the same colleague."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.ic_held_release = "rolling"
        cls.rel_ian = cls._relation(cls.it_lead, cls.sam)
        cls.rel_ian_sue = cls._relation(cls.it_lead, cls.sue)

    def _release(self):
        self.env["internal.customer.campaign"]._cron_release_rolling()
        return self.env["internal.customer.campaign"].search(
            [("is_rolling", "=", True)]
        )

    def test_three_raters_release_a_rolling_result_two_wait(self):
        mine = self._give({self.dim_quality: 5, self.dim_response: 4})
        self._give(3, positive="", relation=self.rel_sue)
        self.assertFalse(self._release())  # two raters: nothing yet
        self._give(4, positive="", relation=self.rel_sid)
        # Ian has two: his stay held
        ian = self._give(4, positive="", relation=self.rel_ian)
        self._give(4, positive="", relation=self.rel_ian_sue)
        rolling = self._release()
        self.assertEqual(len(rolling), 1)
        self.assertEqual(rolling.state, "closed")
        self.assertEqual(rolling.employee_ids, self.ivy)
        ratings = self._ratings(rolling)
        self.assertEqual(len(ratings), 3)
        self.assertIn(mine, ratings)
        self.assertEqual(set(ratings.mapped("state")), {"submitted"})
        self.assertEqual(len(set(ratings.mapped("submit_date"))), 1)
        self.assertEqual(set(ratings.mapped("ratee_department_id")), {self.dep_it})
        ian.invalidate_recordset()
        self.assertEqual((ian.state, ian.campaign_id), ("held", rolling.browse()))
        result = self.env["internal.customer.result"].search(
            [
                ("campaign_id", "=", rolling.id),
                ("employee_id", "=", self.ivy.id),
                ("dimension_id", "=", False),
                ("relation_type", "=", False),
            ]
        )
        self.assertTrue(result.visible)
        self.assertEqual(result.rater_count, 3)
        # Nothing sent to anybody: no request, no invitation, no reminder
        self.assertEqual(rolling.request_count, 3)
        self.assertFalse(ratings.filtered(lambda r: r.state == "pending"))
        # Nothing left to release; HR publishes it like any campaign
        self.assertEqual(self._release(), rolling)
        rolling.with_user(self.user_hr).action_publish()
        self.assertEqual(rolling.state, "published")

    def test_a_rolling_result_is_never_what_campaigns_compare_with(self):
        self._give(4)
        self._give(4, positive="", relation=self.rel_sue)
        self._give(4, positive="", relation=self.rel_sid)
        rolling = self._release()
        self.assertFalse(rolling.previous_campaign_id)
        campaign = self._campaign(name="Next")
        campaign.action_launch()
        for rating in self._ratings(campaign):
            self._rate(rating, 3)
        campaign.action_close()
        self.assertFalse(campaign.previous_campaign_id)

    def test_the_default_waits_for_the_next_campaign(self):
        self.company.ic_held_release = "campaign"
        self._give(4)
        self._give(4, positive="", relation=self.rel_sue)
        self._give(4, positive="", relation=self.rel_sid)
        self.assertFalse(self._release())
