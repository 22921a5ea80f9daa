# Copyright 2026 Internal Customer 360
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Internal Customer 360 KPIs",
    "version": "18.0.1.2.0",
    "category": "Human Resources/Appraisals",
    "summary": "Appraisal cycles whose KPIs include internal-customer scores",
    "author": "Internal Customer 360",
    "website": "https://github.com/internal-customer-360/internal-customer-360",
    "license": "LGPL-3",
    "depends": ["internal_customer"],
    "data": [
        "security/ir.model.access.csv",
        "security/internal_kpi_rules.xml",
        "data/internal_kpi_definition_data.xml",
        "data/internal_kpi_band_data.xml",
        "data/ir_cron_data.xml",
        "views/internal_kpi_definition_views.xml",
        "views/internal_kpi_band_views.xml",
        "views/internal_kpi_weighting_rule_views.xml",
        "views/internal_kpi_cycle_views.xml",
        "views/internal_kpi_scorecard_views.xml",
        "views/hr_employee_views.xml",
        "views/res_company_views.xml",
        "report/internal_kpi_scorecard_reports.xml",
        "report/internal_kpi_scorecard_templates.xml",
        "wizards/internal_kpi_reopen_views.xml",
        "views/internal_kpi_menus.xml",
    ],
    "demo": [
        "demo/internal_kpi_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "internal_kpi/static/tests/tours/**/*",
        ],
    },
}
