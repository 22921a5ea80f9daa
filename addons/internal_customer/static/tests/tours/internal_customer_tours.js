/** @odoo-module **/
// Copyright 2026 Internal Customer 360
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import { registry } from "@web/core/registry";

const tours = registry.category("web_tour.tours");

// An employee rates a colleague who serves them, from "My Ratings to Give".
tours.add("internal_customer_rate_tour", {
    steps: () => [
        {
            content: "Open the colleague to rate",
            trigger: ".o_kanban_record:contains('Ivy IT')",
            run: "click",
        },
        {
            content: "The agreed service level is shown",
            trigger: ".o_field_widget[name=expectation]:contains('Laptop ready on day one')",
        },
        {
            content: "Score the first dimension",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:first-child td[name=score_choice]",
            run: "click",
        },
        {
            content: "Choose 4 - Exceeds expectations",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:first-child td[name=score_choice] select",
            run: "selectByLabel 4 - Exceeds expectations",
        },
        {
            content: "Say what went well",
            trigger: ".o_field_widget[name=comment_positive] textarea",
            run: "edit Laptops ready before I even asked.",
        },
        {
            content: "Submit",
            trigger: ".o_form_view button[name=action_submit]",
            run: "click",
        },
        {
            content: "The rating is submitted",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Submitted')",
        },
    ],
});

// A manager approves a relation proposed by a member of their team.
tours.add("internal_customer_approve_tour", {
    steps: () => [
        {
            content: "Open the proposed relation",
            trigger: ".o_data_row td.o_data_cell:contains('Ivy IT')",
            run: "click",
        },
        {
            content: "Approve it",
            trigger: ".o_form_view button[name=action_approve]",
            run: "click",
        },
        {
            content: "The relation is approved",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Approved')",
        },
    ],
});

// HR creates a campaign and launches it.
tours.add("internal_customer_launch_tour", {
    steps: () => [
        {
            content: "Create a campaign",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Name it",
            trigger: ".o_field_widget[name=name] input",
            run: "edit Autumn service round",
        },
        {
            content: "Launch",
            trigger: ".o_form_view button[name=action_launch]",
            run: "click",
        },
        {
            content: "Confirm the launch",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The campaign is open",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Open')",
        },
        {
            content: "Its requests are counted",
            trigger: ".o_field_widget[name=request_count]:contains('3')",
        },
    ],
});
