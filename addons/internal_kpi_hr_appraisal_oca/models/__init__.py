from . import hr_appraisal
from . import internal_kpi_scorecard
