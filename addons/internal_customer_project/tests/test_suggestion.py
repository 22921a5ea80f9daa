# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Relations suggested from project tasks: who asked for the work, who did
it; nothing created without the colleague's yes, nobody else reads it."""

import datetime

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from odoo.addons.internal_customer.tests.common import InternalCustomerCase

Q3 = (datetime.date(2026, 7, 1), datetime.date(2026, 9, 30))


class SuggestionCase(InternalCustomerCase):
    """In Q3 2026 Sam created four tasks Ivy worked on, two Sue worked on, and
    three of his own; Sid created three Ivy worked on, in June (Q2)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.project = cls.env["project.project"].create({"name": "IC laptops"})
        cls._tasks(cls.user_sam, cls.user_ivy, 4, "2026-08-15")
        cls._tasks(cls.user_sam, cls.user_sue, 2, "2026-08-16")
        cls._tasks(cls.user_sam, cls.user_sam, 3, "2026-08-17")
        cls._tasks(cls.user_sid, cls.user_ivy, 3, "2026-06-10")

    @classmethod
    def _tasks(cls, creator, assignee, count, day):
        tasks = cls.env["project.task"].create(
            [
                {
                    "name": f"Task {i} of {creator.login}",
                    "project_id": cls.project.id,
                    "user_ids": [(6, 0, assignee.ids)],
                }
                for i in range(count)
            ]
        )
        tasks.flush_recordset()
        cls.env.cr.execute(
            "UPDATE project_task SET create_uid = %s, create_date = %s WHERE id = ANY(%s)",
            [creator.id, day, tasks.ids],
        )
        return tasks

    def _run(self, user=None, period=Q3, min_tasks=3):
        wizard = (
            self.env["internal.customer.suggestion.run"]
            .with_user(user or self.user_hr)
            .create(
                {"date_from": period[0], "date_to": period[1], "min_tasks": min_tasks}
            )
        )
        return wizard.action_run()

    def _mine(self, user):
        return self.env["internal.customer.suggestion"].with_user(user).search([])


@tagged("post_install", "-at_install")
class TestSuggestion(SuggestionCase):
    def test_who_worked_on_my_tasks_is_suggested_to_me(self):
        action = self._run()
        self.assertIn(
            "1 relations suggested to 1 colleagues", action["params"]["message"]
        )
        suggestion = self._mine(self.user_sam)
        self.assertEqual(suggestion.provider_id, self.ivy)
        self.assertEqual(suggestion.task_count, 4)
        self.assertEqual(
            suggestion.question,
            "You worked with Ivy IT on 4 tasks in Q3 2026: does Ivy IT serve you?",
        )
        # Sue (two tasks), Sam himself, Sid's tasks of June: nothing
        self.assertFalse(self._mine(self.user_sid))
        # Another period, another threshold
        self._run(
            period=(datetime.date(2026, 6, 1), datetime.date(2026, 9, 30)), min_tasks=2
        )
        self.assertEqual(self._mine(self.user_sam).provider_id, self.ivy | self.sue)
        self.assertEqual(self._mine(self.user_sid).provider_id, self.ivy)
        self.assertIn("from ", self._mine(self.user_sid).question)

    def test_yes_proposes_the_relation_to_the_manager(self):
        self._run()
        suggestion = self._mine(self.user_sam)
        suggestion.action_accept()
        self.assertEqual(suggestion.state, "accepted")
        relation = suggestion.relation_id
        self.assertEqual(
            (relation.provider_id, relation.customer_id, relation.relation_type),
            (self.ivy, self.sam, "project"),
        )
        self.assertEqual(relation.state, "proposed")
        self.assertTrue(relation.with_user(self.user_it_lead).can_approve)
        # Answered: a new run leaves it alone
        self._run()
        self.assertEqual(self._mine(self.user_sam), suggestion)
        self.assertEqual(suggestion.state, "accepted")

    def test_no_is_never_asked_again_and_nothing_is_created(self):
        self._run()
        suggestion = self._mine(self.user_sam)
        relations = self.env["internal.customer.relation"].search_count([])
        suggestion.action_dismiss()
        self._run()
        self.assertEqual(suggestion.state, "dismissed")
        self.assertEqual(
            self.env["internal.customer.relation"].search_count([]), relations
        )
        with self.assertRaisesRegex(UserError, "answered once"):
            suggestion.action_accept()

    def test_an_existing_relation_is_not_suggested_and_a_rerun_refreshes(self):
        self._relation(self.ivy, self.sam)
        action = self._run()
        self.assertIn("0 relations", action["params"]["message"])
        self.assertFalse(self._mine(self.user_sam))

    def test_a_rerun_updates_the_open_suggestion(self):
        self._run()
        self._tasks(self.user_sam, self.user_ivy, 2, "2026-09-01")
        self._run()
        suggestion = self._mine(self.user_sam)
        self.assertEqual(len(suggestion), 1)
        self.assertEqual(suggestion.task_count, 6)

    def test_only_the_colleague_reads_and_answers_it_only_hr_runs_it(self):
        self._run()
        suggestion = self._mine(self.user_sam)
        admin = self.env.ref("base.user_admin")
        for user in (
            self.user_ivy,
            self.user_it_lead,
            self.user_hr,
            self.user_hr_admin,
            admin,
        ):
            self.assertFalse(self._mine(user), user.login)
            with self.assertRaises(AccessError, msg=user.login):
                suggestion.with_user(user).action_accept()
        for user in (self.user_sam, self.user_boss):
            with self.assertRaises(AccessError, msg=user.login):
                self._run(user=user)
        with self.assertRaises(UserError):
            self.env["internal.customer.suggestion"].with_user(self.user_sam).create(
                {
                    "customer_id": self.sam.id,
                    "provider_id": self.sue.id,
                    "company_id": self.company.id,
                }
            )
        with self.assertRaises(UserError):
            suggestion.with_user(self.user_sam).write({"state": "accepted"})

    def test_one_statement_whatever_the_number_of_tasks(self):
        Suggestion = self.env["internal.customer.suggestion"].with_user(self.user_hr)
        self.env.flush_all()
        with self.assertQueryCount(__system__=2, ic_hr=2):
            Suggestion._run(self.company, *Q3, 3)


@tagged("post_install", "-at_install")
class TestSuggestionUi(HttpCase, SuggestionCase):
    def test_employee_accepts_a_suggested_relation(self):
        self._run()
        self.start_tour(
            "/odoo/action-internal_customer_project.internal_customer_suggestion_action_mine",
            "internal_customer_suggestion_tour",
            login="ic_sam",
        )
        suggestion = self.env["internal.customer.suggestion"].search(
            [("customer_id", "=", self.sam.id)]
        )
        self.assertEqual(suggestion.state, "accepted")
        self.assertEqual(suggestion.relation_id.state, "proposed")
