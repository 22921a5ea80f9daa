/** @odoo-module **/
// Copyright 2026 Internal Customer 360
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import { registry } from "@web/core/registry";
import { screenshot } from "@internal_customer/../tests/tours/journey";

registry.category("web_tour.tours").add("spreadsheet_dashboard_internal_customer_tour", {
    steps: () => [
        {
            content: "The dashboard is listed under Internal Customers",
            trigger: ".o_spreadsheet_dashboard_search_panel:contains('Internal Customer Service')",
        },
        {
            content: "The spreadsheet is drawn",
            trigger: ".o-spreadsheet .o-grid",
        },
        {
            content: "Its charts are drawn from the results",
            trigger: ".o-figure canvas",
        },
        {
            content: "No error on the way",
            trigger: "body:not(:has(.o_notification.border-danger))",
        },
        ...screenshot("spreadsheet-dashboard.png", 800, ".o-figure canvas", "desktop"),
    ],
});
