# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Nothing shows who has answered: to-dos and reminders live where only the
rater reads them, HR sees counts only, and only for groups of k or more."""

from datetime import timedelta

from odoo.tests import tagged

from .common import InternalCustomerCase, sent_directly


@tagged("post_install", "-at_install")
class TestParticipation(InternalCustomerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for customer in cls.sales:
            cls._relation(cls.ivy, customer)
        cls._relation(cls.it_lead, cls.ivy, relation_type="upward")
        cls.campaign = cls._campaign()
        cls.campaign.action_launch()
        cls.env["internal.customer.campaign"]._cron_send_invitations()

    def _todos(self, user=None):
        Activity = self.env["mail.activity"]
        if user:
            Activity = Activity.with_user(user)
        return Activity.search(
            [
                ("activity_type_id", "=", self.campaign._rate_activity_type().id),
            ]
        )

    def test_todos_are_readable_by_their_rater_only(self):
        todos = self._todos()
        self.assertEqual(len(todos), 5, "one to-do per rater")
        self.assertEqual(set(todos.mapped("res_model")), {"internal.customer.rating"})
        for user in (self.user_hr, self.user_hr_admin, self.user_boss):
            with self.subTest(user=user.login):
                self.assertFalse(self._todos(user), "HR and managers see no to-do")
        sam_todo = self._todos(self.user_sam)
        self.assertEqual(sam_todo.user_id, self.user_sam)
        # Nobody follows a rating: followers are readable by every employee
        self.assertFalse(
            self.env["mail.followers"].search(
                [("res_model", "=", "internal.customer.rating")]
            )
        )
        # Mails to raters are attached to no record: no chatter shows them
        mails = self.env["mail.mail"].search([("email_to", "=", "ic_sam@ic.test")])
        self.assertTrue(mails)
        self.assertFalse(mails.filtered("model"))
        self.assertFalse(
            self.env["mail.message"]
            .search([("model", "=", "hr.employee"), ("res_id", "in", self.sales.ids)])
            .filtered(lambda m: "rate" in (m.subject or "").lower())
        )

    def test_answering_moves_the_todo_then_drops_it(self):
        ratings = self._ratings(self.campaign).filtered(
            lambda r: r.rater_id == self.sam
        )
        self.assertEqual(len(ratings), 1)
        self._rate(ratings, 4, positive="Good")
        self.assertFalse(self._todos(self.user_sam), "nothing left to rate")
        self.assertEqual(len(self._todos()), 4)

    def test_counts_need_the_threshold(self):
        small = self._campaign(
            name="Two requests", employee_ids=[(6, 0, self.it_lead.ids)]
        )
        small.action_launch()
        self.assertEqual(small.request_count, 0, "1 request: no count at all")
        self.assertFalse(small.response_rate)
        self.assertIn("Too few requests", small.response_html)
        # 5 requests: counted per raters' department, small ones rolled up
        html = self.campaign.response_html
        self.assertIn("IC Sales, with 2 smaller group(s)", html)
        self.assertNotIn("IC Sales East", html)
        self.assertNotIn("IC IT", html)

    def test_reminders_reach_pending_raters_without_a_trace(self):
        self.env.cr.execute(
            "UPDATE internal_customer_campaign SET deadline = %s WHERE id = %s",
            [self.today + timedelta(days=1), self.campaign.id],
        )
        self.campaign.invalidate_recordset()
        before = self.env["mail.mail"].search_count([])
        with sent_directly() as sent:
            self.env["internal.customer.campaign"]._cron_process_deadlines()
        # Five raters reminded, and not a trace of it in the database
        self.assertEqual(len(sent), 5)
        self.assertEqual(self.env["mail.mail"].search_count([]), before)
        for _to, _subject, body in sent:
            for colleague in (self.ivy, self.it_lead):
                self.assertNotIn(colleague.name, str(body))
