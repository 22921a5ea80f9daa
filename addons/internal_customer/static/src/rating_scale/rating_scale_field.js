/** @odoo-module **/
// Copyright 2026 Internal Customer 360
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import { Component, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

/**
 * Every dimension of a rating on one screen, each an inline 1-5 scale with
 * "not applicable": one tap per dimension, large targets, the scale's anchors
 * in view, and the comment rule (a 1 or a 5 needs a comment) shown as you
 * score rather than after Submit.
 */
export class RatingScaleField extends Component {
    static template = "internal_customer.RatingScaleField";
    static props = { ...standardFieldProps };

    setup() {
        this.values = [1, 2, 3, 4, 5];
        this.labels = {
            1: _t("1 - Far below expectations"),
            2: _t("2 - Below expectations"),
            3: _t("3 - Meets expectations"),
            4: _t("4 - Exceeds expectations"),
            5: _t("5 - Far exceeds expectations"),
        };
        // "Not applicable" is an empty score; remember which ones were chosen
        // on this screen, to show the choice.
        this.notApplicable = useState({});
    }

    get lines() {
        return this.props.record.data[this.props.name].records;
    }

    isChecked(line, value) {
        return line.data.score === value;
    }

    isNotApplicable(line) {
        return !line.data.score && Boolean(this.notApplicable[line.id]);
    }

    async choose(line, value) {
        if (this.props.readonly) {
            return;
        }
        this.notApplicable[line.id] = value === false;
        await line.update({ score: value });
    }

    get needsComment() {
        const data = this.props.record.data;
        const extreme = this.lines.some((line) => [1, 5].includes(line.data.score));
        const comment = `${data.comment_positive || ""}${data.comment_improve || ""}`;
        return !this.props.readonly && extreme && !comment.trim();
    }
}

export const ratingScaleField = {
    component: RatingScaleField,
    displayName: _t("Rating scale"),
    supportedTypes: ["one2many"],
    relatedFields: [
        { name: "dimension_name", type: "char" },
        { name: "dimension_description", type: "text" },
        { name: "anchor_low", type: "char" },
        { name: "anchor_high", type: "char" },
        { name: "score", type: "integer", readonly: false },
    ],
};

registry.category("fields").add("ic_rating_scale", ratingScaleField);
