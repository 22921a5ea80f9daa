# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
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
    # The colleague the comment is about answers it; nothing else changes
    _client_fields = ("answer",)
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
    answer = fields.Text(
        string="Your Answer",
        help="Your answer to this comment, e.g. what you will change. Your manager "
        "and HR read it; the colleagues who rated you stay anonymous.",
    )
    can_answer = fields.Boolean(compute="_compute_can_answer")
    redacted = fields.Boolean(readonly=True)
    body_original = fields.Text(
        string="Original Text", readonly=True, groups="internal_customer.group_hr_admin"
    )
    # Why and who: HR's business. The colleague sees only a neutral notice.
    redaction_reason = fields.Char(
        readonly=True, groups="internal_customer.group_hr_officer"
    )
    redacted_by_id = fields.Many2one(
        "res.users",
        string="Redacted By",
        readonly=True,
        groups="internal_customer.group_hr_officer",
    )
    redaction_date = fields.Datetime(
        readonly=True, groups="internal_customer.group_hr_officer"
    )

    @api.depends_context("uid")
    @api.depends("employee_id", "campaign_id.state", "redacted")
    def _compute_can_answer(self):
        for comment in self:
            comment.can_answer = (
                comment.sudo().employee_id.user_id == self.env.user
                and comment.campaign_id.state == "published"
                and not comment.redacted
            )

    def write(self, vals):
        if not guard.is_unlocked(self.env):
            self.check_access("write")
            for comment in self:
                if not comment.can_answer:
                    raise AccessError(
                        self.env._(
                            "Only the colleague a comment is about answers it, once "
                            "the campaign is published."
                        )
                    )
        return super().write(vals)

    def action_open_answer(self):
        """Answer this comment, from the comment itself."""
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Answer a Comment"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [
                (
                    self.env.ref(
                        "internal_customer.internal_customer_comment_view_form_answer"
                    ).id,
                    "form",
                )
            ],
            "target": "new",
        }

    @api.model
    def _redaction_reasons(self):
        return [
            ("abusive", self.env._("Insulting or abusive")),
            ("identifying", self.env._("Could identify the author")),
            ("third_party", self.env._("Targets another person by name")),
            ("personal_data", self.env._("Personal or confidential data")),
            ("off_topic", self.env._("Not about the service")),
        ]

    def action_redact(self, reason=None):
        """HR hides an abusive comment; the original stays for the administrator.

        Without a reason, opens the dialog that asks for one (from a short
        list) and for confirmation; the dialog calls this again with it.
        """
        if not self.env["res.users"]._ic_is_hr():
            raise AccessError(self.env._("Only HR can redact a comment."))
        self.check_access("read")
        if any(comment.redacted for comment in self):
            raise UserError(self.env._("This comment is already redacted."))
        reasons = dict(self._redaction_reasons())
        if reason is None:
            return {
                "type": "ir.actions.act_window",
                "name": self.env._("Redact a Comment"),
                "res_model": "internal.customer.comment.redact",
                "view_mode": "form",
                "views": [(False, "form")],
                "target": "new",
                "context": {"default_comment_ids": self.ids},
            }
        if reason not in reasons:
            raise UserError(
                self.env._(
                    "Choose why the comment is removed: %(reasons)s.",
                    reasons=", ".join(reasons.values()),
                )
            )
        for comment in self.sudo():
            # The notice, in the colleague's own language, says nothing of why
            notice = comment.with_context(
                lang=comment.employee_id.user_id.lang or self.env.lang
            ).env._("One comment was removed by HR.")
            guard.unlocked(comment).write(
                {
                    "body_original": comment.body,
                    "body": notice,
                    "redacted": True,
                    "redaction_reason": reasons[reason],
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
