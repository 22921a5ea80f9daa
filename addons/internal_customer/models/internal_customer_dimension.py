# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class InternalCustomerDimension(models.Model):
    _name = "internal.customer.dimension"
    _description = "Service-Quality Dimension"
    _inherit = ["internal.customer.guarded"]
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    description = fields.Text(
        translate=True, help="The question shown to the rater for this dimension."
    )
    sequence = fields.Integer(default=10)
    weight = fields.Float(
        default=1.0,
        help="Relative weight of this dimension in a rating's overall score. A "
        "campaign keeps the weights it was launched with.",
    )
    is_outcome = fields.Boolean(
        string="Outcome",
        help="Measures a result delivered, not an attitude. "
        "A campaign needs at least one outcome dimension.",
    )
    anchor_low = fields.Char(
        string="Low Anchor",
        translate=True,
        help="What a score of 1 means, shown to the rater.",
    )
    anchor_high = fields.Char(
        string="High Anchor",
        translate=True,
        help="What a score of 5 means, shown to the rater.",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", help="Leave empty to share the dimension with every company."
    )

    _sql_constraints = [
        (
            "weight_positive",
            "CHECK(weight > 0 AND weight < 'Infinity')",
            "A dimension's weight must be a number greater than zero.",
        ),
    ]
