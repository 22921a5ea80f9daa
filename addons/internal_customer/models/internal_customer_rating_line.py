# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .. import guard
from ..fields import NullableInteger

SCORE_LABELS = [
    ("1", "1 - Far below expectations"),
    ("2", "2 - Below expectations"),
    ("3", "3 - Meets expectations"),
    ("4", "4 - Exceeds expectations"),
    ("5", "5 - Far exceeds expectations"),
    ("na", "Not applicable"),
]


class InternalCustomerRatingLine(models.Model):
    _name = "internal.customer.rating.line"
    _description = "Internal Customer Rating Score"
    _inherit = ["internal.customer.guarded"]
    _order = "rating_id, sequence, id"
    _client_fields = ("score", "score_choice")
    _system_created = True

    rating_id = fields.Many2one(
        "internal.customer.rating", required=True, index=True, ondelete="cascade"
    )
    dimension_id = fields.Many2one(
        "internal.customer.dimension", required=True, ondelete="restrict"
    )
    sequence = fields.Integer()
    score = NullableInteger(
        string="Score (1-5)",
        help="1 to 5; empty means not applicable.",
        aggregator=None,
    )
    score_choice = fields.Selection(
        SCORE_LABELS,
        string="Score",
        compute="_compute_score_choice",
        inverse="_inverse_score_choice",
    )
    dimension_name = fields.Char(related="dimension_id.name", string="Dimension Name")
    dimension_description = fields.Text(related="dimension_id.description")
    anchor_low = fields.Char(related="dimension_id.anchor_low")
    anchor_high = fields.Char(related="dimension_id.anchor_high")

    _sql_constraints = [
        (
            "score_range",
            "CHECK(score IS NULL OR (score >= 1 AND score <= 5))",
            "A score goes from 1 to 5; leave it empty for 'not applicable'.",
        ),
        (
            "unique_dimension",
            "UNIQUE(rating_id, dimension_id)",
            "A dimension is scored once per rating.",
        ),
    ]

    @api.depends("score")
    def _compute_score_choice(self):
        for line in self:
            line.score_choice = str(line.score) if line.score else False

    def _inverse_score_choice(self):
        for line in self:
            choice = line.score_choice
            line.score = int(choice) if choice and choice != "na" else False

    @api.constrains("score")
    def _check_score(self):
        for line in self:
            if line.score and not 1 <= line.score <= 5:
                raise ValidationError(
                    self.env._(
                        "A score goes from 1 to 5 (%(dimension)s got %(score)s): pick "
                        "a value on the scale, or 'not applicable'.",
                        dimension=line.dimension_id.name,
                        score=line.score,
                    )
                )

    def write(self, vals):
        if not guard.is_unlocked(self.env):
            vals = self._guard_drop_computed(vals)
            if not vals:
                return True
            self.rating_id._check_rater()
            self.rating_id._check_answerable()
        return super().write(vals)

    def _guard_hint(self):
        return self.env._("the launch creates one score per dimension; give its value")
