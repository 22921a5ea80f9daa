# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.exceptions import AccessError, UserError

from .. import guard


class InternalCustomerComment(models.Model):
    """A rater's comment, copied without its author when results are computed.

    Copies are written in random order, all with the same creation stamp, and
    sorted by a random key: neither the author nor the time of writing can be
    read back from them.
    """

    _name = "internal.customer.comment"
    _description = "Anonymous Feedback Comment"
    _inherit = ["internal.customer.guarded"]
    _order = "kind, sort_key"
    _rec_name = "body"
    _client_fields = ()
    _system_created = True

    campaign_id = fields.Many2one(
        "internal.customer.campaign",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    employee_id = fields.Many2one(
        "hr.employee", string="Colleague", required=True, index=True, readonly=True
    )
    kind = fields.Selection(
        [("positive", "What went well"), ("improve", "What to improve")],
        required=True,
        readonly=True,
    )
    body = fields.Text(string="Comment", readonly=True)
    sort_key = fields.Char(readonly=True)
    redacted = fields.Boolean(readonly=True)
    body_original = fields.Text(
        string="Original Text", readonly=True, groups="internal_customer.group_hr_admin"
    )
    redaction_reason = fields.Char(readonly=True)
    redacted_by_id = fields.Many2one("res.users", string="Redacted By", readonly=True)
    redaction_date = fields.Datetime(readonly=True)

    def action_redact(self):
        """HR hides an abusive comment; the original stays for the administrator."""
        if not self.env["res.users"]._ic_is_hr():
            raise AccessError(self.env._("Only HR can redact a comment."))
        self.check_access("read")
        reason = self.env.context.get("redaction_reason") or self.env._(
            "Abusive or identifying content"
        )
        for comment in self:
            if comment.redacted:
                raise UserError(self.env._("This comment is already redacted."))
            guard.unlocked(comment.sudo()).write(
                {
                    "body_original": comment.sudo().body,
                    "body": self.env._("[Redacted by HR: %(reason)s]", reason=reason),
                    "redacted": True,
                    "redaction_reason": reason,
                    "redacted_by_id": self.env.uid,
                    "redaction_date": fields.Datetime.now(),
                }
            )
        return True

    def _guard_hint(self):
        return self.env._(
            "comments are copied from the ratings when results are computed; HR "
            "can only redact them"
        )
