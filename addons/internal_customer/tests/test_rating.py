# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .. import guard
from .common import InternalCustomerCase


@tagged("post_install", "-at_install")
class TestRating(InternalCustomerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._relation(cls.ivy, cls.sam, expectation="Laptop ready on day one")
        cls.campaign = cls._campaign(allow_self_rating=True)
        cls.campaign.action_launch()
        cls.rating = (
            cls.env["internal.customer.rating"]
            .sudo()
            .search([("campaign_id", "=", cls.campaign.id), ("is_self", "=", False)])
        )

    def _lines_state(self):
        return [
            (line.dimension_id.id, line.score) for line in self.rating.sudo().line_ids
        ]

    def test_rater_submits(self):
        mine = self.rating.with_user(self.user_sam)
        self.assertEqual(mine.expectation, "Laptop ready on day one")
        self.assertEqual(mine.display_name, "Ivy IT")
        scores = {dim: 4 for dim in self.dimensions}
        scores[self.dim_response] = None  # not applicable
        self._rate(self.rating, scores, positive="Quick and kind")
        self.assertEqual(mine.state, "submitted")
        self.assertTrue(mine.submit_date)
        line = mine.line_ids.filtered(lambda x: x.dimension_id == self.dim_response)
        self.assertFalse(line.score)
        self.env.cr.execute(
            "SELECT score FROM internal_customer_rating_line WHERE id = %s", [line.id]
        )
        self.assertIsNone(self.env.cr.fetchone()[0], "not applicable is NULL, not 0")

    def test_form_on_a_phone_sized_screen(self):
        with Form(self.rating.with_user(self.user_sam)) as form:
            for index in range(len(self.dimensions)):
                with form.line_ids.edit(index) as line:
                    line.score_choice = "3"
            form.comment_positive = "Fine"
        self.rating.with_user(self.user_sam).action_submit()
        self.assertEqual(set(self.rating.line_ids.mapped("score")), {3})

    def test_submitting_thanks_and_opens_the_next_colleague(self):
        # A second colleague to rate in another campaign
        self._relation(self.it_lead, self.sam)
        other = self._campaign(name="Second round")
        other.action_launch()
        mine = self.rating.with_user(self.user_sam)
        mine.line_ids.score = 3
        action = mine.action_submit()
        self.assertEqual(action["tag"], "display_notification")
        # Ivy and Ian in the second round
        self.assertEqual(
            action["params"]["message"], "Thank you. 2 colleagues left to rate."
        )
        following = action["params"]["next"]
        pending = self._ratings(other).with_user(self.user_sam)
        self.assertEqual(following["res_model"], pending._name)
        first = pending.filtered(lambda r: r.id == following["res_id"])
        second = pending - first
        self.assertEqual(len(first), 1)
        self.assertEqual(following["views"], [(False, "form")])
        first.line_ids.score = 3
        action = first.action_submit()
        self.assertEqual(
            action["params"]["message"], "Thank you. One colleague left to rate."
        )
        self.assertEqual(action["params"]["next"]["res_id"], second.id)
        second.decline_reason = "We did not work together"
        action = second.action_decline()
        self.assertIn("you have answered every request", action["params"]["message"])
        # Nothing left: the list of what they answered, not an empty one
        following = action["params"]["next"]
        self.assertEqual(following["res_model"], "internal.customer.rating")
        self.assertEqual(following["context"], {"search_default_filter_done": 1})

    def test_score_outside_the_scale_is_refused(self):
        before = self._lines_state()
        line = self.rating.with_user(self.user_sam).line_ids[0]
        with (
            self.assertRaisesRegex(ValidationError, "from 1 to 5"),
            self.cr.savepoint(),
        ):
            line.score = 6
            line.flush_recordset()
        self.rating.invalidate_recordset()
        self.env["internal.customer.rating.line"].invalidate_model()
        self.assertEqual(self._lines_state(), before)

    def test_extreme_score_needs_a_comment(self):
        with self.assertRaisesRegex(ValidationError, "say why"):
            self._rate(self.rating, 5, positive="", improve="")
        self.assertEqual(self.rating.state, "pending")

    def test_all_not_applicable_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "at least one"):
            self._rate(self.rating, {})
        self.assertEqual(self.rating.state, "pending")

    def test_rating_twice_is_refused(self):
        self._rate(self.rating, 3)
        with self.assertRaisesRegex(UserError, "rated once per campaign"):
            self.rating.with_user(self.user_sam).action_submit()
        with self.assertRaisesRegex(UserError, "rated once per campaign"):
            self.rating.with_user(self.user_sam).line_ids[0].score = 1
        self.assertEqual(set(self.rating.line_ids.mapped("score")), {3})

    def test_rating_a_closed_campaign_is_refused(self):
        self.campaign.action_close()
        self.assertEqual(self.rating.state, "expired")
        with self.assertRaises(UserError):
            self.rating.with_user(self.user_sam).write({"comment_positive": "late"})
        self.assertFalse(self.rating.comment_positive)

    def test_rating_after_the_deadline_is_refused(self):
        # The deadline passes (an open campaign's deadline only moves later)
        with self.assertRaisesRegex(UserError, "today or later"):
            self.campaign.deadline = self.today - timedelta(days=1)
        self.env.cr.execute(
            "UPDATE internal_customer_campaign SET deadline = %s WHERE id = %s;"
            "UPDATE internal_customer_rating SET deadline = %s WHERE campaign_id = %s",
            [self.today - timedelta(days=1), self.campaign.id] * 2,
        )
        self.env.invalidate_all()
        self.assertEqual(self.rating.deadline, self.campaign.deadline)
        with self.assertRaisesRegex(UserError, "deadline"):
            self._rate(self.rating, 3)
        self.assertEqual(self.rating.state, "pending")

    def test_decline_needs_a_reason(self):
        mine = self.rating.with_user(self.user_sam)
        with self.assertRaisesRegex(UserError, "Decline Reason"):
            mine.action_decline()
        mine.decline_reason = "We did not work together"
        mine.action_decline()
        self.assertEqual(mine.state, "declined")
        self.assertEqual(
            mine.action_open_next()["res_model"], "internal.customer.rating"
        )

    def test_rating_yourself_outside_a_self_rating_is_refused(self):
        # Even the launch (the only code allowed to create requests) cannot
        # make a rater rate themselves outside a self-rating.
        Rating = guard.unlocked(self.env["internal.customer.rating"].sudo())
        count = Rating.search_count([])
        with self.assertRaises(ValidationError), self.cr.savepoint():
            Rating.create(
                {
                    "campaign_id": self.campaign.id,
                    "rater_id": self.sam.id,
                    "ratee_id": self.sam.id,
                    "is_self": False,
                    "company_id": self.company.id,
                }
            )
        self.assertEqual(Rating.search_count([]), count)

    def test_self_rating_is_answered_by_the_ratee(self):
        own = self.env["internal.customer.rating"].with_user(self.user_ivy).search([])
        self.assertEqual(len(own), 1)
        self.assertTrue(own.is_self)
        self._rate(own, 4)
        self.assertEqual(own.state, "submitted")

    def test_employees_cannot_create_ratings(self):
        with self.assertRaises(AccessError), self.cr.savepoint():
            self.env["internal.customer.rating"].with_user(self.user_sam).create(
                {
                    "campaign_id": self.campaign.id,
                    "rater_id": self.sam.id,
                    "ratee_id": self.sue.id,
                    "company_id": self.company.id,
                    "line_ids": [Command.create({"dimension_id": self.dim_quality.id})],
                }
            )

    def test_commitments_show_on_the_next_campaign(self):
        earlier = self._campaign(name="Earlier")
        self.env["internal.customer.improvement"].create(
            {
                "name": "Laptops imaged before the start date",
                "employee_id": self.ivy.id,
                "campaign_id": earlier.id,
            }
        )
        self.env.invalidate_all()
        mine = self.rating.with_user(self.user_sam)
        self.assertEqual(
            mine.commitment_ids.mapped("name"), ["Laptops imaged before the start date"]
        )
        # What the form reads, through the web client's own path
        data = mine.web_read({"commitment_ids": {"fields": {"name": {}, "state": {}}}})
        self.assertEqual(
            data[0]["commitment_ids"][0]["name"], "Laptops imaged before the start date"
        )
