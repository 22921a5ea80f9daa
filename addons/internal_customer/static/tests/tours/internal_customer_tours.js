/** @odoo-module **/
// Copyright 2026 Internal Customer 360
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import { registry } from "@web/core/registry";
import { atMostTaps, screenshot, startCountingTaps } from "./journey";

const tours = registry.category("web_tour.tours");

// An employee rates a colleague who serves them, from "My Ratings to Give":
// one tap per dimension on the inline scale, a comment, Submit, then the next
// colleague. Every tap is counted: six dimensions and a comment take at most
// 10 (the tour fails above), at phone and at desktop size.
const MAX_TAPS = 10;

function score(row, value) {
    return {
        content: `Score dimension ${row}: ${value}`,
        trigger: `.o_ic_scale_row:nth-child(${row}) button[data-value='${value}']`,
        run: "click",
    };
}

tours.add("internal_customer_rate_tour", {
    steps: () => [
        ...screenshot("ratings-to-give.png", 720, ".o_kanban_record:contains('Ivy IT')", "desktop"),
        startCountingTaps(".o_kanban_record:contains('Ivy IT')"),
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
            content: "The scale's anchors are in view",
            trigger: ".o_ic_scale_row:first-child .o_ic_scale_anchors:contains('1 =')",
        },
        score(1, 4),
        score(2, 5),
        {
            content: "A 5 asks for a comment at once, not after Submit",
            trigger: ".o_ic_comment_needed",
        },
        score(3, 4),
        score(4, "na"),
        score(5, 3),
        score(6, 4),
        {
            content: "The choice shows",
            trigger: ".o_ic_scale_row:nth-child(2) button[data-value='5'][aria-checked=true]",
        },
        {
            content: "Say what went well",
            trigger: ".o_field_widget[name=comment_positive] textarea",
            run: "edit Laptops ready before I even asked.",
        },
        ...screenshot("rate-phone.png", 1900, ".o_ic_rating_actions", "phone"),
        {
            content: "Submit, at the bottom of the form",
            trigger: ".o_ic_rating_actions button[name=action_submit]",
            run: "click",
        },
        {
            content: "Thank you, and how many colleagues are left",
            trigger: ".o_notification:contains('One colleague left to rate')",
        },
        {
            content: "The next colleague opens",
            trigger: ".o_form_view h2:contains('Ian Lead')",
        },
        atMostTaps(MAX_TAPS, "Rating a colleague", ".o_form_view h2:contains('Ian Lead')"),
    ],
});

// An employee gives feedback now, right after a delivery, without waiting for
// a campaign: from the colleagues who serve them, the same scale and comment
// rules, held until the next campaign.
tours.add("internal_customer_feedback_now_tour", {
    steps: () => [
        startCountingTaps(".o_data_row:contains('Ivy IT') button[name=action_give_feedback_now]"),
        {
            content: "Give feedback to the colleague who just served me",
            trigger: ".o_data_row:contains('Ivy IT') button[name=action_give_feedback_now]",
            run: "click",
        },
        {
            content: "It is held, and nobody sees it until the next campaign",
            trigger: ".o_ic_held_notice:contains('Nobody sees it')",
        },
        score(1, 5),
        score(2, 4),
        score(3, 4),
        score(4, "na"),
        score(5, 4),
        score(6, 4),
        {
            content: "A 5 asks for a comment",
            trigger: ".o_ic_comment_needed",
        },
        {
            content: "Say what went well",
            trigger: ".o_field_widget[name=comment_positive] textarea",
            run: "edit New laptop set up within the hour.",
        },
        ...screenshot("feedback-now.png", 1500, ".o_ic_rating_actions", "desktop"),
        {
            content: "Give it",
            trigger: ".o_ic_rating_actions button[name=action_give]",
            run: "click",
        },
        {
            content: "Thank you: nobody sees it until the next campaign",
            trigger: ".o_notification:contains('Nobody sees it')",
        },
        {
            content: "Back on the colleagues who serve me: Ivy's feedback is held",
            trigger: ".o_data_row:contains('Ivy IT') td[name=my_feedback_state]:contains('Held')",
        },
        atMostTaps(10, "Giving feedback now", ".o_data_row:contains('Ivy IT') td[name=my_feedback_state]:contains('Held')"),
    ],
});

// A manager approves a relation proposed by a member of their team.
tours.add("internal_customer_approve_tour", {
    steps: () => [
        startCountingTaps(".o_data_row td.o_data_cell:contains('Ivy IT')"),
        {
            content: "Open the proposed relation",
            trigger: ".o_data_row td.o_data_cell:contains('Ivy IT')",
            run: "click",
        },
        ...screenshot("approve-phone.png", 1300, ".o_form_view button[name=action_approve]:visible", "phone"),
        {
            content: "Approve it",
            trigger: ".o_form_view button[name=action_approve]:visible",
            run: "click",
        },
        {
            content: "The relation is approved",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Approved')",
        },
        atMostTaps(2, "Approving a relation", ".o_statusbar_status:contains('Approved')"),
    ],
});

