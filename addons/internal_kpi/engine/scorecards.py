# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Scorecards set-wise: which rule applies to whom, the cards and their lines,
the internal-customer values and every figure; no ORM.

- :func:`facts` reads what rules match on, for all employees in one query, and
  :func:`match` picks each one's first rule by sequence (pure Python).
- :func:`load_results` reads the cycle's campaign results (index lookups);
  :func:`ic_value` turns them into a line's value (pure Python).
- :func:`build` makes each card and its lines, a snapshot of its rule, with
  every value and figure computed by the same functions as the ORM computes
  (``scoring``), in plain Python; :func:`insert` writes them in one statement
  for the cards and one for the lines, ``ON CONFLICT DO NOTHING`` on (cycle,
  employee): every row is written once, complete.
- :func:`ic_lines` and :func:`write_values` refill the internal-customer
  values of existing cards (the ORM then recomputes, and tracks, the figures).
"""

import gc
import json
from contextlib import contextmanager
from dataclasses import dataclass, field

from odoo.tools import SQL

from .. import scoring

BATCH = 2000


@dataclass(frozen=True)
class Rule:
    id: int
    company_id: int
    departments: frozenset
    jobs: frozenset
    tags: frozenset
    fallback: str = "redistribute"
    relation_weights: dict = field(default_factory=dict, hash=False, compare=False)
    use_confidence: bool = False
    confidence_prior: str = "company"
    confidence_strength: float = 3.0
    use_calibrated: bool = False


@dataclass(frozen=True)
class Facts:
    company_id: int
    department_id: int
    departments: frozenset  # the department and the departments above it
    job_id: int
    tags: frozenset


@dataclass(frozen=True)
class Kpi:
    kind: str
    direction: str
    cap: float
    dimension_id: int
    target: float


@dataclass(frozen=True)
class RuleLine:
    sequence: int
    kpi_id: int
    weight: float
    target: float


def _stamp(uid):
    return SQL("%s, now() AT TIME ZONE 'UTC', %s, now() AT TIME ZONE 'UTC'", uid, uid)


def facts(cr, employee_ids):
    """{employee id: Facts}, in one query."""
    cr.execute(
        SQL(
            """
            SELECT e.id, e.company_id, e.department_id, d.parent_path, e.job_id,
                   array_remove(array_agg(t.category_id), NULL)
              FROM hr_employee e
              LEFT JOIN hr_department d ON d.id = e.department_id
              LEFT JOIN employee_category_rel t ON t.employee_id = e.id
             WHERE e.id = ANY(%s)
             GROUP BY e.id, d.parent_path
            """,
            list(employee_ids),
        )
    )
    return {
        emp: Facts(
            company,
            department or 0,
            frozenset(int(d) for d in (path or "").split("/") if d),
            job or 0,
            frozenset(tags),
        )
        for emp, company, department, path, job, tags in cr.fetchall()
    }


def match(employee_facts, rules):
    """{employee id: (rule, departments, job, tags matched)} with the first rule
    by the order of ``rules`` whose criteria all match (an empty criterion
    matches everyone), or (None, ...) when none does."""
    out = {}
    for emp, fact in employee_facts.items():
        out[emp] = (None, frozenset(), 0, frozenset())
        for rule in rules:
            if rule.company_id != fact.company_id:
                continue
            departments = rule.departments & fact.departments
            if rule.departments and not departments:
                continue
            if rule.jobs and fact.job_id not in rule.jobs:
                continue
            tags = rule.tags & fact.tags
            if rule.tags and not tags:
                continue
            out[emp] = (rule, departments, fact.job_id if rule.jobs else 0, tags)
            break
    return out


@contextmanager
def no_collection():
    """Building a batch allocates a few short-lived objects per line; a full
    garbage collection of a large server process in the middle of it (which
    the allocations trigger) costs more than the build itself. Nothing of the
    batch outlives it, so collecting can wait until it is done."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def build(employee_facts, matched, rule_lines, kpis, results, bands, note):
    """The cards of these employees, complete: ``[(card, lines)]``.

    ``matched`` maps an employee to ``(rule or None, reason)``; ``rule_lines``
    a rule id to its :class:`RuleLine`; ``kpis`` a KPI id to its :class:`Kpi`;
    ``bands`` a company id (0: shared) to ``[(minimum, (band id, name))]``;
    ``note(kind, values, fallback)`` says where an internal-customer value
    comes from. A card is a dict of the scorecard's columns, a line a dict of
    the line's.
    """
    out = []
    for employee, (rule, reason) in matched.items():
        fact = employee_facts[employee]
        fallback = rule.fallback if rule else "redistribute"
        lines = []
        for rline in rule_lines.get(rule.id, []) if rule else []:
            kpi = kpis[rline.kpi_id]
            target = rline.target or kpi.target
            line = {
                "sequence": rline.sequence,
                "kpi_id": rline.kpi_id,
                "kind": kpi.kind,
                "weight": rline.weight,
                "target": target,
                "actual": None,
                "raw_index": None,
                "index_calibrated": None,
                "rater_count": None,
                "below_threshold": False,
                "note": None,
                "note_data": None,
            }
            if kpi.kind != "manual":
                dim = (
                    kpi.dimension_id if kpi.kind == "internal_customer_dimension" else 0
                )
                actual, raw, calibrated, raters, below, kind, values = ic_value(
                    results, employee, fact.department_id, dim, rule
                )
                line.update(
                    actual=actual,
                    raw_index=raw,
                    index_calibrated=calibrated,
                    rater_count=raters,
                    below_threshold=below,
                    note=note(kind, values, fallback),
                    note_data=note_data(kind, values, fallback),
                )
            line["score"] = scoring.line_score(
                line["below_threshold"],
                fallback,
                line["actual"],
                target,
                kpi.direction,
                kpi.cap,
            )
            lines.append(line)
        weights = scoring.effective_weights(
            [
                scoring.Line(i, x["weight"], x["score"], x["below_threshold"])
                for i, x in enumerate(lines)
            ],
            fallback,
        )
        for i, line in enumerate(lines):
            line["effective_weight"], line["weighted_score"] = weights[i]
        cap = max([kpis[x["kpi_id"]].cap or 100.0 for x in lines] or [100.0])
        base, final, band, status = scoring.card_scores(
            [
                scoring.Line(i, x["effective_weight"], x["score"], x["below_threshold"])
                for i, x in enumerate(lines)
            ],
            cap,
            0.0,
            [*bands.get(0, []), *bands.get(fact.company_id, [])],
        )
        ic = next((x for x in lines if x["kind"] == "internal_customer"), None)
        card = {
            "employee_id": employee,
            "rule_id": rule.id if rule else None,
            "rule_reason": reason,
            "fallback": fallback,
            "department_id": fact.department_id or None,
            "job_id": fact.job_id or None,
            "base_score": base,
            "final_score": final,
            "band_id": band[0] if band else None,
            "band": band[1] if band else None,
            "score_status": status,
            "internal_index": ic["actual"] if ic else None,
            "internal_index_calibrated": ic["index_calibrated"] if ic else None,
            "internal_rater_count": ic["rater_count"] if ic else None,
        }
        out.append((card, lines))
    return out


