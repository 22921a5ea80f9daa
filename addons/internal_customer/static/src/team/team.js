/** @odoo-module **/
// Copyright 2026 Internal Customer 360
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import { Component, onMounted, onPatched, onWillStart, onWillUnmount, useRef, useState } from "@odoo/owl";
import { loadBundle } from "@web/core/assets";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

/**
 * "My Team": one row per colleague the manager manages, with the campaign's
 * index, its change, the raters, and (with the KPI addon) the scorecard's
 * state and band; sortable by any column; the team's spread as a chart.
 */
export class TeamView extends Component {
    static template = "internal_customer.TeamView";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ data: null, campaignId: false, sort: "name", ascending: true });
        this.canvas = useRef("spread");
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
        this.state.data = await this.orm.call("internal.customer.team", "get_team", [], {
            campaign_id: this.state.campaignId || false,
        });
        this.state.campaignId = this.state.data.campaign_id;
    }

    onCampaign(ev) {
        this.state.campaignId = parseInt(ev.target.value);
        return this.load();
    }

    get introWords() {
        return _t(
            "The colleagues you manage, with their result in this campaign. A dash is a result hidden because fewer than %(k)s colleagues rated them. Tap a column to sort, a row to open the result.",
            { k: this.state.data.threshold }
        );
    }

    get columns() {
        return [
            { key: "name", label: _t("Colleague"), type: "char" },
            { key: "department", label: _t("Department"), type: "char" },
            { key: "index", label: _t("Index"), type: "number" },
            { key: "calibrated", label: _t("Calibrated"), type: "number" },
            { key: "change", label: _t("Change"), type: "number" },
            { key: "raters", label: _t("Raters"), type: "number" },
            ...this.state.data.columns,
        ];
    }

    sortBy(key) {
        if (this.state.sort === key) {
            this.state.ascending = !this.state.ascending;
        } else {
            this.state.sort = key;
            this.state.ascending = key === "name" || key === "department";
        }
    }

    /** Sorted rows; hidden figures (null) always last. */
    get rows() {
        const { sort, ascending } = this.state;
        const rows = [...this.state.data.rows];
        rows.sort((a, b) => {
            const x = a[sort];
            const y = b[sort];
            if (x === null || x === "" || x === undefined) {
                return y === null || y === "" || y === undefined ? 0 : 1;
            }
            if (y === null || y === "" || y === undefined) {
                return -1;
            }
            const order = typeof x === "number" ? x - y : String(x).localeCompare(String(y));
            return ascending ? order : -order;
        });
        return rows;
    }

    cell(row, column) {
        const value = row[column.key];
        const isIndex = column.key === "index" || column.key === "calibrated";
        if (value === null || value === undefined || value === "") {
            return isIndex ? "–" : "";
        }
        if (column.key === "change") {
            return (value > 0 ? "+" : "") + value.toFixed(1);
        }
        return isIndex ? value.toFixed(1) : String(value);
    }

    sortMark(column) {
        if (this.state.sort !== column.key) {
            return "";
        }
        return this.state.ascending ? "▲" : "▼";
    }

    open(row) {
        return this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "internal.customer.result",
            res_id: row.result_id,
            views: [[false, "form"]],
            target: "current",
        });
    }

    /** How many colleagues in each band of ten points. */
    get spread() {
        const counts = new Array(10).fill(0);
        for (const row of this.state.data.rows) {
            if (row.index !== null) {
                counts[Math.min(Math.floor(row.index / 10), 9)]++;
            }
        }
        return counts;
    }

    draw() {
        this.chart?.destroy();
        this.chart = null;
        if (!this.canvas.el) {
            return;
        }
        const labels = [...Array(10).keys()].map((i) => `${i * 10}-${i * 10 + 10}`);
        this.chart = new Chart(this.canvas.el, {
            type: "bar",
            data: {
                labels,
                datasets: [
                    { label: _t("Colleagues"), data: this.spread, backgroundColor: "rgb(33, 102, 172)" },
                ],
            },
            options: {
                maintainAspectRatio: false,
                animation: false,
                scales: {
                    x: { title: { display: true, text: _t("Service index") } },
                    y: { beginAtZero: true, ticks: { precision: 0 } },
                },
                plugins: { legend: { display: false } },
            },
        });
    }
}

registry.category("actions").add("internal_customer.team_view", TeamView);
