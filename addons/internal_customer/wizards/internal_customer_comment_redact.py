# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class InternalCustomerCommentRedact(models.TransientModel):
    """Ask HR why a comment goes, and to confirm: a redaction cannot be undone
    by HR officers (the original stays for HR administrators)."""

    _name = "internal.customer.comment.redact"
    _description = "Redact a Comment"

    comment_ids = fields.Many2many(
        "internal.customer.comment",
        "internal_customer_comment_redact_rel",
        "wizard_id",
        "comment_id",
        string="Comments",
        readonly=True,
    )
    reason = fields.Selection(
        selection="_reason_selection", required=True, string="Why"
    )

    @api.model
    def _reason_selection(self):
        return self.env["internal.customer.comment"]._redaction_reasons()

    def action_redact(self):
        self.ensure_one()
        self.comment_ids.action_redact(self.reason)
        return {"type": "ir.actions.act_window_close"}
