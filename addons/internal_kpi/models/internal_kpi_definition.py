# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

# What the score of a scorecard line reads from its KPI: frozen once used.
FROZEN_WHEN_USED = {"kind", "direction", "max_achievement", "dimension_id"}


class InternalKpiDefinition(models.Model):
    _name = "internal.kpi.definition"
    _description = "KPI Definition"
    _inherit = ["internal.customer.guarded"]
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Unique short code, e.g. ICI.")
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    kind = fields.Selection(
        [
            ("manual", "Manual (target vs actual)"),
            ("internal_customer", "Internal-customer index"),
            ("internal_customer_dimension", "Internal-customer index, one dimension"),
        ],
        required=True,
        default="manual",
    )
    dimension_id = fields.Many2one(
        "internal.customer.dimension",
        help="For a one-dimension KPI: the dimension whose index it takes.",
    )
    target = fields.Float(
        default=100.0,
        help="For an internal-customer KPI, the index (0-100) that scores 100 %.",
    )
    direction = fields.Selection(
        [("higher", "Higher is better"), ("lower", "Lower is better")],
        required=True,
        default="higher",
    )
    unit = fields.Char(help="e.g. %, days, tickets")
    max_achievement = fields.Float(
        string="Achievement Cap (%)",
        default=120.0,
        help="A line never scores more than this, however far the target is beaten.",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", help="Leave empty to share the KPI with every company."
    )

    _sql_constraints = [
        ("code_unique", "UNIQUE(code)", "Another KPI already uses this code."),
        (
            "numbers_finite",
            "CHECK(target > '-Infinity' AND target < 'Infinity' "
            "AND max_achievement > '-Infinity' AND max_achievement < 'Infinity')",
            "A KPI's target and cap must be numbers.",
        ),
    ]

    def write(self, vals):
        frozen = set(vals) & FROZEN_WHEN_USED
        if frozen:
            used = (
                self.env["internal.kpi.scorecard.line"]
                .sudo()
                ._read_group([("kpi_id", "in", self.ids)], ["kpi_id"])
            )
            if used:
                raise UserError(
                    self.env._(
                        "The KPI '%(kpi)s' is on scorecards, whose scores depend on "
                        "how it is measured (%(fields)s): create a new KPI instead.",
                        kpi=used[0][0].name,
                        fields=self._guard_labels(frozen),
                    )
                )
        return super().write(vals)

    @api.constrains("kind", "dimension_id", "max_achievement", "target")
    def _check_kind(self):
        for kpi in self:
            if kpi.kind == "internal_customer_dimension" and not kpi.dimension_id:
                raise ValidationError(
                    self.env._(
                        "Choose the dimension of the one-dimension KPI '%(kpi)s'.",
                        kpi=kpi.name,
                    )
                )
            if kpi.max_achievement < 100:
                raise ValidationError(
                    self.env._(
                        "The achievement cap of '%(kpi)s' must be at least 100 %%.",
                        kpi=kpi.name,
                    )
                )
            if kpi.target < 0:
                raise ValidationError(
                    self.env._(
                        "The target of '%(kpi)s' cannot be negative.", kpi=kpi.name
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_unused(self):
        used = (
            self.env["internal.kpi.scorecard.line"]
            .sudo()
            .search_count([("kpi_id", "in", self.ids)], limit=1)
        )
        if used:
            raise UserError(self.env._("Scorecards use this KPI: archive it instead."))
