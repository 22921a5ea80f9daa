/** @odoo-module **/
// Copyright 2026 Internal Customer 360
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import { Component, onWillStart, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

/**
 * HR's first-run checklist: each step ticks itself off from what exists
 * (dimensions, department rules, the service map, a first campaign).
 */
export class GettingStarted extends Component {
    static template = "internal_customer.GettingStarted";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ steps: [] });
        onWillStart(() => this.load());
    }

    async load() {
        this.state.steps = await this.orm.call("res.users", "ic_setup_steps", []);
    }

    get doneCount() {
        return this.state.steps.filter((step) => step.done).length;
    }

    get progressText() {
        return _t("Steps done: %(done)s of %(total)s.", {
            done: this.doneCount,
            total: this.state.steps.length,
        });
    }

    get nextKey() {
        const next = this.state.steps.find((step) => !step.done);
        return next && next.key;
    }

    open(step) {
        return this.action.doAction(step.action);
    }
}

registry.category("actions").add("internal_customer.getting_started", GettingStarted);
