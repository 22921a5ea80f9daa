# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models, tools


class InternalKpiScorecardReport(models.Model):
    """Cycle analysis: one row per scorecard, for pivots and graphs."""

    _name = "internal.kpi.scorecard.report"
    _description = "Cycle Analysis"
    _auto = False
    _order = "cycle_id desc, final_score desc"
    _rec_name = "employee_id"

    scorecard_id = fields.Many2one("internal.kpi.scorecard", readonly=True)
    cycle_id = fields.Many2one("internal.kpi.cycle", readonly=True)
    employee_id = fields.Many2one("hr.employee", readonly=True)
    department_id = fields.Many2one("hr.department", readonly=True)
    job_id = fields.Many2one("hr.job", readonly=True)
    band_id = fields.Many2one("internal.kpi.band", string="Band", readonly=True)
    rule_id = fields.Many2one("internal.kpi.weighting.rule", readonly=True)
    state = fields.Selection(
        [("draft", "Draft"), ("submitted", "Submitted"), ("done", "Done")],
        readonly=True,
    )
    company_id = fields.Many2one("res.company", readonly=True)
    final_score = fields.Float(readonly=True, aggregator="avg", digits=(5, 2))
    base_score = fields.Float(
        string="Computed Score", readonly=True, aggregator="avg", digits=(5, 2)
    )
    adjustment = fields.Float(readonly=True, aggregator="avg", digits=(5, 2))
    internal_index = fields.Float(
        string="Internal-Customer Index", readonly=True, aggregator="avg", digits=(5, 1)
    )
    internal_rater_count = fields.Integer(
        string="Internal Raters", readonly=True, aggregator="sum"
    )
    scorecard_count = fields.Integer(
        string="Scorecards", readonly=True, aggregator="sum"
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            f"""
            CREATE OR REPLACE VIEW {self._table} AS (
                SELECT s.id, s.id AS scorecard_id, s.cycle_id, s.employee_id,
                       s.department_id, s.job_id, s.band_id, s.rule_id, s.state,
                       s.company_id, s.final_score, s.base_score, s.adjustment,
                       s.internal_index, s.internal_rater_count, 1 AS scorecard_count
                  FROM internal_kpi_scorecard s
            )
            """
        )
