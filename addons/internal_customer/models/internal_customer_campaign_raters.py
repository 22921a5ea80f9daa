# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from .. import guard

_logger = logging.getLogger(__name__)

MAIL_BATCH = 500


class InternalCustomerCampaign(models.Model):
    """The raters' side of a campaign: invitations, to-dos on their own
    requests, reminders, the deadline, and the ratees' notice of publication.
    Nothing here tells anyone but the rater who has answered."""

    _inherit = "internal.customer.campaign"

    def _unlink_activities(self, raters=None):
        """Drop the raters' to-dos (all of them, or those of ``raters``)."""
        domain = [
            ("res_model", "=", "internal.customer.rating"),
            ("activity_type_id", "=", self._rate_activity_type().id),
            ("res_id", "in", self._rating_ids(raters)),
        ]
        self.env["mail.activity"].sudo().search(domain).unlink()

    def _rate_activity_type(self):
        return self.env.ref("internal_customer.mail_activity_type_rate")

    def _rating_ids(self, raters=None, states=None):
        domain = [("campaign_id", "in", self.ids)]
        if raters is not None:
            domain.append(("rater_id", "in", raters.ids))
        if states:
            domain.append(("state", "in", states))
        return self.env["internal.customer.rating"].sudo().search(domain).ids

    def _pending_by_rater(self, extra_domain=None):
        """{rater employee: pending count} for this campaign, counts only."""
        self.ensure_one()
        rows = (
            self.env["internal.customer.rating"]
            .sudo()
            ._read_group(
                [("campaign_id", "=", self.id), ("state", "=", "pending")]
                + (extra_domain or []),
                ["rater_id"],
                ["__count"],
            )
        )
        return dict(rows)

    def _send_reminders(self, raters_counts):
        """Remind these raters, straight to the mail server: a reminder goes
        only to who has not answered, so it is never stored (no outgoing mail
        record an administrator could list, no chatter). Returns the raters
        reminded; a mail the server refuses is tried again the next day."""
        self.ensure_one()
        template = self.env.ref("internal_customer.mail_template_rating_reminder")
        server = self.env["ir.mail_server"].sudo()
        reminded = self.env["hr.employee"]
        sender = self._reminder_sender()
        if not sender:
            _logger.warning(
                "No sender address for reminders: give the company an email address."
            )
            return reminded
        for rater, count in raters_counts.items():
            if not rater.work_email:
                continue
            rendered = template.with_context(
                campaign=self, request_count=count, lang=rater.user_id.lang
            )._generate_template([rater.id], ["subject", "body_html"])[rater.id]
            message = server.build_email(
                email_from=sender,
                email_to=[rater.work_email],
                subject=rendered["subject"],
                body=rendered["body_html"],
                subtype="html",
            )
            try:
                server.send_email(message)
            except Exception:  # a refused mail waits for the next day
                _logger.warning("A reminder could not be sent; retried tomorrow.")
                continue
            reminded |= rater
        return reminded

    def _remind_pending(self, today):
        """Remind the raters with pending requests who may still be reminded
        today. Returns nothing: a count would tell how many have not answered."""
        self.ensure_one()
        counts = self._pending_by_rater(
            [
                ("reminder_count", "<", self.max_reminders),
                "|",
                ("last_reminder_date", "=", False),
                ("last_reminder_date", "<", today),
            ]
        )
        reminded = self._send_reminders(counts)
        pending = (
            self.env["internal.customer.rating"]
            .sudo()
            .search(
                [
                    ("campaign_id", "=", self.id),
                    ("state", "=", "pending"),
                    ("rater_id", "in", reminded.ids),
                ]
            )
        )
        self.env.cr.execute(
            SQL(
                """UPDATE internal_customer_rating
                      SET reminder_count = reminder_count + 1,
                          last_reminder_date = %s
                    WHERE id = ANY(%s)""",
                today,
                pending.ids,
            )
        )
        pending.invalidate_recordset(["reminder_count", "last_reminder_date"])

    def _reminder_sender(self):
        """The company's address, else the server's default (or nothing)."""
        return (
            self.company_id.email_formatted
            or self.env["ir.mail_server"].sudo()._get_default_from_address()
        )

    def _send_rater_mails(self, template_xmlid, raters_counts):
        """One mail per rater, attached to no record: no chatter, no follower
        and no HR screen shows who was invited."""
        template = self.env.ref(template_xmlid)
        for rater, count in raters_counts.items():
            if not rater.work_email:
                continue
            template.with_context(
                campaign=self, request_count=count, lang=rater.user_id.lang
            ).send_mail(
                rater.id,
                email_layout_xmlid="mail.mail_notification_light",
                email_values={"model": False, "res_id": False},
            )

    def _schedule_rater_todos(self, raters):
        """One to-do per rater, on their own first pending request: only the
        rater can read it (the rating rule binds HR and administrators too)."""
        self.ensure_one()
        self.env.cr.execute(
            SQL(
                """
                SELECT DISTINCT ON (r.rater_id) r.id, e.user_id
                  FROM internal_customer_rating r
                  JOIN hr_employee e ON e.id = r.rater_id
                 WHERE r.campaign_id = %s AND r.state = 'pending'
                   AND r.rater_id = ANY(%s) AND e.user_id IS NOT NULL
                 ORDER BY r.rater_id, r.id
                """,
                self.id,
                raters.ids,
            )
        )
        rows = self.env.cr.fetchall()
        if not rows:
            return
        model_id = self.env["ir.model"]._get_id("internal.customer.rating")
        self.env["mail.activity"].sudo().with_context(
            mail_activity_quick_update=True
        ).create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": rating_id,
                    "activity_type_id": self._rate_activity_type().id,
                    "user_id": user_id,
                    "summary": self.env._("Rate the colleagues who serve you"),
                    "date_deadline": self.deadline,
                }
                for rating_id, user_id in rows
            ]
        )

    @api.model
    def _cron_send_invitations(self):
        """Invite each rater once: one mail and one to-do for all their requests.

        One batch of raters per call: the batch is marked invited and the cron
        framework commits it and calls again while raters remain (see
        ``_notify_progress``), so a run cut short resumes where it stopped and
        nobody is invited twice.
        """
        campaigns = self.search(
            [("state", "=", "open"), ("invitations_sent", "=", False)], order="id"
        )
        if not campaigns:
            return
        campaign = campaigns[0]
        counts = campaign._pending_by_rater([("invited", "=", False)])
        batch = sorted(counts, key=lambda rater: rater.id)[:MAIL_BATCH]
        campaign._send_rater_mails(
            "internal_customer.mail_template_rating_invitation",
            {rater: counts[rater] for rater in batch},
        )
        campaign._schedule_rater_todos(self.env["hr.employee"].concat(*batch))
        self.env.cr.execute(
            SQL(
                """UPDATE internal_customer_rating SET invited = TRUE
                    WHERE campaign_id = %s AND rater_id = ANY(%s)""",
                campaign.id,
                [rater.id for rater in batch],
            )
        )
        self.env["internal.customer.rating"].invalidate_model(["invited"])
        remaining = len(counts) - len(batch)
        if not remaining:
            guard.unlocked(campaign).invitations_sent = True
        self.env["ir.cron"]._notify_progress(
            done=len(batch), remaining=remaining + len(campaigns) - 1
        )

    @api.model
    def _cron_process_deadlines(self):
        """Daily: remind raters as the deadline nears, expire requests after it."""
        today = fields.Date.context_today(self)
        past = self.search([("state", "=", "open"), ("deadline", "<", today)])
        for campaign in past:
            campaign._flow_lock()  # campaign before ratings, as answers do
            campaign._expire_pending()
            campaign._message_log(
                body=self.env._(
                    "Deadline passed: pending requests expired. Close the campaign "
                    "to compute its results."
                )
            )
        to_remind = self.search(
            [("state", "=", "open"), ("deadline", ">=", today)]
        ).filtered(lambda c: c.deadline - timedelta(days=c.reminder_days) <= today)
        for campaign in to_remind:
            campaign._remind_pending(today)

    def _notify_ratees(self):
        self.ensure_one()
        results = self.env["internal.customer.result"].search(
            [
                ("campaign_id", "=", self.id),
                ("level", "=", "employee"),
                ("dimension_id", "=", False),
                ("relation_type", "=", False),
                ("visible", "=", True),
            ]
        )
        self.env.ref(
            "internal_customer.mail_template_results_published"
        ).send_mail_batch(
            results.filtered(lambda r: r.employee_id.work_email).ids,
            email_layout_xmlid="mail.mail_notification_light",
        )
