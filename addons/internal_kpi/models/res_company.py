# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    ic_cycle_length = fields.Selection(
        [("half", "Half-year"), ("year", "Year")],
        string="Appraisal Cycle Length",
        default="half",
        required=True,
        help="The period a new appraisal cycle covers by default: the current "
        "half-year or the current year.",
    )
