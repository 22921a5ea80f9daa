# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.internal_customer.fields import NullableFloat

from .. import scoring

EMPLOYEE_FIELDS = {"employee_comment"}


class InternalKpiScorecard(models.Model):
    """One employee's KPIs for one cycle.

    Lines are a snapshot of the weighting rule when the scorecard was made:
    changing the rule later never changes a scorecard silently.
    """

    _name = "internal.kpi.scorecard"
    _description = "KPI Scorecard"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "cycle_id desc, employee_id"
    _check_company_auto = True

    cycle_id = fields.Many2one(
        "internal.kpi.cycle",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        readonly=True,
    )
    employee_id = fields.Many2one(
        "hr.employee",
        required=True,
        index=True,
        check_company=True,
        readonly=True,
    )
    department_id = fields.Many2one(
        related="employee_id.department_id", store=True, string="Department"
    )
    job_id = fields.Many2one(related="employee_id.job_id", store=True, string="Job")
    manager_id = fields.Many2one(related="employee_id.parent_id", string="Manager")
    rule_id = fields.Many2one(
        "internal.kpi.weighting.rule", string="Weighting Rule", readonly=True
    )
    rule_reason = fields.Char(string="Why This Rule", readonly=True)
    fallback = fields.Selection(
        [
            ("redistribute", "Spread its weight over the other KPIs"),
            ("neutral", "Count it as 50"),
            ("exclude", "Leave it out of the final score"),
        ],
        string="Below the Threshold",
        required=True,
        default="redistribute",
        readonly=True,
    )
    line_ids = fields.One2many(
        "internal.kpi.scorecard.line", "scorecard_id", string="KPIs"
    )
    base_score = NullableFloat(
        string="Computed Score",
        compute="_compute_scores",
        store=True,
        digits=(5, 2),
        aggregator="avg",
    )
    adjustment = fields.Float(
        digits=(5, 2),
        tracking=True,
        help="Points the manager adds or removes; needs a written reason.",
    )
    adjustment_reason = fields.Text(tracking=True)
    final_score = NullableFloat(
        compute="_compute_scores",
        store=True,
        digits=(5, 2),
        tracking=True,
        aggregator="avg",
    )
    band_id = fields.Many2one(
        "internal.kpi.band", compute="_compute_scores", store=True, string="Band Record"
    )
    band = fields.Char(compute="_compute_scores", store=True, string="Rating Band")
    internal_index = NullableFloat(
        string="Internal-Customer Index",
        compute="_compute_internal_index",
        store=True,
        digits=(5, 1),
        aggregator="avg",
    )
    internal_rater_count = fields.Integer(
        string="Internal Raters", compute="_compute_internal_index", store=True
    )
    state = fields.Selection(
        [("draft", "Draft"), ("submitted", "Submitted"), ("done", "Done")],
        default="draft",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )
    acknowledged = fields.Boolean(readonly=True, tracking=True, copy=False)
    acknowledge_date = fields.Datetime(readonly=True, copy=False)
    employee_comment = fields.Text(
        help="The employee's comment when acknowledging the scorecard.", tracking=True
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True)

    _sql_constraints = [
        (
            "unique_employee_cycle",
            "UNIQUE(cycle_id, employee_id)",
            "An employee has one scorecard per cycle.",
        ),
    ]

    @api.depends("employee_id", "cycle_id")
    def _compute_display_name(self):
        for card in self:
            card.display_name = f"{card.employee_id.name} - {card.cycle_id.name}"

    @api.depends(
        "line_ids.effective_weight",
        "line_ids.score",
        "adjustment",
        "company_id",
    )
    def _compute_scores(self):
        bands = self.env["internal.kpi.band"].search(
            [("company_id", "in", [False, *self.company_id.ids])]
        )
        thresholds = {}
        for card in self:
            lines = [
                scoring.Line(line.id, line.effective_weight, line._score_or_none())
                for line in card.line_ids
            ]
            cap = max(card.line_ids.kpi_id.mapped("max_achievement") or [100.0])
            base = scoring.final_score(lines, cap=cap)
            card.base_score = base
            if base is None:
                card.final_score = None
                card.band_id = False
                card.band = False
                continue
            final = max(0.0, min(cap, base + card.adjustment))
            card.final_score = final
            if card.company_id.id not in thresholds:
                thresholds[card.company_id.id] = [
                    (b.min_score, b)
                    for b in bands
                    if not b.company_id or b.company_id == card.company_id
                ]
            band = scoring.band_for(final, thresholds[card.company_id.id])
            card.band_id = band
            card.band = band.name if band else False

    @api.depends("line_ids.actual", "line_ids.rater_count", "line_ids.kind")
    def _compute_internal_index(self):
        for card in self:
            line = card.line_ids.filtered(lambda x: x.kind == "internal_customer")[:1]
            card.internal_index = line._actual_or_none() if line else None
            card.internal_rater_count = line.rater_count

    @api.constrains("adjustment", "adjustment_reason")
    def _check_adjustment(self):
        for card in self:
            if card.adjustment and not (card.adjustment_reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "Write the reason for adjusting %(employee)s's score by "
                        "%(points)s points in 'Adjustment Reason'.",
                        employee=card.employee_id.name,
                        points=card.adjustment,
                    )
                )

    # ------------------------------------------------------------------
    # Locking and who writes what
    # ------------------------------------------------------------------
    def _is_hr(self):
        return self.env.su or self.env.user.has_group(
            "internal_customer.group_hr_officer"
        )

    def write(self, vals):
        if not self.env.context.get("ic_kpi_closing"):
            if any(card.state == "done" for card in self):
                raise UserError(
                    self.env._("This scorecard is closed with its cycle: it is locked.")
                )
            if not self._is_hr():
                own = self.filtered(lambda c: c.employee_id.user_id == self.env.user)
                if own and set(vals) - EMPLOYEE_FIELDS:
                    raise AccessError(
                        self.env._(
                            "Your manager fills your scorecard; you can acknowledge "
                            "it and comment."
                        )
                    )
                if {"adjustment", "adjustment_reason"} & set(vals) and any(
                    c.state != "draft" for c in self
                ):
                    raise UserError(
                        self.env._("Adjust the score before submitting the scorecard.")
                    )
        return super().write(vals)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_submit(self):
        for card in self:
            if card.state != "draft":
                raise UserError(
                    self.env._(
                        "The scorecard of %(employee)s is already submitted.",
                        employee=card.employee_id.name,
                    )
                )
            if card.employee_id.user_id == self.env.user and not self._is_hr():
                raise AccessError(
                    self.env._("Your manager submits your scorecard, not you.")
                )
            missing = card.line_ids.filtered(
                lambda x: x.kind == "manual" and x._actual_or_none() is None
            )
            if missing:
                raise UserError(
                    self.env._(
                        "Fill the actual value of %(kpis)s before submitting.",
                        kpis=", ".join(missing.kpi_id.mapped("name")),
                    )
                )
        self.write({"state": "submitted"})
        for card in self.filtered(lambda c: c.employee_id.user_id):
            card.sudo().activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Read and acknowledge your scorecard"),
                user_id=card.employee_id.user_id.id,
            )
        return True

    def action_acknowledge(self):
        for card in self:
            if card.state != "submitted":
                raise UserError(
                    self.env._(
                        "Only a submitted scorecard can be acknowledged; this one is "
                        "%(state)s.",
                        state=dict(
                            self._fields["state"]._description_selection(self.env)
                        )[card.state].lower(),
                    )
                )
            if card.employee_id.user_id != self.env.user:
                raise AccessError(
                    self.env._(
                        "Only %(employee)s can acknowledge this scorecard.",
                        employee=card.employee_id.name,
                    )
                )
            if card.acknowledged:
                raise UserError(self.env._("You already acknowledged this scorecard."))
        # Checked above: the employee acknowledges their own submitted scorecard.
        self.sudo().write(
            {"acknowledged": True, "acknowledge_date": fields.Datetime.now()}
        )
        self.sudo().activity_feedback(["mail.mail_activity_data_todo"])
        return True

    def action_done(self):
        if not self._is_hr():
            raise AccessError(self.env._("HR closes scorecards."))
        for card in self:
            if card.state != "submitted":
                raise UserError(
                    self.env._(
                        "Submit the scorecard of %(employee)s before closing it.",
                        employee=card.employee_id.name,
                    )
                )
        self.with_context(ic_kpi_closing=True).write({"state": "done"})
        return True

    def action_reset_draft(self):
        if not self._is_hr():
            raise AccessError(self.env._("Only HR can reopen a submitted scorecard."))
        for card in self:
            if card.state != "submitted":
                raise UserError(
                    self.env._("Only a submitted scorecard can be reopened.")
                )
        self.write({"state": "draft", "acknowledged": False, "acknowledge_date": False})
        return True

    def action_print(self):
        return self.env.ref("internal_kpi.action_report_scorecard").report_action(self)
