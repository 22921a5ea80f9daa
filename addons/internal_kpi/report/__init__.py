from . import internal_kpi_scorecard_report
