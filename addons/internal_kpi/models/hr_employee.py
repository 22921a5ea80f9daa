# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    kpi_rule_id = fields.Many2one(
        "internal.kpi.weighting.rule",
        string="KPI Weighting Rule",
        compute="_compute_kpi_rule",
        groups="internal_customer.group_manager",
    )
    kpi_rule_reason = fields.Char(
        string="Why This Rule",
        compute="_compute_kpi_rule",
        groups="internal_customer.group_manager",
    )

    def _compute_kpi_rule(self):
        matches = self.env["internal.kpi.weighting.rule"]._match_employees(self)
        for employee in self:
            rule, reason = matches[employee]
            employee.kpi_rule_id = rule
            employee.kpi_rule_reason = reason
