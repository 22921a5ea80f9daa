# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare

from .. import scoring
from . import internal_kpi_weighting_rule_line as rule_line

# What a scorecard reads from its rule when it is filled: frozen once used.
FROZEN_WHEN_USED = {
    "line_ids",
    "relation_weight_ids",
    "fallback",
    "use_confidence",
    "confidence_strength",
    "confidence_prior",
}


class InternalKpiWeightingRule(models.Model):
    """HR's rule: which KPIs count, and how much, for whom.

    Rules are tried by sequence; the first whose departments (with their
    sub-departments), jobs and employee tags all match the employee applies.
    An empty criterion matches everyone.
    """

    _name = "internal.kpi.weighting.rule"
    _description = "KPI Weighting Rule"
    _inherit = ["internal.customer.guarded", "mail.thread"]
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    sequence = fields.Integer(default=10, tracking=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    department_ids = fields.Many2many(
        "hr.department",
        string="Departments",
        check_company=True,
        help="Employees of these departments or of their sub-departments. Empty: any.",
    )
    job_ids = fields.Many2many(
        "hr.job", string="Jobs", check_company=True, help="Empty: any job."
    )
    category_ids = fields.Many2many(
        "hr.employee.category",
        string="Employee Tags",
        help="Employees with at least one of these tags. Empty: any.",
    )
    line_ids = fields.One2many(
        "internal.kpi.weighting.rule.line", "rule_id", string="KPIs", copy=True
    )
    relation_weight_ids = fields.One2many(
        "internal.kpi.relation.weight",
        "rule_id",
        string="Relation-Type Weights",
        copy=True,
        help="How much each kind of internal customer counts in the internal-customer "
        "KPIs. Empty: every rater counts the same.",
    )
    fallback = fields.Selection(
        scoring.FALLBACKS,
        string="Below the Anonymity Threshold",
        required=True,
        default="redistribute",
        tracking=True,
    )
    use_confidence = fields.Boolean(
        string="Adjust Small Samples",
        tracking=True,
        help="Pull an internal-customer index built from few raters toward the "
        "mean, as if a few extra raters had given the mean.",
    )
    confidence_strength = fields.Float(
        string="Virtual Raters",
        default=3.0,
        help="How many raters the mean counts for. 3: an index from 3 raters moves "
        "halfway to the mean, from 27 raters a tenth of the way.",
    )
    confidence_prior = fields.Selection(
        [("company", "Company mean"), ("department", "Department mean")],
        string="Pull Toward",
        default="company",
    )
    weight_total = fields.Float(compute="_compute_weight_total", string="Total (%)")

    _sql_constraints = [
        (
            "strength_finite",
            "CHECK(confidence_strength IS NULL OR (confidence_strength >= 0 "
            "AND confidence_strength < 'Infinity'))",
            "The number of virtual raters must be a number, zero or more.",
        ),
    ]
    scope_summary = fields.Char(compute="_compute_scope_summary", string="Applies To")

    @api.depends("line_ids.weight")
    def _compute_weight_total(self):
        for rule in self:
            rule.weight_total = sum(rule.line_ids.mapped("weight"))

    @api.depends("department_ids", "job_ids", "category_ids")
    def _compute_scope_summary(self):
        for rule in self:
            parts = []
            if rule.department_ids:
                parts.append(", ".join(rule.department_ids.mapped("name")))
            if rule.job_ids:
                parts.append(", ".join(rule.job_ids.mapped("name")))
            if rule.category_ids:
                parts.append(", ".join(rule.category_ids.mapped("name")))
            rule.scope_summary = " / ".join(parts) or self.env._("Everyone")

    @api.model_create_multi
    def create(self, vals_list):
        # Lines are written through their rule, then checked together by the
        # rule's own constraint (a line edited alone would be checked against
        # siblings not yet written).
        rules = super(InternalKpiWeightingRule, rule_line.through_rule(self)).create(
            vals_list
        )
        return rules.with_env(self.env)

    def write(self, vals):
        used = set(vals) & FROZEN_WHEN_USED
        if used:
            in_use = self._in_use()
            if in_use:
                raise UserError(
                    self.env._(
                        "The rule '%(rule)s' is used by scorecards, which keep the "
                        "weights they were made with: duplicate the rule, change the "
                        "copy and archive this one (%(fields)s).",
                        rule=in_use[0].name,
                        fields=self._guard_labels(used),
                    )
                )
        return super(InternalKpiWeightingRule, rule_line.through_rule(self)).write(vals)

    def _in_use(self):
        """The rules of ``self`` that scorecards were made with."""
        used = (
            self.env["internal.kpi.scorecard"]
            .sudo()
            ._read_group([("rule_id", "in", self.ids)], ["rule_id"])
        )
        return self.browse([rule.id for (rule,) in used])

    @api.constrains("line_ids")
    def _check_weights(self):
        for rule in self:
            kpis = rule.line_ids.kpi_id
            if len(kpis) != len(rule.line_ids):
                raise ValidationError(
                    self.env._(
                        "The rule '%(rule)s' lists a KPI twice: merge the lines.",
                        rule=rule.name,
                    )
                )
            total = sum(rule.line_ids.mapped("weight"))
            if rule.line_ids and float_compare(total, 100.0, precision_digits=2):
                raise ValidationError(
                    self.env._(
                        "The weights of '%(rule)s' sum to %(total)s: make them sum to "
                        "100.",
                        rule=rule.name,
                        total=round(total, 2),
                    )
                )

    @api.constrains("confidence_strength")
    def _check_strength(self):
        for rule in self:
            if not 0 <= rule.confidence_strength < float("inf"):
                raise ValidationError(
                    self.env._("The number of virtual raters cannot be negative.")
                )

    # ------------------------------------------------------------------
    # Matching
    # ------------------------------------------------------------------
    def _match_reason(self, employee):
        """Why this rule applies to ``employee``, or None when it does not."""
        self.ensure_one()
        reasons = []
        if self.company_id != employee.company_id:
            return None
        if self.department_ids:
            department = employee.department_id
            chain = department
            while chain.parent_id:
                chain = chain.parent_id
                department |= chain
            matched = department & self.department_ids
            if not matched:
                return None
            reasons.append(
                self.env._("department %(dep)s", dep=", ".join(matched.mapped("name")))
            )
        if self.job_ids:
            if employee.job_id not in self.job_ids:
                return None
            reasons.append(self.env._("job %(job)s", job=employee.job_id.name))
        if self.category_ids:
            tags = employee.category_ids & self.category_ids
            if not tags:
                return None
            reasons.append(
                self.env._("tag %(tags)s", tags=", ".join(tags.mapped("name")))
            )
        return ", ".join(reasons) or self.env._("applies to everyone")

    @api.model
    def _find_for(self, employee):
        """(rule, reason): the first matching rule by sequence."""
        return self._match_employees(employee)[employee]

    @api.model
    def _match_employees(self, employees):
        """{employee: (rule, reason)}, reading the rules once for all employees."""
        rules = self.search(
            [("company_id", "in", employees.company_id.ids)], order="sequence, id"
        )
        matches = {}
        for employee in employees:
            matches[employee] = (
                self.browse(),
                self.env._("No rule matches: create one for everyone."),
            )
            for rule in rules:
                reason = rule._match_reason(employee)
                if reason:
                    matches[employee] = (
                        rule,
                        self.env._(
                            "%(rule)s (sequence %(seq)s): %(reason)s",
                            rule=rule.name,
                            seq=rule.sequence,
                            reason=reason,
                        ),
                    )
                    break
        return matches

    def action_view_matching_employees(self):
        self.ensure_one()
        employees = self.env["hr.employee"].search(
            [("company_id", "=", self.company_id.id)]
        )
        matching = employees.filtered(lambda e: self._find_for(e)[0] == self)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Employees under %(rule)s", rule=self.name),
            "res_model": "hr.employee",
            "view_mode": "list,form",
            "domain": [("id", "in", matching.ids)],
        }

    def _scorecard_lines(self):
        """The lines a new scorecard starts with: a snapshot of this rule."""
        self.ensure_one()
        return [
            {
                "sequence": line.sequence,
                "kpi_id": line.kpi_id.id,
                "weight": line.weight,
                "target": line.target or line.kpi_id.target,
            }
            for line in self.line_ids
        ]

    def _relation_weights(self):
        self.ensure_one()
        return {rw.relation_type: rw.weight for rw in self.relation_weight_ids}
