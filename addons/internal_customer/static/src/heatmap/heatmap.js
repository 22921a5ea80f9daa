/** @odoo-module **/
// Copyright 2026 Internal Customer 360
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import { Component, onWillStart, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

/**
 * The service heat map: provider departments (rows) by customer departments
 * (columns), each cell the service index of the pair, coloured around the
 * company's index. The server decides what may be shown (suppression, rows a
 * manager heads); this screen only draws it.
 */
export class ServiceHeatmap extends Component {
    static template = "internal_customer.ServiceHeatmap";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({
            data: null,
            campaignId: false,
            view: "all",
            compare: false,
            pair: null,
        });
        onWillStart(() => this.load());
    }

    async load() {
        const data = await this.orm.call("internal.customer.heatmap", "get_heatmap", [], {
            campaign_id: this.state.campaignId || false,
            view: this.state.view,
            compare: this.state.compare,
        });
        this.state.data = data;
        this.state.pair = null;
        this.state.campaignId = data.campaign_id;
        this.state.view = data.view;
    }

    onCampaign(ev) {
        this.state.campaignId = parseInt(ev.target.value);
        this.state.view = "all";
        return this.load();
    }

    onView(ev) {
        this.state.view = ev.target.value;
        return this.load();
    }

    onCompare(ev) {
        this.state.compare = ev.target.checked;
        return this.load();
    }

    /** One sentence per fact, each whole, so that translators see it whole. */
    get summary() {
        const data = this.state.data;
        const parts = [];
        if (data.mean !== false) {
            parts.push(_t("Company index: %(index)s.", { index: data.mean.toFixed(1) }));
        }
        parts.push(
            _t("Cells of fewer than %(k)s raters are hidden.", { k: data.threshold })
        );
        if (data.compare && data.previous) {
            parts.push(_t("Compared with %(campaign)s.", { campaign: data.previous.name }));
        } else if (data.compare) {
            parts.push(_t("This campaign has no previous one to compare with."));
        }
        return parts.join(" ");
    }

    get groupedViews() {
        const groups = [];
        for (const view of this.state.data.views) {
            const label = view.group || "";
            let group = groups.find((g) => g.label === label);
            if (!group) {
                group = { label, views: [] };
                groups.push(group);
            }
            group.views.push(view);
        }
        return groups;
    }

    /** Diverging colour: blue above the company (or a rise), orange below. */
    cellStyle(cell) {
        if (!cell || cell.index === null) {
            return "";
        }
        const data = this.state.data;
        let delta, span;
        if (data.compare) {
            if (cell.change === null) {
                return "";
            }
            delta = cell.change;
            span = 15;
        } else {
            if (data.mean === false) {
                return "";
            }
            delta = cell.index - data.mean;
            span = 25;
        }
        const strength = Math.min(Math.abs(delta) / span, 1) * 0.85;
        const rgb = delta >= 0 ? "33, 102, 172" : "214, 96, 77";
        const text = strength > 0.5 ? "color: #fff;" : "";
        return `background-color: rgba(${rgb}, ${strength.toFixed(2)}); ${text}`;
    }

    cellValue(cell) {
        if (!cell) {
            return "";
        }
        if (cell.index === null) {
            return "–";
        }
        if (this.state.data.compare) {
            if (cell.change === null) {
                return _t("new");
            }
            return (cell.change > 0 ? "+" : "") + cell.change.toFixed(1);
        }
        return cell.index.toFixed(1);
    }

    cellTitle(row, column, cell) {
        if (!cell) {
            return _t("%(provider)s: no rating from %(customer)s", {
                provider: row.name,
                customer: column.name,
            });
        }
        if (cell.index === null) {
            return _t("%(customer)s rating %(provider)s: hidden (fewer than %(k)s raters, or it would give a hidden figure away)", {
                provider: row.name,
                customer: column.name,
                k: this.state.data.threshold,
            });
        }
        if (cell.calibrated !== null && cell.calibrated !== undefined) {
            return _t("%(customer)s rating %(provider)s: %(index)s (calibrated %(calibrated)s) from %(raters)s raters", {
                provider: row.name,
                customer: column.name,
                index: cell.index.toFixed(1),
                calibrated: cell.calibrated.toFixed(1),
                raters: cell.raters,
            });
        }
        return _t("%(customer)s rating %(provider)s: %(index)s from %(raters)s raters", {
            provider: row.name,
            customer: column.name,
            index: cell.index.toFixed(1),
            raters: cell.raters,
        });
    }

    /** A cell's pair in every view, as the map shows it (never a rating). */
    async openPair(row, column, cell) {
        if (!cell) {
            return;
        }
        const pair = await this.orm.call("internal.customer.heatmap", "get_pair", [
            this.state.data.campaign_id,
            row.id,
            column.id,
        ]);
        this.state.pair = { ...pair, row };
    }

    get pairTitle() {
        const pair = this.state.pair;
        return _t("%(customer)s rating %(provider)s, every view", {
            customer: pair.customer,
            provider: pair.provider,
        });
    }

    closePair() {
        this.state.pair = null;
    }

    pairValue(view) {
        return view.index === null ? "–" : view.index.toFixed(1);
    }

    pairCalibrated(view) {
        return view.calibrated === null || view.calibrated === undefined
            ? "–"
            : view.calibrated.toFixed(1);
    }

    openResults(row) {
        const data = this.state.data;
        const domain = [
            ["campaign_id", "=", data.campaign_id],
            ["level", "=", "employee"],
            ["department_id", "=", row.id],
        ];
        if (data.view.startsWith("dim:")) {
            domain.push(["dimension_id", "=", parseInt(data.view.slice(4))]);
        } else if (data.view.startsWith("type:")) {
            domain.push(["relation_type", "=", data.view.slice(5)]);
        } else {
            domain.push(["dimension_id", "=", false], ["relation_type", "=", false]);
        }
        return this.action.doAction({
            type: "ir.actions.act_window",
            name: _t("Results: %(department)s", { department: row.name }),
            res_model: "internal.customer.result",
            views: [
                [false, "list"],
                [false, "form"],
            ],
            domain,
            target: "current",
        });
    }
}

registry.category("actions").add("internal_customer.service_heatmap", ServiceHeatmap);
