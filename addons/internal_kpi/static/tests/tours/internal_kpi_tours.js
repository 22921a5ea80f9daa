/** @odoo-module **/
// Copyright 2026 Internal Customer 360
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import { registry } from "@web/core/registry";
import {
    atMostTaps,
    screenshot,
    startCountingTaps,
} from "@internal_customer/../tests/tours/journey";

const tours = registry.category("web_tour.tours");

// HR creates a weighting rule: internal customers 40 %, objectives 60 %.
tours.add("internal_kpi_rule_tour", {
    steps: () => [
        startCountingTaps(".o_list_button_add"),
        { content: "New rule", trigger: ".o_list_button_add", run: "click" },
        {
            content: "Name it",
            trigger: ".o_field_widget[name=name] input",
            run: "edit Tour rule",
        },
        {
            content: "Add a KPI line",
            trigger: ".o_field_widget[name=line_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Pick the internal-customer index",
            trigger: ".o_field_widget[name=line_ids] .o_data_row.o_selected_row .o_field_widget[name=kpi_id] input",
            run: "edit Internal-customer index",
        },
        {
            content: "Confirm the KPI",
            trigger: ".o-autocomplete--dropdown-menu .dropdown-item:contains('Internal-customer index')",
            run: "click",
        },
        {
            content: "Weight 40",
            trigger: ".o_field_widget[name=line_ids] .o_data_row.o_selected_row .o_field_widget[name=weight] input",
            run: "edit 40",
        },
        {
            content: "Add a second KPI line",
            trigger: ".o_field_widget[name=line_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Pick objectives",
            trigger: ".o_field_widget[name=line_ids] .o_data_row.o_selected_row .o_field_widget[name=kpi_id] input",
            run: "edit Objectives",
        },
        {
            content: "Confirm the KPI",
            trigger: ".o-autocomplete--dropdown-menu .dropdown-item:contains('Objectives')",
            run: "click",
        },
        {
            content: "Weight 60",
            trigger: ".o_field_widget[name=line_ids] .o_data_row.o_selected_row .o_field_widget[name=weight] input",
            run: "edit 60",
        },
        { content: "Save", trigger: ".o_form_button_save", run: "click" },
        {
            content: "Saved under its name",
            trigger: ".o_breadcrumb .active:contains('Tour rule')",
        },
        atMostTaps(11, "Creating a weighting rule", ".o_breadcrumb"),
        ...screenshot("weighting-rule.png", 800, ".o_breadcrumb", "desktop"),
    ],
});

// A manager fills the manual KPIs of a report's scorecard and submits it.
tours.add("internal_kpi_review_tour", {
    steps: () => [
        startCountingTaps(".o_data_row td.o_data_cell:contains('Ivy IT')"),
        {
            content: "Open Ivy's scorecard",
            trigger: ".o_data_row td.o_data_cell:contains('Ivy IT')",
            run: "click",
        },
        {
            content: "Objectives: actual",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:contains('Objectives') td[name=actual]",
            run: "click",
        },
        {
            content: "90 %",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:contains('Objectives') td[name=actual] input",
            run: "edit 90",
        },
        {
            content: "Lead time: actual",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:contains('Lead time') td[name=actual]",
            run: "click",
        },
        {
            content: "4 days",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:contains('Lead time') td[name=actual] input",
            run: "edit 4",
        },
        {
            content: "Submit",
            trigger: ".o_form_view button[name=action_submit]",
            run: "click",
        },
        {
            content: "Submitted",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Submitted')",
        },
        atMostTaps(6, "Filling and submitting a scorecard", ".o_statusbar_status"),
        ...screenshot("scorecard.png", 900, ".o_statusbar_status", "desktop"),
    ],
});

// The same on a phone: My Team's scorecards and their KPIs are cards; a KPI
// opens in a dialog to take its value; Submit sits under the scorecard.
function fillOnPhone(kpi, value) {
    return [
        {
            content: `${kpi}: open the KPI`,
            trigger: `.o_field_widget[name=line_ids] .o_kanban_record:contains('${kpi}')`,
            run: "click",
        },
        {
            content: `${kpi}: ${value}`,
            trigger: ".modal .o_field_widget[name=actual] input",
            run: `edit ${value}`,
        },
        {
            content: `${kpi}: keep it`,
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: `${kpi}: the card shows the value`,
            trigger: `.o_field_widget[name=line_ids] .o_kanban_record:contains('${kpi}'):contains('${value}')`,
        },
    ];
}

tours.add("internal_kpi_review_phone_tour", {
    steps: () => [
        startCountingTaps(".o_kanban_record:contains('Ivy IT')"),
        {
            content: "Open Ivy's scorecard",
            trigger: ".o_kanban_record:contains('Ivy IT')",
            run: "click",
        },
        ...fillOnPhone("Objectives", 90),
        ...fillOnPhone("Lead time", 4),
        {
            content: "Submit, under the scorecard",
            trigger: ".o_form_view button[name=action_submit]:visible",
            run: "click",
        },
        {
            content: "Submitted",
            trigger: ".o_statusbar_status:contains('Submitted')",
        },
        atMostTaps(8, "Filling and submitting a scorecard on a phone", ".o_form_view"),
    ],
});

// An employee reads their scorecard, comments and acknowledges it.
tours.add("internal_kpi_acknowledge_tour", {
    steps: () => [
        startCountingTaps(".o_data_row, .o_kanban_record"),
        {
            content: "Open my scorecard (a row, or a card on a phone)",
            trigger: ".o_data_row td.o_data_cell:contains('Test cycle'), .o_kanban_record:contains('Test cycle')",
            run: "click",
        },
        {
            content: "Comment",
            trigger: ".o_field_widget[name=employee_comment] textarea",
            run: "edit Fair, thank you.",
        },
        ...screenshot("scorecard-phone.png", 1500, ".o_form_view button[name=action_acknowledge]:visible", "phone"),
        {
            content: "Acknowledge (in the header, or under the scorecard on a phone)",
            trigger: ".o_form_view button[name=action_acknowledge]:visible",
            run: "click",
        },
        {
            content: "Acknowledged",
            trigger: ".o_form_view .o_field_widget[name=acknowledged] input:checked",
        },
        atMostTaps(3, "Reading, commenting and acknowledging a scorecard", ".o_form_view"),
    ],
});
