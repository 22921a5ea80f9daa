# Copyright 2026 Internal Customer 360
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Internal Customer 360 KPIs",
    "version": "18.0.0.1.0",
    "category": "Human Resources/Appraisals",
    "summary": "Appraisal cycles whose KPIs include internal-customer scores",
    "author": "Internal Customer 360",
    "website": "https://github.com/internal-customer-360/internal-customer-360",
    "license": "LGPL-3",
    "depends": ["internal_customer"],
}
