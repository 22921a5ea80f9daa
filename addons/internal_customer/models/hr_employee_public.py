# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class HrEmployeePublic(models.Model):
    """Employees without HR rights search hr.employee through this model: the
    manager fields must answer there too."""

    _name = "hr.employee.public"
    _inherit = ["hr.employee.public", "internal.customer.managed.mixin"]