CARD_COLUMNS = [
    ("employee_id", "int"),
    ("rule_id", "int"),
    ("rule_reason", "varchar"),
    ("fallback", "varchar"),
    ("department_id", "int"),
    ("job_id", "int"),
    ("base_score", "float"),
    ("final_score", "float"),
    ("band_id", "int"),
    ("band", "varchar"),
    ("score_status", "varchar"),
    ("internal_index", "float"),
    ("internal_index_calibrated", "float"),
    ("internal_rater_count", "int"),
]
LINE_COLUMNS = [
    ("scorecard_id", "int"),
    ("sequence", "int"),
    ("kpi_id", "int"),
    ("kind", "varchar"),
    ("weight", "float"),
    ("target", "float"),
    ("actual", "float"),
    ("raw_index", "float"),
    ("index_calibrated", "float"),
    ("rater_count", "int"),
    ("below_threshold", "bool"),
    ("note", "varchar"),
    ("note_data", "jsonb"),
    ("score", "float"),
    ("effective_weight", "float"),
    ("weighted_score", "float"),
]


def _unnest(columns, rows):
    """``SELECT ... FROM unnest(...)`` of these rows (dicts), typed."""
    return SQL(
        "unnest(%s) AS u(%s)",
        SQL(", ").join(
            SQL("%s::%s[]", [row[name] for row in rows], SQL(kind))
            for name, kind in columns
        ),
        SQL(", ").join(SQL.identifier(name) for name, _kind in columns),
    )