// HR creates a campaign and launches it.
tours.add("internal_customer_launch_tour", {
    steps: () => [
        startCountingTaps(".o_list_button_add"),
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
            trigger: ".o_form_view button[name=action_launch_check]:visible",
            run: "click",
        },
        {
            content: "Before launching: the requests it creates, in numbers",
            trigger: ".modal .o_field_widget[name=request_count]:contains('3')",
        },
        {
            content: "Every colleague in scope can reach the threshold",
            trigger: ".modal .o_field_widget[name=short_count]:contains('0')",
        },
        ...screenshot("launch-check.png", 720, ".modal .o_field_widget[name=short_count]", "desktop"),
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
        ...screenshot("campaign.png", 800, ".o_field_widget[name=request_count]", "desktop"),
        atMostTaps(4, "Creating and launching a campaign", ".o_statusbar_status:contains('Open')"),
    ],
});

// HR's first-run checklist ticks itself off and leads to each step.
tours.add("internal_customer_getting_started_tour", {
    steps: () => [
        ...screenshot("getting-started.png", 640, ".o_ic_step[data-step=dimensions]", "desktop"),
        startCountingTaps(".o_ic_step"),
        {
            content: "Four steps, the dimensions already done",
            trigger: ".o_ic_step[data-step=dimensions].o_ic_step_done",
        },
        {
            content: "The campaign step is still to do",
            trigger: ".o_ic_step[data-step=campaign]:not(.o_ic_step_done)",
        },
        {
            content: "Go to the department rules",
            trigger: ".o_ic_step[data-step=rules] button",
            run: "click",
        },
        {
            content: "The department rules open",
            trigger: ".o_breadcrumb:contains('Department Rules'), .o_control_panel:contains('Department Rules')",
        },
        atMostTaps(1, "Going to the next step", ".o_control_panel"),
    ],
});

// The same journey in Chinese: the form, the dimensions and the buttons speak
// the rater's language (zh_CN).
tours.add("internal_customer_rate_zh_tour", {
    steps: () => [
        {
            content: "Open the colleague to rate",
            trigger: ".o_kanban_record:contains('Ivy IT')",
            run: "click",
        },
        {
            content: "The form asks in Chinese",
            trigger: ".o_form_view h5:contains('请为每个维度打分')",
        },
        {
            content: "The dimensions are in Chinese",
            trigger: ".o_ic_scale_row .o_ic_scale_title:contains('响应速度')",
        },
        score(1, 4),
        score(2, 4),
        score(3, 4),
        score(4, 4),
        score(5, 3),
        score(6, 4),
        {
            content: "Say what went well",
            trigger: ".o_field_widget[name=comment_positive] textarea",
            run: "edit 笔记本电脑总是提前准备好。",
        },
        {
            content: "Submit (提交)",
            trigger: ".o_ic_rating_actions button[name=action_submit]:contains('提交')",
            run: "click",
        },
        {
            content: "Thanked, in Chinese",
            trigger: ".o_notification:not(:contains('Thank you'))",
        },
    ],
});

// The rated colleague reads their feedback and answers one comment, from the
// comment itself (a row, or a card on a phone).
tours.add("internal_customer_feedback_tour", {
    steps: () => [
        startCountingTaps(".o_data_row, .o_kanban_record"),
        {
            content: "Open my feedback",
            trigger: ".o_data_row td.o_data_cell:contains('Ivy IT'), .o_kanban_record:contains('Ivy IT')",
            run: "click",
        },
        {
            content: "The combined index, never who said what",
            trigger: ".o_form_view .o_field_widget[name=display_index]",
        },
        {
            content: "Read the comments",
            trigger: ".o_notebook .nav-link:contains('Comments')",
            run: "click",
        },
        {
            content: "Answer Sam's comment, from the comment",
            trigger: [".o_data_row", ".o_kanban_record"]
                .map(
                    (row) =>
                        `.o_field_widget[name=comment_ids] ${row}:contains('Accounts were late') button[name=action_open_answer]`
                )
                .join(", "),
            run: "click",
        },
        {
            content: "The answer box says what it is",
            trigger: ".modal label.o_form_label:contains('Answer')",
        },
        {
            content: "Write the answer",
            trigger: ".modal .o_field_widget[name=answer] textarea",
            run: "edit Thank you: accounts within two days from now on.",
        },
        {
            content: "Save it",
            trigger: ".modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "The answer shows under the comment",
            trigger: ".o_field_widget[name=comment_ids]:contains('accounts within two days')",
        },
        ...screenshot("my-feedback.png", 900, ".o_field_widget[name=comment_ids]", "desktop"),
        atMostTaps(5, "Answering a comment", ".o_form_view"),
    ],
});

