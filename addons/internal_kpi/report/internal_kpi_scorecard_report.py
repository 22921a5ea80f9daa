# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class ReportScorecard(models.AbstractModel):
    """The printed scorecard, for everyone who may read the scorecard.

    The reader's own rights decide which scorecards print (checked here, rules
    included). What the scorecard shows about the colleague (job position,
    manager, language) is read on the scorecard's behalf: a manager or the
    employee may not read ``hr.job`` or the private employee record, yet the
    scorecard they may read names them.
    """

    _name = "report.internal_kpi.report_scorecard"
    _description = "Printed KPI Scorecard"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["internal.kpi.scorecard"].browse(docids)
        docs.check_access("read")
        info = {}
        for card in docs.sudo():
            employee = card.employee_id
            info[card.id] = {
                "employee": employee.name or "",
                "job": card.job_id.name or employee.job_title or "",
                "department": card.department_id.name or "",
                "manager": card.manager_id.name or "",
                "lang": employee.user_id.lang or self.env.lang,
            }
        return {
            "doc_ids": docs.ids,
            "doc_model": "internal.kpi.scorecard",
            "docs": docs,
            "card_info": info,
        }