def insert(cr, cycle_id, company_id, built, uid):
    """Write the cards and lines :func:`build` made: one statement each. An
    employee who already has a card in the cycle keeps it. Returns the ids of
    the cards written."""
    if not built:
        return []
    cards = [card for card, _lines in built]
    names = SQL(", ").join(SQL.identifier(name) for name, _kind in CARD_COLUMNS)
    cr.execute(
        SQL(
            """
            INSERT INTO internal_kpi_scorecard (
                cycle_id, company_id, state, adjustment, acknowledged, %(names)s,
                create_uid, create_date, write_uid, write_date)
            SELECT %(cycle)s, %(company)s, 'draft', 0, FALSE, %(names)s, %(stamp)s
              FROM %(rows)s
             ORDER BY employee_id
            ON CONFLICT (cycle_id, employee_id) DO NOTHING
            RETURNING id, employee_id
            """,
            names=names,
            cycle=cycle_id,
            company=company_id,
            stamp=_stamp(uid),
            rows=_unnest(CARD_COLUMNS, cards),
        )
    )
    card_of = {employee: card_id for card_id, employee in cr.fetchall()}
    lines = [
        {**line, "scorecard_id": card_of[card["employee_id"]]}
        for card, card_lines in built
        if card["employee_id"] in card_of
        for line in card_lines
    ]
    if lines:
        names = SQL(", ").join(SQL.identifier(name) for name, _kind in LINE_COLUMNS)
        cr.execute(
            SQL(
                """
                INSERT INTO internal_kpi_scorecard_line (
                    %(names)s, create_uid, create_date, write_uid, write_date)
                SELECT %(names)s, %(stamp)s FROM %(rows)s
                """,
                names=names,
                stamp=_stamp(uid),
                rows=_unnest(LINE_COLUMNS, lines),
            )
        )
    return sorted(card_of.values())


def load_results(cr, campaign_ids, employee_ids):
    """The campaigns' results for these employees, and the department and
    company figures shown (the priors of the small-sample adjustment); the
    latest campaign wins. Two index lookups, not a scan of the results."""
    cr.execute(
        SQL(
            """
            SELECT * FROM (
                SELECT res.level, res.employee_id, res.department_id,
                       res.dimension_id, res.relation_type, res.rater_count,
                       res.visible, res.index, res.index_calibrated, c.min_raters,
                       c.date_end, c.id
                  FROM internal_customer_campaign c
                  JOIN internal_customer_result res ON res.campaign_id = c.id
                 WHERE c.id = ANY(%(campaigns)s)
                   AND c.state IN ('closed', 'published')
                   AND res.employee_id = ANY(%(employees)s)
                UNION ALL
                SELECT res.level, res.employee_id, res.department_id,
                       res.dimension_id, res.relation_type, res.rater_count,
                       res.visible, res.index, res.index_calibrated, c.min_raters,
                       c.date_end, c.id
                  FROM internal_customer_campaign c
                  JOIN internal_customer_result res ON res.campaign_id = c.id
                 WHERE c.id = ANY(%(campaigns)s)
                   AND c.state IN ('closed', 'published')
                   AND res.level IN ('department', 'company') AND res.visible
                   AND res.relation_type IS NULL
            ) rows
             ORDER BY date_end, id
            """,
            campaigns=list(campaign_ids),
            employees=list(employee_ids),
        )
    )
    employee, prior = {}, {}
    for row in cr.fetchall():
        level, emp, dept, dim, rtype, raters, visible, index, calibrated, k = row[:10]
        cell = {
            "raters": raters,
            "visible": visible,
            "index": index,
            "calibrated": calibrated,
            "min_raters": k,
        }
        if level == "employee":
            employee.setdefault(emp, {})[(dim or 0, rtype or "")] = cell
        elif visible and not rtype:
            key = ("company", 0) if level == "company" else ("department", dept)
            prior[(*key, dim or 0)] = cell
    return {"employee": employee, "prior": prior}


def _combined(cells, overall, dim, weights, figure):
    """The colleague's ``figure`` (``index`` or ``calibrated``), with the rule's
    weights per relation type where it has them."""
    value = overall[figure]
    if weights and not dim:
        by_type = {
            rtype: cell[figure] if cell["visible"] else None
            for (cell_dim, rtype), cell in cells.items()
            if cell_dim == 0 and rtype
        }
        combined = scoring.combine_relation_types(by_type, weights)
        if combined is not None:
            value = combined
    return value


