# Copyright 2026 Internal Customer 360
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Internal Customer 360: relations suggested from project tasks",
    "version": "18.0.1.0.0",
    "category": "Human Resources/Appraisals",
    "summary": "Suggest service relations from who asks for and who does the tasks",
    "author": "Internal Customer 360",
    "website": "https://github.com/internal-customer-360/internal-customer-360",
    "license": "LGPL-3",
    "depends": ["internal_customer", "project"],
    "data": [
        "security/ir.model.access.csv",
        "security/internal_customer_project_rules.xml",
        "views/internal_customer_suggestion_views.xml",
        "wizard/internal_customer_suggestion_run_views.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "internal_customer_project/static/tests/tours/**/*",
        ],
    },
    "auto_install": True,
}
