# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class InternalCustomerImprovement(models.Model):
    """A provider's commitment after reading their feedback.

    Raters of the next campaign see it next to the request, and the index of
    the next published campaign shows whether it worked.
    """

    _name = "internal.customer.improvement"
    _description = "Service Improvement Action"
    _inherit = ["internal.customer.guarded", "mail.thread", "mail.activity.mixin"]
    _order = "state, date_deadline, id"
    _check_company_auto = True
    _protected_fields = ("state",)
    _fixed_fields = ("employee_id", "company_id")
    _state_flow = {
        "action_done": (("open",), "done"),
        "action_cancel": (("open",), "cancel"),
    }

    name = fields.Char(string="Commitment", required=True, tracking=True)
    description = fields.Text()
    employee_id = fields.Many2one(
        "hr.employee",
        required=True,
        index=True,
        check_company=True,
        default=lambda self: self.env.user.employee_id,
    )
    campaign_id = fields.Many2one(
        "internal.customer.campaign",
        string="From Campaign",
        index=True,
        check_company=True,
    )
    result_id = fields.Many2one(
        "internal.customer.result", string="Feedback", ondelete="set null", index=True
    )
    dimension_id = fields.Many2one(
        "internal.customer.dimension",
        help="The dimension this action should improve; the next campaign measures it.",
    )
    date_deadline = fields.Date(string="Deadline", tracking=True)
    state = fields.Selection(
        [("open", "In Progress"), ("done", "Done"), ("cancel", "Cancelled")],
        default="open",
        required=True,
        tracking=True,
    )
    share_with_customers = fields.Boolean(
        default=True,
        help="Show this commitment to the colleagues who rate you in the next "
        "campaign.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    baseline_index = fields.Float(
        compute="_compute_progress_index", digits=(5, 1), string="Index Then"
    )
    latest_index = fields.Float(
        compute="_compute_progress_index", digits=(5, 1), string="Index Now"
    )
    progress_note = fields.Char(compute="_compute_progress_index", string="Re-measured")

    @api.depends_context("uid")
    @api.depends("employee_id", "campaign_id", "dimension_id")
    def _compute_progress_index(self):
        # No sudo: the result rules decide whose index the reader may see (a
        # shared commitment is readable by every employee, their index is not).
        # One query for all actions, then picked per action.
        results = self.env["internal.customer.result"].search(
            [
                ("level", "=", "employee"),
                ("employee_id", "in", self.employee_id.ids),
                ("relation_type", "=", False),
                ("visible", "=", True),
                ("campaign_id.state", "=", "published"),
            ]
        )
        for action in self:
            mine = results.filtered(
                lambda r, a=action: (
                    r.employee_id == a.employee_id and r.dimension_id == a.dimension_id
                )
            )
            baseline = mine.filtered(
                lambda r, a=action: r.campaign_id == a.campaign_id
            )[:1]
            start = action.campaign_id.date_start
            later = mine.filtered(
                lambda r, a=action, d=start: (
                    r.campaign_id != a.campaign_id
                    and (not d or r.campaign_id.date_start > d)
                )
            ).sorted(lambda r: (r.campaign_id.date_start, r.id), reverse=True)[:1]
            action.baseline_index = baseline.index
            action.latest_index = later.index
            if baseline and later:
                action.progress_note = self.env._(
                    "%(before).1f → %(after).1f (%(campaign)s)",
                    before=baseline.index,
                    after=later.index,
                    campaign=later.campaign_id.name,
                )
            else:
                action.progress_note = self.env._("Not re-measured yet")

    @api.constrains("employee_id", "result_id", "campaign_id")
    def _check_result(self):
        for action in self:
            result = action.sudo().result_id
            if result and (
                result.employee_id != action.employee_id
                or (action.campaign_id and result.campaign_id != action.campaign_id)
            ):
                raise ValidationError(
                    self.env._(
                        "An improvement action answers its own colleague's feedback: "
                        "pick a result of %(employee)s.",
                        employee=action.employee_id.name,
                    )
                )

    def _guard_hint(self):
        return self.env._("use Done or Cancel")

    def action_done(self):
        self.check_access("write")
        self._flow_move("action_done")
        return True

    def action_cancel(self):
        self.check_access("write")
        self._flow_move("action_cancel")
        return True
