from . import hr_appraisal
