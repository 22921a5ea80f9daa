# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

# Rule lines are written through their rule only, which checks that the weights
# sum to 100 once all of them are written. The rule marks its own writes with
# this object, which no client can put in a context (see internal_customer's
# guard module).
THROUGH_RULE = object()
KEY = "internal_kpi_through_rule"


def through_rule(records):
    return records.with_context(**{KEY: THROUGH_RULE})


class InternalKpiWeightingRuleLine(models.Model):
    _name = "internal.kpi.weighting.rule.line"
    _description = "KPI Weight in a Rule"
    _inherit = ["internal.customer.guarded"]
    _order = "sequence, id"

    rule_id = fields.Many2one(
        "internal.kpi.weighting.rule", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    kpi_id = fields.Many2one("internal.kpi.definition", string="KPI", required=True)
    kind = fields.Selection(related="kpi_id.kind")
    weight = fields.Float(string="Weight (%)", required=True)
    target = fields.Float(
        help="Overrides the KPI's target for this rule; 0 keeps the KPI's own."
    )

    _sql_constraints = [
        (
            "weight_range",
            "CHECK(weight > 0 AND weight <= 100)",
            "A KPI weight goes from more than 0 to 100.",
        ),
        (
            "target_finite",
            "CHECK(target IS NULL OR (target > '-Infinity' AND target < 'Infinity'))",
            "A target must be a number.",
        ),
    ]

    @api.model
    def _check_through_rule(self):
        if self.env.context.get(KEY) is not THROUGH_RULE:
            raise UserError(
                self.env._(
                    "Edit the weights on their weighting rule, where they are "
                    "checked together (KPI weights must sum to 100)."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_through_rule()
        return super().create(vals_list)

    def write(self, vals):
        self._check_through_rule()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_through_rule(self):
        self._check_through_rule()
