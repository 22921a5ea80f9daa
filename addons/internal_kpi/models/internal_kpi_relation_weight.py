# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from odoo.addons.internal_customer.models.internal_customer_relation import (
    RELATION_TYPES,
)


class InternalKpiRelationWeight(models.Model):
    _name = "internal.kpi.relation.weight"
    _description = "Relation-Type Weight"
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
            "CHECK(weight >= 0)",
            "A relation-type weight cannot be negative.",
        ),
    ]
