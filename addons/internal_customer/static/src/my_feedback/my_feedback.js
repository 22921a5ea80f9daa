/** @odoo-module **/
// Copyright 2026 Internal Customer 360
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import { Component, onMounted, onPatched, onWillStart, onWillUnmount, useRef, useState } from "@odoo/owl";
import { loadBundle } from "@web/core/assets";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

const BLUE = "rgb(33, 102, 172)";
const GREY = "rgb(150, 150, 150)";
const ORANGE = "rgb(214, 96, 77)";

/**
 * "My Feedback": what the colleagues one serves think of one's service, as
 * charts. By dimension (mine, the company's, my previous campaign's), how I
 * rate myself against how others rate me, and my index over the campaigns.
 * Every figure comes from the server, which gives only what may be shown; a
 * table under each chart says the same in words.
 */
export class MyFeedback extends Component {
    static template = "internal_customer.MyFeedback";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ data: null, campaignId: false });
        this.dimensionsCanvas = useRef("dimensions");
        this.selfCanvas = useRef("self");
        this.trendCanvas = useRef("trend");
        this.charts = [];
        onWillStart(async () => {
            await loadBundle("web.chartjs_lib");
            await this.load();
        });
        onMounted(() => this.draw());
        onPatched(() => this.draw());
        onWillUnmount(() => this.clear());
    }

    async load() {
        this.state.data = await this.orm.call("internal.customer.feedback", "get_my_feedback", [], {
            campaign_id: this.state.campaignId || false,
        });
        this.state.campaignId = this.state.data.campaign_id;
    }

    onCampaign(ev) {
        this.state.campaignId = parseInt(ev.target.value);
        return this.load();
    }

    openDetails() {
        return this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "internal.customer.result",
            res_id: this.state.data.result_id,
            views: [[false, "form"]],
            target: "current",
        });
    }

    format(value) {
        return value === null || value === undefined ? "–" : value.toFixed(1);
    }

    get changeWords() {
        const data = this.state.data;
        if (data.change === null || !data.previous) {
            return "";
        }
        const change = (data.change > 0 ? "+" : "") + data.change.toFixed(1);
        return _t("%(change)s since %(campaign)s", { change, campaign: data.previous });
    }

    /** Whole sentences, so that translators see them whole. */
    get fromWords() {
        const data = this.state.data;
        const words = [_t("From %(raters)s colleagues you serve.", { raters: data.raters })];
        if (data.company !== null) {
            words.push(_t("The company: %(index)s.", { index: this.format(data.company) }));
        }
        return words.join(" ");
    }

    get hiddenWords() {
        return _t(
            "Too few colleagues answered about you in this campaign to show a result without telling who said what (the threshold is %(k)s raters).",
            { k: this.state.data.threshold }
        );
    }

    get hasCompany() {
        return this.state.data.dimensions.some((d) => d.company !== null);
    }

    get hasPrevious() {
        return this.state.data.dimensions.some((d) => d.previous !== null);
    }

    get hasSelf() {
        return this.state.data.dimensions.some((d) => d.self !== null);
    }

    clear() {
        for (const chart of this.charts) {
            chart.destroy();
        }
        this.charts = [];
    }

    bar(canvas, labels, datasets) {
        return new Chart(canvas, {
            type: "bar",
            data: { labels, datasets },
            options: {
                maintainAspectRatio: false,
                animation: false,
                scales: { y: { min: 0, max: 100, title: { display: true, text: _t("Service index") } } },
                plugins: { legend: { position: "bottom" } },
            },
        });
    }

    draw() {
        this.clear();
        const data = this.state.data;
        if (!data || data.message || !data.visible) {
            return;
        }
        const labels = data.dimensions.map((d) => d.name);
        const series = (key) => data.dimensions.map((d) => d[key]);
        if (this.dimensionsCanvas.el) {
            const datasets = [{ label: _t("Me"), data: series("mine"), backgroundColor: BLUE }];
            if (this.hasCompany) {
                datasets.push({ label: _t("The company"), data: series("company"), backgroundColor: GREY });
            }
            if (this.hasPrevious) {
                datasets.push({
                    label: _t("My previous campaign"),
                    data: series("previous"),
                    backgroundColor: "rgba(33, 102, 172, 0.35)",
                });
            }
            this.charts.push(this.bar(this.dimensionsCanvas.el, labels, datasets));
        }
        if (this.selfCanvas.el) {
            this.charts.push(
                this.bar(this.selfCanvas.el, labels, [
                    { label: _t("Others rate me"), data: series("mine"), backgroundColor: BLUE },
                    { label: _t("I rate myself"), data: series("self"), backgroundColor: ORANGE },
                ])
            );
        }
        if (this.trendCanvas.el) {
            this.charts.push(
                new Chart(this.trendCanvas.el, {
                    type: "line",
                    data: {
                        labels: data.trend.map((t) => t.campaign),
                        datasets: [
                            {
                                label: _t("My service index"),
                                data: data.trend.map((t) => t.index),
                                borderColor: BLUE,
                                backgroundColor: BLUE,
                                spanGaps: true,
                            },
                            {
                                label: _t("Calibrated"),
                                data: data.trend.map((t) => t.calibrated),
                                borderColor: GREY,
                                backgroundColor: GREY,
                                borderDash: [6, 4],
                                spanGaps: true,
                            },
                        ],
                    },
                    options: {
                        maintainAspectRatio: false,
                        animation: false,
                        scales: { y: { min: 0, max: 100 } },
                        plugins: { legend: { position: "bottom" } },
                    },
                })
            );
        }
    }
}

registry.category("actions").add("internal_customer.my_feedback", MyFeedback);
