# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare

from .. import scoring
from ..engine import scorecards
from . import internal_kpi_weighting_rule_line as rule_line

# What a scorecard reads from its rule when it is filled: frozen once used.
FROZEN_WHEN_USED = {
    "line_ids",
    "relation_weight_ids",
    "fallback",
    "use_confidence",
    "confidence_strength",
    "confidence_prior",
    "use_calibrated",
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
    use_calibrated = fields.Boolean(
        string="Use the Calibrated Index",
        tracking=True,
        help="Score the internal-customer KPIs with the calibrated index: each "
        "rater's leniency or strictness, estimated from all their answers in the "
        "campaign, is taken out, so a strict rater no longer lowers everyone they "
        "rate. Both indexes show on the scorecard either way.",
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

    @api.ondelete(at_uninstall=False)
    def _unlink_unused(self):
        in_use = self._in_use()
        if in_use:
            raise UserError(
                self.env._(
                    "The rule '%(rule)s' is used by scorecards: archive it instead.",
                    rule=in_use[0].name,
                )
            )

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
    @api.model
    def _engine_rules(self, domain, active_only=False):
        """The rules of ``domain`` as the engine takes them, by sequence (see
        engine/scorecards.py)."""
        rules = (
            self.sudo()
            .with_context(active_test=active_only)
            .search(domain, order="sequence, id")
        )
        return [
            scorecards.Rule(
                id=rule.id,
                company_id=rule.company_id.id,
                departments=frozenset(rule.department_ids.ids),
                jobs=frozenset(rule.job_ids.ids),
                tags=frozenset(rule.category_ids.ids),
                fallback=rule.fallback,
                relation_weights=rule._relation_weights(),
                use_confidence=rule.use_confidence,
                confidence_prior=rule.confidence_prior or "company",
                confidence_strength=rule.confidence_strength,
                use_calibrated=rule.use_calibrated,
            )
            for rule in rules
        ]

    @api.model
    def _match_facts(self, facts):
        """{employee id: (engine rule or None, why)}: the first active rule by
        sequence whose departments (with their sub-departments), jobs and tags
        all match (see engine/scorecards.py)."""
        companies = list({fact.company_id for fact in facts.values()})
        rules = self._engine_rules([("company_id", "in", companies)], active_only=True)
        matched = scorecards.match(facts, rules)
        names = {}
        for model, ids in (
            (
                "hr.department",
                {d for _r, deps, _j, _t in matched.values() for d in deps},
            ),
            ("hr.job", {j for _r, _d, j, _t in matched.values() if j}),
            (
                "hr.employee.category",
                {t for _r, _d, _j, tags in matched.values() for t in tags},
            ),
        ):
            for record in self.env[model].sudo().browse(sorted(ids)):
                names[(model, record.id)] = record.name
        records = {
            rule.id: rule
            for rule in self.sudo().browse(
                {rule.id for rule, _d, _j, _t in matched.values() if rule}
            )
        }
        out = {}
        for emp, (rule, departments, job, tags) in matched.items():
            if rule is None:
                out[emp] = (
                    None,
                    self.env._("No rule matches: create one for everyone."),
                )
                continue
            reasons = []
            if departments:
                reasons.append(
                    self.env._(
                        "department %(dep)s",
                        dep=", ".join(
                            names[("hr.department", d)] for d in sorted(departments)
                        ),
                    )
                )
            if job:
                reasons.append(self.env._("job %(job)s", job=names[("hr.job", job)]))
            if tags:
                reasons.append(
                    self.env._(
                        "tag %(tags)s",
                        tags=", ".join(
                            names[("hr.employee.category", t)] for t in sorted(tags)
                        ),
                    )
                )
            record = records[rule.id]
            out[emp] = (
                rule,
                self.env._(
                    "%(rule)s (sequence %(seq)s): %(reason)s",
                    rule=record.name,
                    seq=record.sequence,
                    reason=", ".join(reasons) or self.env._("applies to everyone"),
                ),
            )
        return out

    @api.model
    def _facts(self, employee_ids):
        self.env["hr.employee"].flush_model(
            ["company_id", "department_id", "job_id", "category_ids"]
        )
        self.env["hr.department"].flush_model(["parent_path"])
        return scorecards.facts(self.env.cr, employee_ids)

    @api.model
    def _match_employee_ids(self, employee_ids):
        """{employee id: (rule, why)}, in one query for all employees."""
        matched = self._match_facts(self._facts(employee_ids))
        return {
            emp: (self.browse(rule.id if rule else []), reason)
            for emp, (rule, reason) in matched.items()
        }

    def _engine_lines(self):
        """{rule id: [RuleLine]} and {kpi id: Kpi}, read once for the engine."""
        lines, kpis = {}, {}
        for line in self.sudo().line_ids.sorted(
            lambda x: (x.rule_id.id, x.sequence, x.id)
        ):
            lines.setdefault(line.rule_id.id, []).append(
                scorecards.RuleLine(
                    line.sequence, line.kpi_id.id, line.weight, line.target
                )
            )
            kpi = line.kpi_id
            kpis[kpi.id] = scorecards.Kpi(
                kpi.kind,
                kpi.direction,
                kpi.max_achievement,
                kpi.dimension_id.id,
                kpi.target,
            )
        return lines, kpis

    @api.model
    def _match_employees(self, employees):
        """{employee: (rule, why)}, for a recordset of employees."""
        by_id = self._match_employee_ids(employees.ids)
        return {employee: by_id[employee.id] for employee in employees}

    @api.model
    def _find_for(self, employee):
        """(rule, reason): the first matching rule by sequence."""
        return self._match_employees(employee)[employee]

    def action_view_matching_employees(self):
        self.ensure_one()
        employees = self.env["hr.employee"].search(
            [("company_id", "=", self.company_id.id)]
        )
        matches = self._match_employee_ids(employees.ids)
        matching = employees.filtered(lambda e: matches[e.id][0] == self)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Employees under %(rule)s", rule=self.name),
            "res_model": "hr.employee",
            "view_mode": "list,form",
            "domain": [("id", "in", matching.ids)],
            "help": self.env._(
                "<p class='o_view_nocontent_empty_folder'>No employee falls under this"
                " rule</p><p>An employee falls under the first matching rule by"
                " sequence: check the rule's departments, jobs and tags, and the"
                " rules above it.</p>"
            ),
        }

    def _relation_weights(self):
        self.ensure_one()
        return {rw.relation_type: rw.weight for rw in self.relation_weight_ids}
