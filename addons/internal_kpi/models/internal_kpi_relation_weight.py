# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from odoo.addons.internal_customer.models.internal_customer_relation import (
    RELATION_TYPES,
)


class InternalKpiRelationWeight(models.Model):
    _name = "internal.kpi.relation.weight"
    _description = "Relation-Type Weight"
    _inherit = ["internal.customer.guarded"]
    _order = "rule_id, relation_type"

    rule_id = fields.Many2one(
        "internal.kpi.weighting.rule", required=True, ondelete="cascade", index=True
    )
    relation_type = fields.Selection(RELATION_TYPES, required=True)
    weight = fields.Float(required=True, default=25.0)

    _sql_constraints = [
        (
            "unique_type",
            "UNIQUE(rule_id, relation_type)",
            "Each relation type is weighted once per rule.",
        ),
        (
            "weight_positive",
            "CHECK(weight >= 0 AND weight < 'Infinity')",
            "A relation-type weight must be a number, zero or more.",
        ),
    ]

    # Written through their rule only, like the KPI weights: a rule in use is
    # frozen as a whole.
    @api.model_create_multi
    def create(self, vals_list):
        self.env["internal.kpi.weighting.rule.line"]._check_through_rule()
        return super().create(vals_list)

    def write(self, vals):
        self.env["internal.kpi.weighting.rule.line"]._check_through_rule()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_through_rule(self):
        self.env["internal.kpi.weighting.rule.line"]._check_through_rule()
