# Copyright 2026 Internal Customer 360
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Spreadsheet dashboard for Internal Customer 360",
    "version": "18.0.1.1.0",
    "category": "Hidden",
    "summary": "An Odoo spreadsheet dashboard of the internal-customer results and KPI bands",
    "author": "Internal Customer 360",
    "website": "https://github.com/internal-customer-360/internal-customer-360",
    "license": "LGPL-3",
    "depends": ["spreadsheet_dashboard", "internal_kpi"],
    "data": ["data/dashboards.xml"],
    "assets": {
        "web.assets_tests": [
            "spreadsheet_dashboard_internal_customer/static/tests/tours/**/*",
        ],
    },
    "auto_install": True,
}
