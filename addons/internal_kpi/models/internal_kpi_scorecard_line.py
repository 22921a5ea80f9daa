# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import markupsafe

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.internal_customer import guard
from odoo.addons.internal_customer.fields import NullableFloat, NullableInteger

from .. import scoring
from ..engine import scorecards

FILLED_FIELDS = [
    "actual",
    "raw_index",
    "index_calibrated",
    "rater_count",
    "below_threshold",
    "note",
    "note_data",
]


class InternalKpiScorecardLine(models.Model):
    _name = "internal.kpi.scorecard.line"
    _description = "KPI Scorecard Line"
    _inherit = ["internal.customer.guarded"]
    _order = "scorecard_id, sequence, id"
    # A manager gives the measured value of a manual KPI (and may agree its
    # target); everything else is copied from the rule or computed.
    _client_fields = ("actual", "target", "note", "source")
    _system_created = True

    scorecard_id = fields.Many2one(
        "internal.kpi.scorecard", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    kpi_id = fields.Many2one("internal.kpi.definition", string="KPI", required=True)
    kind = fields.Selection(related="kpi_id.kind", store=True)
    unit = fields.Char(related="kpi_id.unit")
    weight = fields.Float(string="Weight (%)", digits=(5, 2), readonly=True)
    target = fields.Float(digits=(16, 2))
    actual = NullableFloat(
        digits=(16, 2),
        help="Measured value. For an internal-customer KPI: the index used, after "
        "any small-sample adjustment.",
    )
    raw_index = NullableFloat(
        string="Index",
        digits=(5, 1),
        readonly=True,
        help="The internal-customer index as the raters gave it, before any "
        "small-sample adjustment.",
    )
    index_calibrated = NullableFloat(
        string="Calibrated Index",
        digits=(5, 1),
        readonly=True,
        help="The internal-customer index with each rater's leniency or "
        "strictness taken out, before any small-sample adjustment. The weighting "
        "rule says which of the two indexes becomes the measured value.",
    )
    rater_count = NullableInteger(string="Raters", readonly=True)
    below_threshold = fields.Boolean(readonly=True)
    score = NullableFloat(
        compute="_compute_score",
        store=True,
        digits=(5, 1),
        help="Achievement of the target, 0 up to the KPI's cap.",
    )
    effective_weight = fields.Float(
        compute="_compute_effective_weight",
        store=True,
        digits=(5, 2),
        help="The weight after the rule's fallback for KPIs below the threshold.",
    )
    weighted_score = NullableFloat(
        string="Points",
        compute="_compute_effective_weight",
        store=True,
        digits=(5, 2),
    )
    note = fields.Char(string="Note")
    # Where an internal-customer value comes from, without words (kind, values,
    # fallback): ``source`` says it in the reader's language.
    note_data = fields.Json(readonly=True)
    source = fields.Char(
        compute="_compute_source",
        inverse="_inverse_source",
        help="Where the value comes from, or the manager's note on a manual KPI.",
    )

    @api.depends("note", "note_data")
    @api.depends_context("lang")
    def _compute_source(self):
        for line in self:
            data = line.note_data
            line.source = self._note(**data) if data else line.note

    def _inverse_source(self):
        # A manager's note on a manual KPI; the source of an internal-customer
        # value is the product's, and write() refuses it.
        for line in self:
            line.note = line.source

    def _score_or_none(self):
        self.ensure_one()
        return None if self.score is False else self.score

    def _actual_or_none(self):
        self.ensure_one()
        return None if self.actual is False else self.actual

    @api.depends(
        "actual",
        "target",
        "kpi_id.direction",
        "kpi_id.max_achievement",
        "below_threshold",
        "scorecard_id.fallback",
    )
    def _compute_score(self):
        for line in self:
            line.score = scoring.line_score(
                line.below_threshold,
                line.scorecard_id.fallback,
                line._actual_or_none(),
                line.target,
                line.kpi_id.direction,
                line.kpi_id.max_achievement,
            )

    @api.depends(
        "scorecard_id.fallback",
        "scorecard_id.line_ids.weight",
        "scorecard_id.line_ids.score",
        "scorecard_id.line_ids.below_threshold",
    )
    def _compute_effective_weight(self):
        for card in self.scorecard_id:
            lines = card.line_ids
            weights = scoring.effective_weights(
                [
                    scoring.Line(
                        line.id,
                        line.weight,
                        line._score_or_none(),
                        line.below_threshold,
                    )
                    for line in lines
                ],
                card.fallback,
            )
            for line in lines:
                line.effective_weight, line.weighted_score = weights[line.id]
        for line in self - self.scorecard_id.line_ids:
            line.effective_weight = line.weight
            line.weighted_score = None

    _sql_constraints = [
        (
            "values_finite",
            "CHECK((actual IS NULL OR (actual > '-Infinity' AND actual < 'Infinity'))"
            " AND (target IS NULL OR (target > '-Infinity' AND target < 'Infinity')))",
            "A KPI's target and actual value must be numbers.",
        ),
    ]

    def _guard_hint(self):
        return self.env._(
            "KPI lines are copied from the weighting rule when the cycle starts; "
            "give the actual value of manual KPIs"
        )

    def write(self, vals):
        if "source" in vals:
            # What the manager types in the Source column is their note
            vals = dict(vals)
            vals["note"] = vals.pop("source")
        if not guard.is_unlocked(self.env):
            vals = self._guard_drop_computed(vals)
            if not vals:
                return True
            self.check_access("write")
            if self.filtered(lambda x: x.kind != "manual"):
                raise UserError(
                    self.env._(
                        "Internal-customer KPIs fill themselves from the campaign "
                        "results: only manual KPIs take an actual value."
                    )
                )
            # The scorecard decides who may write it, and when.
            self.scorecard_id._check_client_write({"line_ids": True})
            before = {line: (line.target, line.actual, line.note) for line in self}
            result = super().write(vals)
            self._log_changes(before)
            return result
        return super().write(vals)

    def _log_changes(self, before):
        """Post what a manager changed on the scorecard's chatter, with who and
        when (lines have no chatter of their own)."""
        labels = {
            "target": self._fields["target"].get_description(self.env)["string"],
            "actual": self._fields["actual"].get_description(self.env)["string"],
            "note": self._fields["note"].get_description(self.env)["string"],
        }
        for card in self.scorecard_id:
            changes = []
            for line in self.filtered(lambda x, c=card: x.scorecard_id == c):
                old = dict(zip(("target", "actual", "note"), before[line], strict=True))
                for name, label in labels.items():
                    if old[name] != line[name]:
                        changes.append(
                            self.env._(
                                "%(kpi)s, %(field)s: %(old)s → %(new)s",
                                kpi=line.kpi_id.name,
                                field=label,
                                old=old[name] if old[name] is not False else "-",
                                new=line[name] if line[name] is not False else "-",
                            )
                        )
            if changes:
                card.sudo()._message_log(
                    body=markupsafe.Markup("<br/>").join(changes),
                    author_id=self.env.user.partner_id.id,
                )

    # ------------------------------------------------------------------
    # Filling the internal-customer lines, set-wise
    # ------------------------------------------------------------------
    @api.model
    def _fill_internal_customer(self, cards):
        """Refill the internal-customer lines of ``cards`` from their cycles'
        campaign results (one read per cycle, one write); the figures that
        follow are recomputed by the ORM, so their changes are tracked."""
        self.env.flush_all()
        ids = self._write_ic_values(cards.ids)
        if ids:
            filled = self.browse(ids)
            filled.invalidate_recordset(FILLED_FIELDS)
            filled.modified(FILLED_FIELDS)
            self.env.flush_all()

    @api.model
    def _write_ic_values(self, card_ids):
        """Write the value of every internal-customer line of these cards;
        return the lines' ids."""
        cr = self.env.cr
        lines = scorecards.ic_lines(cr, card_ids)
        if not lines:
            return []
        Rule = self.env["internal.kpi.weighting.rule"]
        rule_ids = list({row[4] for row in lines if row[4]})
        rules = {rule.id: rule for rule in Rule._engine_rules([("id", "in", rule_ids)])}
        cycles = self.env["internal.kpi.cycle"].browse({row[5] for row in lines})
        updates = []
        for cycle in cycles.sudo():
            rows = [row for row in lines if row[5] == cycle.id]
            results = scorecards.load_results(
                cr, cycle.campaign_ids.ids, list({row[1] for row in rows})
            )
            for line_id, employee, department, dim, rule_id, _c, fallback in rows:
                actual, raw, calibrated, raters, below, kind, values = (
                    scorecards.ic_value(
                        results, employee, department, dim, rules.get(rule_id)
                    )
                )
                note = self._note(kind, values, fallback)
                data = scorecards.note_data(kind, values, fallback)
                updates.append(
                    (line_id, actual, raw, calibrated, raters, below, note, data)
                )
        scorecards.write_values(cr, updates, self.env.uid)
        return [row[0] for row in lines]

    @api.model
    def _note(self, kind, values, fallback):
        """The human-readable source of an internal-customer line."""
        if kind == "unrated":
            return self.env._(
                "Not rated in this cycle's campaigns: %(fallback)s",
                fallback=self._fallback_words(fallback),
            )
        if kind == "hidden":
            return self.env._(
                "Fewer than %(k)s raters (the anonymity threshold): %(fallback)s",
                k=values["k"],
                fallback=self._fallback_words(fallback),
            )
        raters = self._raters_words(values["raters"])
        other = values.get("other")
        if other is None:
            # Written before the calibrated index existed, or without one
            return self._note_one_index(kind, raters, values)
        if kind == "shrunk":
            if values.get("calibrated"):
                return self.env._(
                    "%(raters)s, calibrated index %(index).1f (%(raw).1f, pulled "
                    "toward the mean %(prior).1f; not calibrated: %(other).1f)",
                    raters=raters,
                    index=values["index"],
                    raw=values["raw"],
                    prior=values["prior"],
                    other=other,
                )
            return self.env._(
                "%(raters)s, index %(index).1f (raw %(raw).1f, pulled toward the "
                "mean %(prior).1f; calibrated: %(other).1f)",
                raters=raters,
                index=values["index"],
                raw=values["raw"],
                prior=values["prior"],
                other=other,
            )
        if values.get("calibrated"):
            return self.env._(
                "%(raters)s, calibrated index %(index).1f (not calibrated: "
                "%(other).1f)",
                raters=raters,
                index=values["index"],
                other=other,
            )
        return self.env._(
            "%(raters)s, index %(index).1f (calibrated: %(other).1f)",
            raters=raters,
            index=values["index"],
            other=other,
        )

    def _note_one_index(self, kind, raters, values):
        if kind == "shrunk":
            return self.env._(
                "%(raters)s, index %(index).1f (raw %(raw).1f, pulled toward the "
                "mean %(prior).1f)",
                raters=raters,
                index=values["index"],
                raw=values["raw"],
                prior=values["prior"],
            )
        return self.env._(
            "%(raters)s, index %(index).1f", raters=raters, index=values["index"]
        )

    @api.model
    def _bands(self, companies):
        """{company id (0: shared): [(minimum, (band id, name))]} for the engine."""
        bands = {}
        domain = [("company_id", "in", [False, *companies.ids])]
        for band in self.env["internal.kpi.band"].sudo().search(domain):
            bands.setdefault(band.company_id.id or 0, []).append(
                (band.min_score, (band.id, band.name))
            )
        return bands

    def _raters_words(self, count):
        if count == 1:
            return self.env._("1 rater")
        return self.env._("%(count)s raters", count=count)

    def _fallback_words(self, fallback=None):
        return {
            "redistribute": self.env._("weight redistributed"),
            "neutral": self.env._("counted as 50"),
            "exclude": self.env._("left out of the final score"),
        }[fallback or "redistribute"]
