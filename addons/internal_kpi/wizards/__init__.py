from . import internal_kpi_reopen
