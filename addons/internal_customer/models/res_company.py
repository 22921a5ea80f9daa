# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    ic_held_release = fields.Selection(
        [
            ("campaign", "In the next campaign that covers it"),
            ("rolling", "In a rolling result, once enough colleagues gave it"),
        ],
        string="Feedback Given Between Campaigns Counts",
        default="campaign",
        required=True,
        help="Feedback given now is held, unseen, until it counts: in the next "
        "campaign that covers the colleague and the day it was given, or, in a "
        "rolling result, as soon as enough colleagues (the anonymity threshold, 3) "
        "have given feedback on the same colleague: a nightly batch then closes a "
        "'Feedback between campaigns' campaign with their results, for HR to "
        "publish.",
    )
