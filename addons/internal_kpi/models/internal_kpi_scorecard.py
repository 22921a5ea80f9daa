# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.internal_customer import guard
from odoo.addons.internal_customer.fields import NullableFloat, NullableInteger

from .. import scoring

# What the colleague appraised writes on their own scorecard.
EMPLOYEE_FIELDS = {"employee_comment"}
# What their managers (org chart) and HR write while it is a draft.
MANAGER_FIELDS = {"adjustment", "adjustment_reason", "line_ids"}


class InternalKpiScorecard(models.Model):
    """One employee's KPIs for one cycle.

    Lines are a snapshot of the weighting rule when the scorecard was made:
    changing the rule later never changes a scorecard silently.
    """

    _name = "internal.kpi.scorecard"
    _description = "KPI Scorecard"
    _inherit = ["internal.customer.guarded", "mail.thread", "mail.activity.mixin"]
    _order = "cycle_id desc, employee_id"
    _check_company_auto = True
    _client_fields = tuple(EMPLOYEE_FIELDS | MANAGER_FIELDS)
    _system_created = True
    _state_flow = {
        "action_submit": (("draft",), "submitted"),
        "action_acknowledge": (("submitted",), "submitted"),
        "action_done": (("submitted",), "done"),
        "reopen": (("submitted", "done"), "draft"),
    }

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
        scoring.FALLBACKS,
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
        help="The weighted achievement of the KPIs plus the manager's adjustment. "
        "100 means every target met; above 100, targets were exceeded (each KPI "
        "counts up to its cap, e.g. 120). Provisional while a KPI that counts "
        "has no value yet.",
    )
    score_status = fields.Selection(
        scoring.SCORE_STATUSES,
        string="Score Status",
        compute="_compute_scores",
        store=True,
        index=True,
        help="Complete: every KPI that counts has a value, and the score gets its "
        "band. Provisional: some KPI still has no value, so there is no band yet "
        "and the analyses leave the scorecard out. No data yet: nothing measured.",
    )
    score_cap = fields.Float(
        compute="_compute_score_cap",
        digits=(5, 0),
        help="The highest score a KPI of this scorecard can reach.",
    )
    band_id = fields.Many2one(
        "internal.kpi.band", compute="_compute_scores", store=True, string="Band Record"
    )
    band = fields.Char(
        compute="_compute_scores", store=True, string="Rating Band", tracking=True
    )
    internal_index = NullableFloat(
        string="Internal-Customer Index",
        compute="_compute_internal_index",
        store=True,
        digits=(5, 1),
        aggregator="avg",
        tracking=True,
    )
    internal_index_calibrated = NullableFloat(
        string="Calibrated Index",
        compute="_compute_internal_index",
        store=True,
        digits=(5, 1),
        aggregator="avg",
        help="The internal-customer index with each rater's leniency or "
        "strictness taken out. The weighting rule says which of the two counts.",
    )
    internal_rater_count = NullableInteger(
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
    is_mine = fields.Boolean(compute="_compute_roles")
    can_manage = fields.Boolean(
        compute="_compute_roles",
        help="Whether you fill and submit this scorecard: a manager of the colleague "
        "in the org chart, or HR.",
    )

    _sql_constraints = [
        (
            "unique_employee_cycle",
            "UNIQUE(cycle_id, employee_id)",
            "An employee has one scorecard per cycle.",
        ),
        (
            "adjustment_finite",
            "CHECK(adjustment IS NULL OR (adjustment > '-Infinity' "
            "AND adjustment < 'Infinity'))",
            "An adjustment must be a number.",
        ),
    ]

    @api.depends_context("uid")
    @api.depends("employee_id")
    def _compute_roles(self):
        is_hr = self.env["res.users"]._ic_is_hr()
        managed = self._managed_ids()
        for card in self:
            card.is_mine = card.sudo().employee_id.user_id == self.env.user
            card.can_manage = not card.is_mine and (is_hr or card.id in managed)

    def _managed_ids(self):
        """Ids of the scorecards whose colleague the user manages (org chart)."""
        if not self.ids:
            return set()
        cards = self.sudo()
        Employee = self.env["hr.employee"].sudo()
        team = set(
            Employee.search(
                [
                    ("id", "in", cards.employee_id.ids),
                    ("ic_manager_user_ids", "in", [self.env.uid]),
                ]
            ).ids
        )
        heads = set()
        if self.env.user.has_group("internal_customer.group_manager"):
            heads = set(
                Employee.search(
                    [
                        ("id", "in", cards.employee_id.ids),
                        ("ic_head_user_ids", "in", [self.env.uid]),
                    ]
                ).ids
            )
        return {card.id for card in cards if card.employee_id.id in team | heads}

    @api.depends("employee_id", "cycle_id")
    def _compute_display_name(self):
        for card in self:
            card.display_name = f"{card.employee_id.name} - {card.cycle_id.name}"

    @api.depends(
        "line_ids.effective_weight",
        "line_ids.score",
        "line_ids.below_threshold",
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
                scoring.Line(
                    line.id,
                    line.effective_weight,
                    line._score_or_none(),
                    line.below_threshold,
                )
                for line in card.line_ids
            ]
            cap = max(card.line_ids.kpi_id.mapped("max_achievement") or [100.0])
            if card.company_id.id not in thresholds:
                thresholds[card.company_id.id] = [
                    (b.min_score, b)
                    for b in bands
                    if not b.company_id or b.company_id == card.company_id
                ]
            base, final, band, status = scoring.card_scores(
                lines, cap, card.adjustment, thresholds[card.company_id.id]
            )
            card.score_status = status
            card.base_score = base
            card.final_score = final
            card.band_id = band or False
            card.band = band.name if band else False

    @api.depends("line_ids.kpi_id.max_achievement")
    def _compute_score_cap(self):
        for card in self:
            card.score_cap = max(
                card.line_ids.kpi_id.mapped("max_achievement") or [100.0]
            )

    @api.depends(
        "line_ids.actual",
        "line_ids.index_calibrated",
        "line_ids.rater_count",
        "line_ids.kind",
    )
    def _compute_internal_index(self):
        for card in self:
            line = card.line_ids.filtered(lambda x: x.kind == "internal_customer")[:1]
            card.internal_index = line._actual_or_none() if line else None
            card.internal_index_calibrated = (
                None
                if not line or line.index_calibrated is False
                else line.index_calibrated
            )
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
        return self.env["res.users"]._ic_is_hr()

    def _guard_hint(self):
        return self.env._(
            "the cycle creates scorecards and fills them; use Submit, Acknowledge, "
            "Close and Reopen"
        )

    def _flow_hint(self, action):
        return {
            "action_submit": self.env._("HR can reopen it, with a reason."),
            "action_acknowledge": self.env._(
                "A scorecard is acknowledged once its manager has submitted it."
            ),
            "action_done": self.env._("Submit the scorecard before closing it."),
            "reopen": self.env._("A draft scorecard is already open."),
        }.get(action, "")

    def write(self, vals):
        if not guard.is_unlocked(self.env):
            self._check_client_write(vals)
        return super().write(vals)

    def _check_client_write(self, vals):
        names = {
            name for name in vals if not name.startswith(("message_", "activity_"))
        }
        if not names:
            return
        if any(card.state == "done" for card in self):
            raise UserError(
                self.env._(
                    "This scorecard is closed with its cycle: it is locked. HR can "
                    "reopen it, with a reason."
                )
            )
        for card in self:
            if card.is_mine:
                if names - EMPLOYEE_FIELDS:
                    raise AccessError(
                        self.env._(
                            "Your manager fills your scorecard; you can acknowledge "
                            "it and comment."
                        )
                    )
                if card.state != "submitted" or card.acknowledged:
                    raise UserError(
                        self.env._(
                            "You comment on your scorecard once it is submitted, "
                            "before you acknowledge it."
                        )
                    )
                continue
            if names & EMPLOYEE_FIELDS:
                raise AccessError(
                    self.env._(
                        "Only %(employee)s writes their own comment.",
                        employee=card.sudo().employee_id.name,
                    )
                )
            card._check_can_manage()
            if card.state != "draft":
                raise UserError(
                    self.env._(
                        "The scorecard of %(employee)s is submitted: it no longer "
                        "changes. HR can reopen it, with a reason.",
                        employee=card.sudo().employee_id.name,
                    )
                )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def _check_can_manage(self):
        for card in self:
            if not card.can_manage:
                raise AccessError(
                    self.env._(
                        "Only a manager of %(employee)s in the org chart, or HR, "
                        "fills and submits this scorecard.",
                        employee=card.sudo().employee_id.name,
                    )
                )

    def action_submit(self):
        self._check_can_manage()
        self._flow_check("action_submit")
        for card in self:
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
        self.sudo()._flow_move("action_submit")
        for card in self.sudo().filtered(lambda c: c.employee_id.user_id):
            card.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Read and acknowledge your scorecard"),
                user_id=card.employee_id.user_id.id,
            )
        return True

    def action_acknowledge(self):
        for card in self:
            if not card.is_mine:
                raise AccessError(
                    self.env._(
                        "Only %(employee)s can acknowledge this scorecard.",
                        employee=card.sudo().employee_id.name,
                    )
                )
        self._flow_check("action_acknowledge")
        for card in self:
            if card.acknowledged:
                raise UserError(self.env._("You already acknowledged this scorecard."))
        # Checked above: the employee acknowledges their own submitted scorecard.
        guard.unlocked(self.sudo()).write(
            {"acknowledged": True, "acknowledge_date": fields.Datetime.now()}
        )
        self.sudo().activity_feedback(["mail.mail_activity_data_todo"])
        return True

    def action_done(self):
        if not self._is_hr():
            raise AccessError(self.env._("HR closes scorecards."))
        self._flow_move("action_done")
        return True

    def action_reopen(self):
        """Ask HR for the reason, then reopen (see the reopen wizard)."""
        if not self._is_hr():
            raise AccessError(self.env._("Only HR can reopen a scorecard."))
        self._flow_check("reopen")
        return self.env["internal.kpi.reopen"]._open_for(self)

    def _reopen(self, reason):
        """Back to draft for its manager, logged with who, when and why. A
        scorecard of a closed cycle stays closed until the cycle is reopened."""
        if not self._is_hr():
            raise AccessError(self.env._("Only HR can reopen a scorecard."))
        self._flow_check("reopen")
        closed = self.filtered(lambda c: c.cycle_id.state == "done")
        if closed:
            raise UserError(
                self.env._(
                    "The cycle '%(cycle)s' is closed: reopen the cycle first.",
                    cycle=closed[0].cycle_id.name,
                )
            )
        self._flow_move("reopen", {"acknowledged": False, "acknowledge_date": False})
        for card in self:
            card._message_log(
                body=self.env._("Scorecard reopened. Reason: %(reason)s", reason=reason)
            )

    def action_print(self):
        return self.env.ref("internal_kpi.action_report_scorecard").report_action(self)
