# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.internal_customer.engine import launch
from odoo.addons.internal_customer.models import internal_customer_campaign_raters
from odoo.addons.internal_customer.models.internal_customer_background import (
    BACKGROUND_PARAM,
)

from .common import InternalCustomerCase, sent_directly


@tagged("post_install", "-at_install")
class TestCampaignLaunch(InternalCustomerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Ivy serves all of sales; Ian (her lead) serves Sam and Sue
        cls.rel_ivy = cls.env["internal.customer.relation"]
        for customer in cls.sales:
            cls.rel_ivy |= cls._relation(cls.ivy, customer)
        cls.rel_lead = cls._relation(cls.it_lead, cls.sam) | cls._relation(
            cls.it_lead, cls.sue
        )
        cls._relation(cls.it_lead, cls.sid, state="proposed")  # not rated
        cls._relation(cls.it_lead, cls.sol, state="rejected")  # not rated

    def test_launch_creates_one_request_per_approved_relation(self):
        campaign = self._campaign()
        campaign.action_launch()
        self.assertEqual(campaign.state, "open")
        ratings = self._ratings(campaign)
        self.assertEqual(ratings.relation_id, self.rel_ivy | self.rel_lead)
        self.assertEqual(len(ratings), 6)
        self.assertEqual(campaign.request_count, 6)
        self.assertEqual(campaign.pending_count, 6)
        for rating in ratings:
            self.assertEqual(rating.deadline, campaign.deadline)
            self.assertEqual(rating.rater_id, rating.relation_id.customer_id)
            self.assertEqual(rating.ratee_id, rating.relation_id.provider_id)
            self.assertEqual(rating.line_ids.dimension_id, self.dimensions)
            self.assertEqual(rating.state, "pending")

    def _check(self, action):
        return self.env[action["res_model"]].browse(action["res_id"])

    def test_launch_and_close_say_what_they_will_do_in_numbers(self):
        campaign = self._campaign()
        as_hr = campaign.with_user(self.user_hr)
        check = self._check(as_hr.action_launch_check())
        # Ivy: 4 raters; Ian: 2 (Sam, Sue), below the threshold of 3
        self.assertEqual(
            (check.rater_count, check.request_count, check.ratee_count),
            (4, 6, 2),
        )
        self.assertEqual(check.short_count, 1)
        self.assertIn("1 of the 2 colleagues in scope", check.advice)
        self.assertEqual(campaign.state, "draft", "checking launches nothing")
        self.assertFalse(self._ratings(campaign))
        # An employee cannot look
        with self.assertRaises(AccessError):
            campaign.with_user(self.user_sam).action_launch_check()
        check.with_user(self.user_hr).action_confirm()
        self.assertEqual(campaign.state, "open")
        self.assertEqual(len(self._ratings(campaign)), 6)
        # Closing early: the days left and what would be hidden so far
        for rating in self._ratings(campaign, self.ivy)[:3]:
            self._rate(rating, 4)
        check = self._check(as_hr.action_close_check())
        self.assertEqual(check.days_left, (campaign.deadline - self.today).days)
        self.assertEqual((check.ratee_count, check.short_count), (2, 1))
        self.assertIn("1 of the 2 colleagues rated would get no result", check.advice)
        self.assertEqual(campaign.state, "open")
        result = check.with_user(self.user_hr).action_confirm()
        self.assertEqual(campaign.state, "closed")
        summary = result["params"]["message"]
        self.assertIn("Colleagues with results: 1. Hidden", summary)
        self.assertIn("threshold): 1. Comments to read: 3.", summary)
        self.assertIn(summary, campaign.message_ids.mapped("body")[0])

    def test_the_getting_started_checklist_ticks_itself_off(self):
        company = self.env["res.company"].create({"name": "Fresh Co"})
        Users = self.env["res.users"].with_company(company)

        def done():
            return {step["key"]: step["done"] for step in Users.ic_setup_steps()}

        self.assertEqual(
            done(),
            {"dimensions": True, "rules": False, "map": False, "campaign": False},
        )
        deps = self.env["hr.department"].create(
            [{"name": n, "company_id": company.id} for n in ("IT", "Sales")]
        )
        self.env["internal.customer.department.rule"].with_company(company).create(
            {
                "provider_department_id": deps[0].id,
                "customer_department_id": deps[1].id,
                "service_name": "laptops",
                "company_id": company.id,
            }
        )
        self.assertTrue(done()["rules"])
        with self.assertRaises(AccessError):
            self.env["res.users"].with_user(self.user_sam).ic_setup_steps()

    def test_launching_twice_is_refused_and_creates_nothing(self):
        campaign = self._campaign()
        campaign.action_launch()
        with self.assertRaisesRegex(UserError, "launched once"):
            campaign.action_launch()
        self.assertEqual(len(self._ratings(campaign)), 6)

    def test_crash_halfway_leaves_nothing_and_relaunch_completes(self):
        campaign = self._campaign()
        original = launch.insert_requests
        calls = []

        def crash_on_second_batch(cr, params, rater_ids):
            calls.append(rater_ids)
            if len(calls) == 2:
                raise MemoryError("simulated crash")
            return original(cr, params, rater_ids)

        with (
            patch.object(launch, "BATCH", 2),
            patch.object(launch, "insert_requests", crash_on_second_batch),
            self.assertRaises(MemoryError),
            self.cr.savepoint(),
        ):
            campaign.action_launch()
        campaign.invalidate_recordset()
        self.assertEqual(campaign.state, "draft")
        self.assertFalse(self._ratings(campaign))
        with patch.object(launch, "BATCH", 2):
            campaign.action_launch()
        self.assertEqual(len(self._ratings(campaign)), 6)

    def test_relaunch_after_committed_partial_batch_never_duplicates(self):
        campaign = self._campaign()
        # A first batch was written (and committed) before the process died
        params = campaign._launch_params()
        launch.snapshot_dimensions(self.env.cr, params)
        launch.insert_requests(self.env.cr, params, [self.sam.id, self.sue.id])
        self.assertEqual(len(self._ratings(campaign)), 4)
        campaign.action_launch()
        ratings = self._ratings(campaign)
        self.assertEqual(len(ratings), 6)
        self.assertEqual(len(ratings.line_ids), 6 * len(self.dimensions))

    def test_large_campaigns_launch_and_close_in_the_background(self):
        self.env["ir.config_parameter"].set_param(BACKGROUND_PARAM, 1)
        campaign = self._campaign()
        action = campaign.with_user(self.user_hr).action_launch()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual((campaign.state, campaign.job), ("draft", "launch"))
        self.assertEqual(campaign.job_user_id, self.user_hr)
        # Nothing else happens to it meanwhile, whoever asks
        with self.assertRaisesRegex(UserError, "in the background"):
            campaign.with_user(self.user_hr).name = "Renamed"
        with self.assertRaisesRegex(UserError, "in the background"):
            campaign.with_user(self.user_hr).action_launch()
        Campaign = self.env["internal.customer.campaign"]
        with patch.object(launch, "BATCH", 2):
            Campaign._cron_run_jobs()  # Ian's raters (Sam, Sue): 2 of 4 raters
            self.assertEqual(campaign.job_progress, 50.0)
            self.assertEqual(len(self._ratings(campaign)), 4)
            # The server dies during the next batch: that batch is rolled back
            with (
                patch.object(launch, "_insert_lines", side_effect=MemoryError),
                self.assertRaises(MemoryError),
                self.cr.savepoint(),
            ):
                Campaign._cron_run_jobs()
            campaign.invalidate_recordset()
            self.assertEqual(len(self._ratings(campaign)), 4)
            Campaign._cron_run_jobs()
        self.assertEqual((campaign.state, campaign.job), ("open", False))
        ratings = self._ratings(campaign)
        self.assertEqual(len(ratings), 6)
        self.assertEqual(len(ratings.line_ids), 6 * len(self.dimensions))
        # Closing a large campaign goes the same way
        campaign.with_user(self.user_hr).action_close()
        self.assertEqual((campaign.state, campaign.job), ("open", "close"))
        Campaign._cron_run_jobs()
        self.assertEqual((campaign.state, campaign.job), ("closed", False))
        self.assertTrue(campaign.result_ids)

    def test_fatigue_cap_keeps_heaviest_relations_deterministically(self):
        heavy = self._relation(self.hr_employee, self.sam, weight=5)
        campaign = self._campaign(max_requests_per_rater=2)
        campaign.action_launch()
        sam_ratings = self._ratings(campaign).filtered(lambda r: r.rater_id == self.sam)
        self.assertEqual(len(sam_ratings), 2)
        self.assertIn(heavy, sam_ratings.relation_id)
        # Same campaign, same choice: a relaunch picks the same relations
        chosen = sam_ratings.relation_id
        campaign.action_reset_draft()
        campaign.action_launch()
        self.assertEqual(
            self._ratings(campaign)
            .filtered(lambda r: r.rater_id == self.sam)
            .relation_id,
            chosen,
        )

    def test_scope_by_department_and_employee(self):
        by_dep = self._campaign(department_ids=[Command.set(self.dep_it.ids)])
        by_dep.action_launch()
        self.assertEqual(self._ratings(by_dep).ratee_id, self.ivy | self.it_lead)
        by_emp = self._campaign(employee_ids=[Command.set(self.it_lead.ids)])
        by_emp.action_launch()
        self.assertEqual(self._ratings(by_emp).ratee_id, self.it_lead)

    def test_relations_outside_the_period_are_not_rated(self):
        campaign = self._campaign()
        self.rel_lead[0].date_end = campaign.date_start - timedelta(days=1)
        campaign.action_launch()
        self.assertNotIn(self.rel_lead[0], self._ratings(campaign).relation_id)

    def test_self_rating(self):
        campaign = self._campaign(allow_self_rating=True)
        campaign.action_launch()
        selfs = self._ratings(campaign).filtered("is_self")
        self.assertEqual(selfs.ratee_id, self.ivy | self.it_lead)
        self.assertEqual(selfs.rater_id, selfs.ratee_id)
        self.assertEqual(campaign.request_count, 6, "self-ratings are not requests")

    def test_bad_settings_are_refused(self):
        Campaign = self.env["internal.customer.campaign"]
        count = Campaign.search_count([])
        with self.assertRaisesRegex(ValidationError, "deadline"), self.cr.savepoint():
            self._campaign(deadline=self.today - timedelta(days=365))
        with (
            self.assertRaisesRegex(ValidationError, "lower than 2"),
            self.cr.savepoint(),
        ):
            self._campaign(min_raters=1)
        self.assertEqual(Campaign.search_count([]), count)

    def test_launch_needs_an_outcome_dimension_and_a_future_deadline(self):
        campaign = self._campaign(
            dimension_ids=[
                Command.set(self.env.ref("internal_customer.dimension_attitude").ids)
            ]
        )
        with self.assertRaisesRegex(UserError, "outcome"):
            campaign.action_launch()
        campaign.dimension_ids = self.dim_quality
        campaign.deadline = self.today - timedelta(days=1)
        with self.assertRaisesRegex(UserError, "already past"):
            campaign.action_launch()
        self.assertEqual(campaign.state, "draft")
        self.assertFalse(self._ratings(campaign))

    def test_launched_campaign_settings_are_locked(self):
        campaign = self._campaign()
        campaign.action_launch()
        with self.assertRaisesRegex(UserError, "cannot change"):
            campaign.min_raters = 2
        self.assertEqual(campaign.min_raters, 3)
        with self.assertRaises(UserError):
            campaign.unlink()

    def test_invitations_reminders_and_expiry(self):
        campaign = self._campaign()
        campaign.action_launch()
        Mail = self.env["mail.mail"]
        mails_before = Mail.search_count([])
        self.env["internal.customer.campaign"]._cron_send_invitations()
        self.assertTrue(campaign.invitations_sent)
        # One mail and one to-do per rater, naming no colleague
        self.assertEqual(Mail.search_count([]) - mails_before, 4)
        # The to-dos sit on the raters' own requests, which only they can read
        activities = self.env["mail.activity"].search(
            [
                ("res_model", "=", "internal.customer.rating"),
                ("res_id", "in", self._ratings(campaign).ids),
            ]
        )
        self.assertEqual(len(activities), 4)
        self.assertEqual(activities.user_id, self.sales.user_id)
        self.assertFalse(
            self.env["mail.activity"].search(
                [("res_model", "=", campaign._name), ("res_id", "=", campaign.id)]
            )
        )
        sam_mail = Mail.search([("email_to", "=", "ic_sam@ic.test")], limit=1)
        # Sam rates Ivy and Ian: the mail says two, and names neither
        self.assertRegex(
            sam_mail.body_html, r"<strong>2</strong>\s*colleague\(s\) to rate"
        )
        self.assertNotIn("Ivy", sam_mail.body_html)
        # A second run sends nothing
        self.env["internal.customer.campaign"]._cron_send_invitations()
        self.assertEqual(Mail.search_count([]) - mails_before, 4)
        # A run cut short after its first batches resumes with the raters left
        self.env.cr.execute(
            "UPDATE internal_customer_rating SET invited = FALSE WHERE campaign_id = %s"
            " AND rater_id = %s",
            (campaign.id, self.sol.id),
        )
        self.env.cr.execute(
            "UPDATE internal_customer_campaign SET invitations_sent = FALSE"
            " WHERE id = %s",
            [campaign.id],
        )
        campaign.invalidate_recordset()
        with patch.object(internal_customer_campaign_raters, "MAIL_BATCH", 1):
            self.env["internal.customer.campaign"]._cron_send_invitations()
        self.assertEqual(Mail.search_count([]) - mails_before, 5)
        self.assertTrue(campaign.invitations_sent)
        Mail.search([("email_to", "=", "ic_sol@ic.test")]).unlink()
        mails_before -= 1

        # Reminders start 3 days before the deadline, once a day, twice at most;
        # they go straight to the mail server: no stored mail lists who has
        # not answered
        campaign.deadline = self.today + timedelta(days=2)
        Campaign = self.env["internal.customer.campaign"]
        with sent_directly() as sent:
            Campaign._cron_process_deadlines()
            self.assertEqual(len(sent), 4)
            Campaign._cron_process_deadlines()  # same day: nothing more
            self.assertEqual(len(sent), 4)
        self.assertIn("ic_sam@ic.test", [to for to, _s, _b in sent])
        self.assertEqual(Mail.search_count([]) - mails_before, 4)

        # Sam answers everything: his to-do goes away
        for rating in self._ratings(campaign).filtered(
            lambda r: r.rater_id == self.sam
        ):
            self._rate(rating, 4)
        self.assertFalse(
            activities.exists().filtered(lambda a: a.user_id == self.user_sam)
        )

        # After the deadline, pending requests expire
        self.env.cr.execute(
            "UPDATE internal_customer_campaign SET deadline = %s WHERE id = %s",
            (self.today - timedelta(days=1), campaign.id),
        )
        campaign.invalidate_recordset()
        Campaign._cron_process_deadlines()
        self.assertEqual(campaign.expired_count, 4)
        self.assertEqual(campaign.submitted_count, 2)
        self.assertFalse(activities.exists())

    def test_close_and_publish_flow(self):
        campaign = self._campaign()
        with self.assertRaisesRegex(UserError, 'applies only in the state "Open"'):
            campaign.action_close()
        with self.assertRaisesRegex(UserError, "Close the campaign"):
            campaign.action_publish()
        campaign.action_launch()
        campaign.action_close()
        self.assertEqual(campaign.state, "closed")
        self.assertEqual(campaign.expired_count, 6)
        campaign.action_publish()
        self.assertEqual(campaign.state, "published")
        with self.assertRaises(UserError):
            campaign.action_compute_results()

    def test_back_to_draft_only_before_the_invitations(self):
        campaign = self._campaign()
        campaign.action_launch()
        campaign.action_reset_draft()
        self.assertEqual(campaign.state, "draft")
        self.assertFalse(self._ratings(campaign))
        campaign.action_launch()
        self.env["internal.customer.campaign"]._cron_send_invitations()
        # Invited: never back, whether anybody answered or not (a refusal that
        # depended on the answers would tell who answered)
        for answer in (False, True):
            if answer:
                self._rate(self._ratings(campaign)[0], 3)
            with self.assertRaisesRegex(UserError, "have been invited"):
                campaign.action_reset_draft()
        self.assertEqual(len(self._ratings(campaign)), 6)
