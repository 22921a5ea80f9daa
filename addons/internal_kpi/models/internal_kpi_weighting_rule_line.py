# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class InternalKpiWeightingRuleLine(models.Model):
    _name = "internal.kpi.weighting.rule.line"
    _description = "KPI Weight in a Rule"
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
    ]

    @api.constrains("weight", "kpi_id")
    def _check_rule_weights(self):
        # Edited through its rule, a line is checked with its siblings once the
        # rule's whole write is done (the rule's own constraint); edited alone,
        # right away.
        if not self.env.context.get("ic_rule_lines_batch"):
            self.rule_id._check_weights()
