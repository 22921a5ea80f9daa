# Copyright 2026 Internal Customer 360
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Internal Customer 360",
    "version": "18.0.1.4.0",
    "category": "Human Resources/Appraisals",
    "summary": "Map who serves whom and rate internal suppliers anonymously",
    "author": "Internal Customer 360",
    "website": "https://github.com/internal-customer-360/internal-customer-360",
    "license": "LGPL-3",
    "depends": ["hr", "mail"],
    "data": [
        "security/internal_customer_groups.xml",
        "security/ir.model.access.csv",
        "security/internal_customer_rules.xml",
        "data/internal_customer_dimension_data.xml",
        "data/mail_template_data.xml",
        "data/mail_activity_type_data.xml",
        "data/ir_cron_data.xml",
        "views/internal_customer_dimension_views.xml",
        "views/internal_customer_relation_views.xml",
        "views/internal_customer_department_rule_views.xml",
        "views/internal_customer_campaign_views.xml",
        "views/internal_customer_rating_views.xml",
        "views/internal_customer_result_views.xml",
        "views/internal_customer_comment_views.xml",
        "views/internal_customer_improvement_views.xml",
        "views/hr_employee_views.xml",
        "views/res_company_views.xml",
        "wizards/internal_customer_relation_generate_views.xml",
        "wizards/internal_customer_relation_reject_views.xml",
        "wizards/internal_customer_campaign_check_views.xml",
        "wizards/internal_customer_comment_redact_views.xml",
        "views/internal_customer_menus.xml",
    ],
    "demo": [
        "demo/internal_customer_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "internal_customer/static/src/**/*",
        ],
        "web.assets_tests": [
            "internal_customer/static/tests/tours/**/*",
        ],
    },
    "application": True,
}
