# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from .. import guard

# Above this many people, long actions run in the background (a parameter HR
# can change in Settings > Technical > System Parameters).
BACKGROUND_PARAM = "internal_customer.background_from"
BACKGROUND_FROM = 500


class InternalCustomerBackground(models.AbstractModel):
    """Long work (launching, closing, generating scorecards) in the background.

    An action over more than a few hundred people marks the record with a
    ``job`` and triggers the model's cron, which does the work one batch per
    call through ``_job_step`` and reports its progress with
    ``ir.cron._notify_progress``: the cron framework commits each batch and
    calls again while work remains, so a server killed halfway resumes where
    it stopped. The form shows the progress; whoever started the work is
    notified when it is done. Small jobs still run at once.
    """

    _name = "internal.customer.background"
    _description = "Work Done in the Background"

    job = fields.Selection(
        [("launch", "Launching"), ("close", "Closing"), ("generate", "Generating")],
        string="Working",
        readonly=True,
        copy=False,
    )
    job_progress = fields.Float(
        string="Progress (%)", digits=(5, 1), readonly=True, copy=False
    )
    job_user_id = fields.Many2one(
        "res.users", string="Started By", readonly=True, copy=False
    )
    job_cursor = fields.Integer(
        readonly=True, copy=False, help="The last id the job has worked through."
    )
    job_done = fields.Integer(readonly=True, copy=False)
    job_total = fields.Integer(readonly=True, copy=False)

    @api.model
    def _job_cron_xmlid(self):
        raise NotImplementedError

    @api.model
    def _runs_in_background(self, size):
        limit = self.env["ir.config_parameter"].sudo().get_param(BACKGROUND_PARAM)
        return size > int(limit or BACKGROUND_FROM)

    def _check_idle(self):
        """Refuse an action while the record's background work is running."""
        busy = self.filtered("job")
        if busy:
            raise UserError(
                self.env._(
                    "%(record)s: %(job)s in the background (%(progress)s %%). "
                    "Wait for the notification, then try again.",
                    record=busy[0].display_name,
                    job=busy[0]._selection_label("job"),
                    progress=round(busy[0].job_progress),
                )
            )

    def _job_start(self, job, totals=None):
        """Hand the work to the cron and tell the user so; ``totals`` maps each
        record to the number of items the job will work through."""
        for record in self:
            guard.unlocked(record.sudo()).write(
                {
                    "job": job,
                    "job_progress": 0.0,
                    "job_user_id": self.env.uid,
                    "job_cursor": 0,
                    "job_done": 0,
                    "job_total": (totals or {}).get(record, 0),
                }
            )
        self.env.ref(self._job_cron_xmlid())._trigger()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "sticky": False,
                "message": self.env._(
                    "%(record)s: the work runs in the background; you will be "
                    "notified when it is done.",
                    record=", ".join(self.mapped("display_name")),
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _job_progress(self, cursor, done):
        """Record how far the job went (in the batch's own transaction)."""
        self.ensure_one()
        total = max(self.job_total, done)
        guard.unlocked(self.sudo()).write(
            {
                "job_cursor": cursor,
                "job_done": done,
                "job_progress": 100.0 * done / total if total else 100.0,
            }
        )

    def _job_done(self, message):
        """Clear the job and notify whoever started it."""
        self.ensure_one()
        user = self.job_user_id
        guard.unlocked(self.sudo()).write(
            {
                "job": False,
                "job_progress": 0.0,
                "job_user_id": False,
                "job_cursor": 0,
                "job_done": 0,
                "job_total": 0,
            }
        )
        if user:
            user._bus_send(
                "simple_notification",
                {"type": "success", "title": self.display_name, "message": message},
            )

    def _job_step(self):
        """Do the next batch of this record's job; return (done, remaining)."""
        raise NotImplementedError

    @api.model
    def _cron_run_jobs(self):
        """One batch of the oldest job; the cron calls again while work remains."""
        queue = self.search([("job", "!=", False)], order="id")
        if not queue:
            return
        done, remaining = queue[0]._job_step()
        self.env["ir.cron"]._notify_progress(
            done=done, remaining=remaining + len(queue) - 1
        )
