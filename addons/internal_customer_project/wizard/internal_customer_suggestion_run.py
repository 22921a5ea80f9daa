# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class InternalCustomerSuggestionRun(models.TransientModel):
    """HR suggests relations from the tasks of a period, company-wide."""

    _name = "internal.customer.suggestion.run"
    _description = "Suggest Service Relations from Tasks"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    date_from = fields.Date(
        string="From", required=True, default=lambda self: self._default_period()[0]
    )
    date_to = fields.Date(
        string="To", required=True, default=lambda self: self._default_period()[1]
    )
    min_tasks = fields.Integer(
        string="Tasks Together (min)",
        default=3,
        required=True,
        help="Suggest a colleague to someone only when they worked on at least "
        "this many of their tasks in the period.",
    )

    @api.model
    def _default_period(self):
        return self.env["internal.customer.suggestion"]._last_quarter()

    def action_run(self):
        self.ensure_one()
        if self.date_to < self.date_from:
            raise UserError(
                self.env._("The period ends before it starts: fix the dates.")
            )
        if self.min_tasks < 1:
            raise UserError(
                self.env._(
                    "Ask for at least one task together, e.g. 3, then run again."
                )
            )
        written, colleagues = self.env["internal.customer.suggestion"]._run(
            self.company_id, self.date_from, self.date_to, self.min_tasks
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Relations suggested"),
                "message": self.env._(
                    "%(count)s relations suggested to %(colleagues)s colleagues; each "
                    "finds theirs in Suggested for Me and accepts or dismisses it.",
                    count=written,
                    colleagues=colleagues,
                ),
                "type": "success",
                "sticky": True,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