// HR reads the results by department and dimension (never a person's rating).
tours.add("internal_customer_analysis_tour", {
    steps: () => [
        {
            content: "The pivot shows the department's results",
            trigger: ".o_pivot .o_pivot_header_cell_closed:contains('IC IT'), .o_pivot th:contains('IC IT')",
        },
        ...screenshot("results-pivot.png", 720, ".o_pivot", "desktop"),
    ],
});

tours.add("internal_customer_heatmap_tour", {
    steps: () => [
        {
            content: "Sales rates IT above the threshold: the pair shows its index",
            trigger: ".o_ic_heatmap_table tr[data-row='IC IT'] td[data-customer='IC Sales']:contains('75.0')",
        },
        {
            content: "Finance is hidden with Sales East, so that no subtraction gives East away",
            trigger: "tr[data-row='IC IT'] td.o_ic_heatmap_hidden[data-customer='IC Finance']",
        },
        {
            content: "The threshold is said in a whole sentence",
            trigger: ".o_ic_heatmap_summary:contains('fewer than 3 raters')",
        },
        ...screenshot("heatmap.png", 360, ".o_ic_heatmap_table"),
        startCountingTaps(".o_ic_heatmap_view"),
        {
            content: "Look at one dimension",
            trigger: ".o_ic_heatmap_view",
            run: "selectByLabel Quality of output",
        },
        {
            content: "The map of that dimension",
            trigger: ".o_ic_heatmap_table td[data-customer='IC Sales']:contains('75.0')",
        },
        {
            content: "Open the pair: Sales rating IT",
            trigger: ".o_ic_heatmap_table tr[data-row='IC IT'] td[data-customer='IC Sales']",
            run: "click",
        },
        {
            content: "The pair in every view: overall, each dimension, each relation type",
            trigger: ".o_ic_heatmap_pair tr[data-view='Quality of output'] .o_ic_pair_index:contains('75.0')",
        },
        {
            content: "and the relation type",
            trigger: ".o_ic_heatmap_pair tr[data-view^='Functional'] .o_ic_pair_index:contains('75.0')",
        },
        {
            content: "The calibrated index beside each index",
            trigger: ".o_ic_heatmap_pair tr[data-view='Quality of output'] .o_ic_pair_calibrated:contains('.')",
        },
        ...screenshot("heatmap-pair.png", 700, ".o_ic_heatmap_pair", "desktop"),
        {
            content: "Open the department's results from its row",
            trigger: "a.o_ic_heatmap_row:contains('IC IT')",
            run: "click",
        },
        {
            content: "The results of IT's colleagues",
            trigger: ".o_list_renderer .o_data_row:contains('Ivy IT')",
        },
        {
            content: "named after the department",
            trigger: ".o_breadcrumb:contains('Results: IC IT')",
        },
        atMostTaps(4, "HR opens a pair's results from the heat map", ".o_list_renderer"),
    ],
});

tours.add("internal_customer_heatmap_lead_tour", {
    steps: () => [
        {
            content: "The head of IT sees IT's row",
            trigger: ".o_ic_heatmap_table tr[data-row='IC IT'] td[data-customer='IC Sales']:contains('75.0')",
        },
        {
            content: "and no other department's",
            trigger: ".o_ic_heatmap_table tbody:not(:has(tr:not([data-row='IC IT'])))",
        },
        ...screenshot("heatmap-phone.png", 420, ".o_ic_heatmap_table", "phone"),
    ],
});

// The rated colleague looks at their feedback as charts: by dimension against
// the previous campaign, themselves against the others, the trend.
function myFeedbackSteps(shot, height, on) {
    return [
        {
            content: "Quality of output: 100 now, 50 in the previous campaign",
            trigger: ".o_ic_feedback_table tr[data-dimension='Quality of output'] .o_ic_mine:contains('100.0')",
        },
        {
            content: "The calibrated index beside the raw one",
            trigger: ".o_ic_feedback_calibrated:contains('.')",
        },
        {
            content: "And per dimension",
            trigger: ".o_ic_feedback_table tr[data-dimension='Quality of output'] .o_ic_calibrated:contains('.')",
        },
        {
            content: "The previous campaign's figure beside it",
            trigger: ".o_ic_feedback_table tr[data-dimension='Quality of output'] .o_ic_previous:contains('50.0')",
        },
        {
            content: "How I rate myself, against the others",
            trigger: ".o_ic_feedback_self_table .o_ic_self:contains('25.0')",
        },
        {
            content: "The charts are drawn",
            trigger: ".o_ic_feedback_chart canvas",
        },
        {
            content: "The trend over the two campaigns",
            trigger: ".o_ic_feedback_trend canvas",
        },
        {
            content: "The change since the previous campaign, in words",
            trigger: ".o_ic_feedback_change:contains('since Spring')",
        },
        ...screenshot(shot, height, ".o_ic_feedback_chart canvas", on),
        startCountingTaps(".o_ic_feedback_details"),
        {
            content: "Open the comments and my answer",
            trigger: ".o_ic_feedback_details",
            run: "click",
        },
        {
            content: "The result's form, with its comments",
            trigger: ".o_form_view .o_field_widget[name=display_index]",
        },
        atMostTaps(1, "From the charts to the comments", ".o_form_view"),
    ];
}

