# Copyright 2026 Internal Customer 360
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Internal Customer 360 KPIs in OCA Appraisals",
    "version": "18.0.1.0.0",
    "category": "Human Resources/Appraisals",
    "summary": "Show the KPI scorecard and internal-customer index on OCA appraisals",
    "author": "Internal Customer 360",
    "website": "https://github.com/internal-customer-360/internal-customer-360",
    "license": "AGPL-3",
    "depends": ["internal_kpi", "hr_appraisal_oca"],
    "data": [
        "security/internal_kpi_hr_appraisal_oca_rules.xml",
        "views/hr_appraisal_views.xml",
    ],
    "auto_install": True,
}
