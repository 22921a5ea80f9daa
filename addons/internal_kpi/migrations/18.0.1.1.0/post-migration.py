# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.1.0: the cycle analysis is a pivot over the scorecards themselves;
the SQL view of the former analysis model goes."""


def migrate(cr, version):
    if version:
        cr.execute("DROP VIEW IF EXISTS internal_kpi_scorecard_report")
