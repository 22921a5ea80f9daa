# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A rater's screens cost a fixed number of queries, whatever the company size."""

from odoo import Command
from odoo.tests import tagged

from .common import InternalCustomerCase

# What the kanban and list of "My Ratings to Give" read
LIST_SPEC = {
    "ratee_id": {"fields": {"display_name": {}}},
    "display_name": {},
    "ratee_job_title": {},
    "ratee_image": {},
    "service_name": {},
    "relation_type": {},
    "campaign_id": {"fields": {"display_name": {}}},
    "deadline": {},
    "state": {},
}


@tagged("post_install", "-at_install")
class TestRaterQueries(InternalCustomerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.campaign = cls._campaign()
        for provider in (cls.ivy, cls.it_lead, cls.boss):
            cls._relation(provider, cls.sam)

    def _count(self, function):
        """Queries run by ``function``, writes flushed, record caches empty."""
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        function()
        self.env.flush_all()
        return self.cr.sql_log_count - before

    def _submit(self, rating):
        rating.write(
            {
                "line_ids": [
                    Command.update(line.id, {"score_choice": "4"})
                    for line in rating.line_ids
                ],
                "comment_positive": "Quick and kind",
            }
        )
        rating.action_submit()

    def _list_and_submit(self, campaign):
        """Queries of Sam's list, and of a submit, each measured right after the
        same operation once (as the session of a user already at work)."""
        campaign.action_launch()
        Rating = self.env["internal.customer.rating"].with_user(self.user_sam)
        domain = [
            ("rater_id.user_id", "=", self.user_sam.id),
            ("state", "=", "pending"),
        ]
        page = {}

        def listing():
            page.update(Rating.web_search_read(domain, LIST_SPEC, limit=80))

        self._count(listing)
        listed = self._count(listing)
        mine = Rating.search(domain + [("campaign_id", "=", campaign.id)], limit=2)
        self._count(lambda: self._submit(mine[0]))
        submitted = self._count(lambda: self._submit(mine[1]))
        self.assertEqual(mine.mapped("state"), ["submitted", "submitted"])
        return listed, submitted, page["length"]

    def test_my_ratings_and_a_submit_cost_the_same_in_a_larger_company(self):
        small = self._list_and_submit(self.campaign)
        # Forty more colleagues, each serving Sue, in a second campaign
        providers = self.env["hr.employee"].create(
            [{"name": f"Provider {i}"} for i in range(40)]
        )
        for provider in providers:
            self._relation(provider, self.sue)
            self._relation(provider, self.sam)
        large = self._list_and_submit(self._campaign(name="Larger"))
        self.assertGreater(large[2], small[2], "more requests in the list")
        for label, few, many in zip(("list", "submit"), small, large, strict=False):
            with self.subTest(step=label):
                self.assertLessEqual(few, 30)
                self.assertLessEqual(many, 30)
                self.assertEqual(few, many, "the count grows with the company")
