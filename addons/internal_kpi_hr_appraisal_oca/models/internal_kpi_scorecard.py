# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.tools import SQL


class InternalKpiScorecard(models.Model):
    _inherit = "internal.kpi.scorecard"

    ic_appraisal_manager_user_ids = fields.Many2many(
        "res.users",
        string="Appraisal Managers",
        compute="_compute_ic_appraisal_manager_user_ids",
        search="_search_ic_appraisal_manager_user_ids",
        help="The managers of the OCA appraisals this scorecard belongs to: the "
        "colleague's appraisals dated within the scorecard's cycle.",
    )

    def _ic_appraisal_sql(self, where):
        managers = self.env["hr.appraisal"]._fields["manager_ids"]
        self.env["hr.appraisal"].flush_model(
            ["employee_id", "date_close", "manager_ids"]
        )
        self.env["hr.employee"].flush_model(["user_id"])
        self.flush_model(["employee_id", "cycle_id"])
        return SQL(
            """
            SELECT s.id, m.user_id
              FROM internal_kpi_scorecard s
              JOIN internal_kpi_cycle c ON c.id = s.cycle_id
              JOIN hr_appraisal a ON a.employee_id = s.employee_id
               AND a.date_close BETWEEN c.date_start AND c.date_end
              JOIN %(rel)s r ON r.%(col1)s = a.id
              JOIN hr_employee m ON m.id = r.%(col2)s
             WHERE m.user_id IS NOT NULL AND %(where)s
            """,
            rel=SQL.identifier(managers.relation),
            col1=SQL.identifier(managers.column1),
            col2=SQL.identifier(managers.column2),
            where=where,
        )

    def _compute_ic_appraisal_manager_user_ids(self):
        self.env.cr.execute(self._ic_appraisal_sql(SQL("s.id = ANY(%s)", self.ids)))
        users = {}
        for card_id, user_id in self.env.cr.fetchall():
            users.setdefault(card_id, []).append(user_id)
        for card in self:
            card.ic_appraisal_manager_user_ids = [
                fields.Command.set(users.get(card.id, []))
            ]

    def _search_ic_appraisal_manager_user_ids(self, operator, value):
        if operator not in ("in", "=") or not value:
            raise NotImplementedError(
                self.env._("Search appraisal managers with 'in' or '=' and user ids.")
            )
        users = [value] if isinstance(value, int) else list(value)
        query = self._ic_appraisal_sql(SQL("m.user_id = ANY(%s)", users))
        return [("id", "in", SQL("(SELECT id FROM (%s) x)", query))]
