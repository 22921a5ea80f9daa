/** @odoo-module **/
// Copyright 2026 Internal Customer 360
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import { Component, onMounted, onPatched, onWillStart, onWillUnmount, useRef, useState } from "@odoo/owl";
import { loadBundle } from "@web/core/assets";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

const COLOURS = ["#2166ac", "#d6604d", "#4daf4a", "#984ea3", "#ff7f00", "#a65628", "#f781bf", "#999999"];

/**
 * HR's campaign dashboard: the response rate overall and per rater
 * department, day by day, and the next reminder. The server gives counts
 * only, for groups of at least the anonymity threshold.
 */
export class CampaignDashboard extends Component {
    static template = "internal_customer.CampaignDashboard";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        const context = this.props.action?.context || {};
        this.state = useState({ data: null, campaignId: context.active_id || false });
        this.canvas = useRef("daily");
        this.chart = null;
        onWillStart(async () => {
            await loadBundle("web.chartjs_lib");
            await this.load();
        });
        onMounted(() => this.draw());
        onPatched(() => this.draw());
        onWillUnmount(() => this.chart?.destroy());
    }

    async load() {
        this.state.data = await this.orm.call("internal.customer.campaign", "get_dashboard", [], {
            campaign_id: this.state.campaignId || false,
        });
        this.state.campaignId = this.state.data.campaign_id;
    }

    onCampaign(ev) {
        this.state.campaignId = parseInt(ev.target.value);
        return this.load();
    }

    async remind() {
        const action = await this.orm.call("internal.customer.campaign", "action_send_reminders", [
            [this.state.campaignId],
        ]);
        await this.action.doAction(action);
    }

    openCampaign() {
        return this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "internal.customer.campaign",
            res_id: this.state.campaignId,
            views: [[false, "form"]],
            target: "current",
        });
    }

    get rate() {
        const data = this.state.data;
        return data.requests ? ((100 * data.answered) / data.requests).toFixed(1) : "–";
    }

    get summary() {
        const data = this.state.data;
        const words = [
            _t("%(answered)s of %(requests)s requests answered.", {
                answered: data.answered,
                requests: data.requests,
            }),
        ];
        if (data.state === "open" && data.days_left !== false) {
            words.push(_t("%(days)s day(s) left before the deadline.", { days: data.days_left }));
        }
        words.push(
            _t("Groups of fewer than %(k)s requests are counted with their parent department.", {
                k: data.threshold,
            })
        );
        return words.join(" ");
    }

    draw() {
        this.chart?.destroy();
        this.chart = null;
        const data = this.state.data;
        if (!this.canvas.el || !data || !data.days.length) {
            return;
        }
        const datasets = [
            {
                label: _t("Whole campaign"),
                data: data.daily,
                borderColor: "#000",
                backgroundColor: "#000",
                borderWidth: 3,
            },
            ...data.groups.map((group, i) => ({
                label: group.name,
                data: group.daily,
                borderColor: COLOURS[i % COLOURS.length],
                backgroundColor: COLOURS[i % COLOURS.length],
                borderWidth: 1.5,
            })),
        ];
        this.chart = new Chart(this.canvas.el, {
            type: "line",
            data: { labels: data.days, datasets },
            options: {
                maintainAspectRatio: false,
                animation: false,
                scales: {
                    y: { min: 0, max: 100, title: { display: true, text: _t("Answered (%)") } },
                },
                plugins: { legend: { position: "bottom" } },
            },
        });
    }
}

registry.category("actions").add("internal_customer.campaign_dashboard", CampaignDashboard);
