/** @odoo-module **/
// Copyright 2026 Internal Customer 360
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import { registry } from "@web/core/registry";

// An employee answers a relation suggested from the tasks they asked for.
registry.category("web_tour.tours").add("internal_customer_suggestion_tour", {
    steps: () => [
        {
            content: "The question, in words",
            trigger: ".o_data_row:contains('You worked with Ivy IT on 4 tasks in Q3 2026')",
        },
        {
            content: "Yes: she serves me",
            trigger: ".o_data_row:contains('Ivy IT') button[name=action_accept]",
            run: "click",
        },
        {
            content: "Noted, and nothing left to answer",
            trigger: ".o_view_nocontent:contains('No suggestion to answer')",
        },
    ],
});