def ic_value(results, employee_id, department_id, dim, rule):
    """(actual, raw index, calibrated index, raters, below threshold, note
    kind, note values) of an internal-customer line; ``dim`` is 0 for the
    overall index. The rule's ``use_calibrated`` chooses which index becomes
    the actual value; the other is in the values as ``other``. Note kinds:
    ``unrated``, ``hidden`` (values: the threshold), ``index`` (raters, index)
    and ``shrunk`` (raters, index, raw, prior)."""
    cells = results["employee"].get(employee_id, {})
    overall = cells.get((dim, ""))
    if not overall:
        return None, None, None, None, True, "unrated", {}
    if not overall["visible"]:
        # No count: how many answered about a colleague below the threshold
        # would tell who did.
        return None, None, None, None, True, "hidden", {"k": overall["min_raters"]}
    raters = overall["raters"]
    weights = rule.relation_weights if rule else {}
    raw = _combined(cells, overall, dim, weights, "index")
    calibrated = _combined(cells, overall, dim, weights, "calibrated")
    use_calibrated = bool(rule and rule.use_calibrated and calibrated is not None)
    figure = "calibrated" if use_calibrated else "index"
    chosen, other = (calibrated, raw) if use_calibrated else (raw, calibrated)
    values = {"raters": raters, "calibrated": use_calibrated, "other": other}
    if rule and rule.use_confidence:
        prior = None
        if rule.confidence_prior == "department":
            prior = (
                results["prior"].get(("department", department_id, dim)) or {}
            ).get(figure)
        if prior is None:
            prior = (results["prior"].get(("company", 0, dim)) or {}).get(figure)
        if prior is not None:
            index = scoring.shrink(chosen, raters, prior, rule.confidence_strength)
            values.update(index=index, raw=chosen, prior=prior)
            return index, raw, calibrated, raters, False, "shrunk", values
    values["index"] = chosen
    return chosen, raw, calibrated, raters, False, "index", values


def ic_lines(cr, card_ids):
    """The internal-customer lines of these cards: (line, employee, department,
    dimension or 0, rule id or None, cycle, the card's fallback)."""
    cr.execute(
        SQL(
            """
            SELECT l.id, s.employee_id, COALESCE(e.department_id, 0),
                   CASE WHEN l.kind = 'internal_customer_dimension'
                        THEN COALESCE(k.dimension_id, 0) ELSE 0 END,
                   s.rule_id, s.cycle_id, s.fallback
              FROM internal_kpi_scorecard_line l
              JOIN internal_kpi_scorecard s ON s.id = l.scorecard_id
              JOIN hr_employee e ON e.id = s.employee_id
              JOIN internal_kpi_definition k ON k.id = l.kpi_id
             WHERE l.scorecard_id = ANY(%s) AND l.kind != 'manual'
             ORDER BY l.id
            """,
            list(card_ids),
        )
    )
    return cr.fetchall()


def note_data(kind, values, fallback):
    """Where an internal-customer value comes from, without words: the line
    says it in each reader's language (JSON text, for a jsonb column)."""
    return json.dumps({"kind": kind, "values": values, "fallback": fallback})


def write_values(cr, updates, uid):
    """``updates``: (line id, actual, raw index, calibrated index, raters,
    below, note, note data)."""
    if not updates:
        return
    ids, actuals, raws, calibrated, raters, below, notes, data = map(
        list, zip(*updates, strict=True)
    )
    cr.execute(
        SQL(
            """
            UPDATE internal_kpi_scorecard_line l
               SET actual = u.actual, raw_index = u.raw,
                   index_calibrated = u.calibrated, rater_count = u.raters,
                   below_threshold = u.below, note = u.note, note_data = u.data,
                   write_uid = %(uid)s, write_date = now() AT TIME ZONE 'UTC'
              FROM unnest(%(ids)s::int[], %(actuals)s::float[], %(raws)s::float[],
                          %(calibrated)s::float[], %(raters)s::int[],
                          %(below)s::bool[], %(notes)s::varchar[], %(data)s::jsonb[])
                   AS u(id, actual, raw, calibrated, raters, below, note, data)
             WHERE l.id = u.id
            """,
            uid=uid,
            ids=ids,
            actuals=actuals,
            raws=raws,
            calibrated=calibrated,
            raters=raters,
            below=below,
            notes=notes,
            data=data,
        )
    )