tours.add("internal_customer_my_feedback_tour", {
    steps: () => myFeedbackSteps("my-feedback-charts.png", 900, "desktop"),
});

tours.add("internal_customer_my_feedback_phone_tour", {
    steps: () => myFeedbackSteps("my-feedback-charts-phone.png", 1400, "phone"),
});

// The manager reads their team: sorted by index, then opens one result.
tours.add("internal_customer_team_tour", {
    steps: () => [
        {
            content: "Ivy: 75, up 25 since Spring, from 3 raters",
            trigger: ".o_ic_team_table tr[data-colleague='Ivy IT'] td[data-column='change']:contains('+25.0')",
        },
        {
            content: "Ina's result is hidden: too few raters",
            trigger: ".o_ic_team_table tr[data-colleague='Ina IT'] td[data-column='index']:contains('–')",
        },
        {
            content: "Her calibrated index is hidden just the same",
            trigger: ".o_ic_team_table tr[data-colleague='Ina IT'] td[data-column='calibrated']:contains('–')",
        },
        {
            content: "Ivy's calibrated index beside her index",
            trigger: ".o_ic_team_table tr[data-colleague='Ivy IT'] td[data-column='calibrated']:contains('.')",
        },
        {
            content: "The team's spread is drawn",
            trigger: ".o_ic_team_chart canvas",
        },
        startCountingTaps(".o_ic_team_table"),
        {
            content: "Sort by index",
            trigger: ".o_ic_team_table th[data-sort='index']",
            run: "click",
        },
        {
            content: "Highest first",
            trigger: ".o_ic_team_table th[data-sort='index']:contains('▼')",
        },
        {
            content: "Ivy comes first, the hidden result last",
            trigger: ".o_ic_team_table tbody tr:first-child[data-colleague='Ivy IT']",
        },
        ...screenshot("team.png", 520, ".o_ic_team_chart canvas", "desktop"),
        {
            content: "Open Ivy's result",
            trigger: ".o_ic_team_table tr[data-colleague='Ivy IT']",
            run: "click",
        },
        {
            content: "Her result's form",
            trigger: ".o_form_view .o_field_widget[name=display_index]",
        },
        atMostTaps(2, "Sorting the team and opening a result", ".o_form_view"),
    ],
});

tours.add("internal_customer_team_phone_tour", {
    steps: () => [
        {
            content: "Ivy's row on a phone",
            trigger: ".o_ic_team_table tr[data-colleague='Ivy IT'] td[data-column='index']:contains('75.0')",
        },
        {
            content: "The spread below the table",
            trigger: ".o_ic_team_chart canvas",
        },
        ...screenshot("team-phone.png", 1000, ".o_ic_team_chart canvas", "phone"),
    ],
});

// HR follows an open campaign's response, then sends the next reminder.
tours.add("internal_customer_dashboard_tour", {
    steps: () => [
        {
            content: "The response rate, counts only",
            trigger: ".o_ic_dashboard_rate:contains('60.0')",
        },
        {
            content: "Small departments counted with their parent",
            trigger: ".o_ic_dashboard_table tr:contains('smaller group') .o_ic_answered:contains('3')",
        },
        {
            content: "Day by day",
            trigger: ".o_ic_dashboard_chart canvas",
        },
        ...screenshot("campaign-dashboard.png", 560, ".o_ic_dashboard_chart canvas", "desktop"),
        startCountingTaps(".o_ic_dashboard"),
        {
            content: "Send the next reminder",
            trigger: ".o_ic_dashboard_remind",
            run: "click",
        },
        {
            content: "Sent, to nobody HR can name",
            trigger: ".o_notification:contains('Nobody, HR included, learns who they are')",
        },
        atMostTaps(1, "Sending a reminder", ".o_ic_dashboard"),
    ],
});

tours.add("internal_customer_dashboard_phone_tour", {
    steps: () => [
        {
            content: "The response rate on a phone",
            trigger: ".o_ic_dashboard_rate:contains('60.0')",
        },
        {
            content: "The chart",
            trigger: ".o_ic_dashboard_chart canvas",
        },
        ...screenshot("campaign-dashboard-phone.png", 1000, ".o_ic_dashboard_chart canvas", "phone"),
    ],
});
