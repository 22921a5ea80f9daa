# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import markupsafe

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.internal_customer import guard
from odoo.addons.internal_customer.fields import NullableFloat, NullableInteger

from .. import scoring

FILLED_FIELDS = ["actual", "raw_index", "rater_count", "below_threshold", "note"]


class InternalKpiScorecardLine(models.Model):
    _name = "internal.kpi.scorecard.line"
    _description = "KPI Scorecard Line"
    _inherit = ["internal.customer.guarded"]
    _order = "scorecard_id, sequence, id"
    # A manager gives the measured value of a manual KPI (and may agree its
    # target); everything else is copied from the rule or computed.
    _client_fields = ("actual", "target", "note")
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
        string="Raw Index",
        digits=(5, 1),
        readonly=True,
        help="The internal-customer index before the small-sample adjustment.",
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
    note = fields.Char(string="Source")

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
            if line.below_threshold:
                neutral = line.scorecard_id.fallback == "neutral"
                line.score = scoring.NEUTRAL_SCORE if neutral else None
                continue
            line.score = scoring.achievement(
                line._actual_or_none(),
                line.target,
                line.kpi_id.direction,
                line.kpi_id.max_achievement or 100.0,
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
            resolved = scoring.apply_fallback(
                [
                    scoring.Line(
                        line.id,
                        line.weight,
                        line._score_or_none(),
                        line.below_threshold and card.fallback != "neutral",
                    )
                    for line in lines
                ],
                card.fallback or "redistribute",
            )
            by_id = {r.key: r for r in resolved}
            for line in lines:
                result = by_id[line.id]
                line.effective_weight = result.weight
                line.weighted_score = (
                    None
                    if result.score is None
                    else result.weight * result.score / 100.0
                )
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
                card.sudo().message_post(
                    body=markupsafe.Markup("<br/>").join(changes),
                    author_id=self.env.user.partner_id.id,
                    subtype_xmlid="mail.mt_note",
                )

    # ------------------------------------------------------------------
    # Filling the internal-customer lines, set-wise
    # ------------------------------------------------------------------
    @api.model
    def _fill_internal_customer(self, scorecards):
        """Fill every internal-customer line of ``scorecards`` from their cycle's
        campaign results: one query per cycle to read, one to write."""
        self.env.flush_all()
        updates = []
        for cycle in scorecards.cycle_id:
            cards = scorecards.filtered(lambda c, cy=cycle: c.cycle_id == cy)
            lines = cards.line_ids.filtered(lambda x: x.kind != "manual")
            if not lines:
                continue
            results = self._load_results(cycle, cards.employee_id.ids)
            for line in lines:
                updates.append((line.id, *line._value_from(results)))
        if not updates:
            return
        ids, actuals, raws, raters, below, notes = map(list, zip(*updates, strict=True))
        self.env.cr.execute(
            SQL(
                """
                UPDATE internal_kpi_scorecard_line l
                   SET actual = u.actual, raw_index = u.raw, rater_count = u.raters,
                       below_threshold = u.below, note = u.note,
                       write_uid = %(uid)s, write_date = now() AT TIME ZONE 'UTC'
                  FROM unnest(%(ids)s::int[], %(actuals)s::float[], %(raws)s::float[],
                              %(raters)s::int[], %(below)s::bool[], %(notes)s::varchar[])
                       AS u(id, actual, raw, raters, below, note)
                 WHERE l.id = u.id
                """,
                uid=self.env.uid,
                ids=ids,
                actuals=actuals,
                raws=raws,
                raters=raters,
                below=below,
                notes=notes,
            )
        )
        filled = self.browse(ids)
        filled.invalidate_recordset(FILLED_FIELDS)
        filled.modified(FILLED_FIELDS)
        self.env.flush_all()

    @api.model
    def _load_results(self, cycle, employee_ids):
        """Index the cycle's campaign results: the latest campaign wins."""
        self.env.cr.execute(cycle._campaign_results_sql(employee_ids))
        employee = {}
        prior = {}
        for (
            level, emp, dept, dim, rtype, raters, visible, index, min_raters, _c, _d,
        ) in self.env.cr.fetchall():  # fmt: skip
            cell = {
                "raters": raters,
                "visible": visible,
                "index": index,
                "min_raters": min_raters,
            }
            if level == "employee":
                employee.setdefault(emp, {})[(dim or 0, rtype or "")] = cell
            elif visible and not rtype:
                key = ("company", 0) if level == "company" else ("department", dept)
                prior[(*key, dim or 0)] = index
        return {"employee": employee, "prior": prior}

    def _value_from(self, results):
        """(actual, raw_index, raters, below_threshold, note) for this line."""
        self.ensure_one()
        card = self.scorecard_id
        rule = card.rule_id
        employee = card.employee_id
        dim = (
            self.kpi_id.dimension_id.id
            if self.kind == "internal_customer_dimension"
            else 0
        )
        cells = results["employee"].get(employee.id, {})
        overall = cells.get((dim, ""))
        if not overall:
            return (
                None,
                None,
                None,
                True,
                self.env._(
                    "Not rated in this cycle's campaigns: %(fallback)s",
                    fallback=self._fallback_words(),
                ),
            )
        raters = overall["raters"]
        if not overall["visible"]:
            # No count: how many answered about a colleague below the threshold
            # would tell who did.
            return (
                None,
                None,
                None,
                True,
                self.env._(
                    "Fewer than %(k)s raters (the anonymity threshold): %(fallback)s",
                    k=overall["min_raters"],
                    fallback=self._fallback_words(),
                ),
            )
        index = overall["index"]
        weights = rule._relation_weights() if rule and not dim else {}
        if weights:
            by_type = {
                rtype: cell["index"] if cell["visible"] else None
                for (cell_dim, rtype), cell in cells.items()
                if cell_dim == 0 and rtype
            }
            combined = scoring.combine_relation_types(by_type, weights)
            if combined is not None:
                index = combined
        raw = index
        note = self.env._(
            "%(raters)s, index %(index).1f",
            raters=self._raters_words(raters),
            index=raw,
        )
        if rule and rule.use_confidence:
            prior = None
            if rule.confidence_prior == "department":
                prior = results["prior"].get(
                    ("department", employee.department_id.id, dim)
                )
            if prior is None:
                prior = results["prior"].get(("company", 0, dim))
            if prior is not None:
                index = scoring.shrink(raw, raters, prior, rule.confidence_strength)
                note = self.env._(
                    "%(raters)s, index %(index).1f (raw %(raw).1f, pulled toward the "
                    "mean %(prior).1f)",
                    raters=self._raters_words(raters),
                    index=index,
                    raw=raw,
                    prior=prior,
                )
        return index, raw, raters, False, note

    def _raters_words(self, count):
        if count == 1:
            return self.env._("1 rater")
        return self.env._("%(count)s raters", count=count)

    def _fallback_words(self):
        return {
            "redistribute": self.env._("weight redistributed"),
            "neutral": self.env._("counted as 50"),
            "exclude": self.env._("left out of the final score"),
        }[self.scorecard_id.fallback or "redistribute"]
