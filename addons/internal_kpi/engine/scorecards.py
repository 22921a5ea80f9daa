# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Scorecards set-wise: which rule applies to whom, the cards and their lines,
the internal-customer values and every figure; no ORM.

- :func:`facts` reads what rules match on, for all employees in one query, and
  :func:`match` picks each one's first rule by sequence (pure Python).
- :func:`insert_cards` and :func:`insert_lines` write the cards and a snapshot
  of their rule's lines, ``ON CONFLICT DO NOTHING`` on (cycle, employee).
- :func:`load_results` reads the cycle's campaign results once;
  :func:`ic_value` turns them into a line's value (pure Python);
  :func:`write_values` writes them.
- :func:`compute_figures` computes every stored figure of cards and lines
  with the same functions as the ORM (``scoring``) and writes them set-wise.
"""

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


@dataclass(frozen=True)
class Facts:
    company_id: int
    department_id: int
    departments: frozenset  # the department and the departments above it
    job_id: int
    tags: frozenset


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


def insert_cards(cr, cycle_id, company_id, rows, uid):
    """Insert the cards ``rows`` (employee, rule id or None, reason, fallback);
    return the ids of those created (an existing card is left alone)."""
    if not rows:
        return []
    employees, rules, reasons, fallbacks = map(list, zip(*rows, strict=True))
    cr.execute(
        SQL(
            """
            INSERT INTO internal_kpi_scorecard (
                cycle_id, employee_id, rule_id, rule_reason, fallback, company_id,
                department_id, job_id, state, adjustment, acknowledged,
                create_uid, create_date, write_uid, write_date)
            SELECT %(cycle)s, r.employee, r.rule, r.reason, r.fallback, %(company)s,
                   e.department_id, e.job_id, 'draft', 0, FALSE, %(stamp)s
              FROM unnest(%(employees)s::int[], %(rules)s::int[], %(reasons)s::varchar[],
                          %(fallbacks)s::varchar[])
                   AS r(employee, rule, reason, fallback)
              JOIN hr_employee e ON e.id = r.employee
             ORDER BY r.employee
            ON CONFLICT (cycle_id, employee_id) DO NOTHING
            RETURNING id
            """,
            cycle=cycle_id,
            company=company_id,
            stamp=_stamp(uid),
            employees=employees,
            rules=rules,
            reasons=reasons,
            fallbacks=fallbacks,
        )
    )
    return [row[0] for row in cr.fetchall()]


def insert_lines(cr, card_ids, uid):
    """Each card's lines: a snapshot of its rule's KPIs, weights and targets
    (the rule's target, or the KPI's when the rule leaves it at 0)."""
    cr.execute(
        SQL(
            """
            INSERT INTO internal_kpi_scorecard_line (
                scorecard_id, sequence, kpi_id, kind, weight, target,
                below_threshold, effective_weight,
                create_uid, create_date, write_uid, write_date)
            SELECT s.id, rl.sequence, rl.kpi_id, k.kind, rl.weight,
                   COALESCE(NULLIF(rl.target, 0), k.target), FALSE, rl.weight, %(stamp)s
              FROM internal_kpi_scorecard s
              JOIN internal_kpi_weighting_rule_line rl ON rl.rule_id = s.rule_id
              JOIN internal_kpi_definition k ON k.id = rl.kpi_id
             WHERE s.id = ANY(%(cards)s)
             ORDER BY s.id, rl.sequence, rl.id
            """,
            cards=list(card_ids),
            stamp=_stamp(uid),
        )
    )


def load_results(cr, campaign_ids, employee_ids):
    """The campaigns' results for these employees, and the department and
    company figures shown (the priors of the small-sample adjustment); the
    latest campaign wins."""
    cr.execute(
        SQL(
            """
            SELECT res.level, res.employee_id, res.department_id, res.dimension_id,
                   res.relation_type, res.rater_count, res.visible, res.index,
                   c.min_raters
              FROM internal_customer_result res
              JOIN internal_customer_campaign c ON c.id = res.campaign_id
             WHERE c.id = ANY(%(campaigns)s)
               AND c.state IN ('closed', 'published')
               AND (res.employee_id = ANY(%(employees)s) OR res.level != 'employee')
             ORDER BY c.date_end, c.id
            """,
            campaigns=list(campaign_ids),
            employees=list(employee_ids),
        )
    )
    employee, prior = {}, {}
    for level, emp, dept, dim, rtype, raters, visible, index, k in cr.fetchall():
        cell = {"raters": raters, "visible": visible, "index": index, "min_raters": k}
        if level == "employee":
            employee.setdefault(emp, {})[(dim or 0, rtype or "")] = cell
        elif visible and not rtype:
            key = ("company", 0) if level == "company" else ("department", dept)
            prior[(*key, dim or 0)] = index
    return {"employee": employee, "prior": prior}


def ic_value(results, employee_id, department_id, dim, rule):
    """(actual, raw index, raters, below threshold, note kind, note values) of an
    internal-customer line; ``dim`` is 0 for the overall index. Note kinds:
    ``unrated``, ``hidden`` (values: the threshold), ``index`` (raters, index)
    and ``shrunk`` (raters, index, raw, prior)."""
    cells = results["employee"].get(employee_id, {})
    overall = cells.get((dim, ""))
    if not overall:
        return None, None, None, True, "unrated", {}
    if not overall["visible"]:
        # No count: how many answered about a colleague below the threshold
        # would tell who did.
        return None, None, None, True, "hidden", {"k": overall["min_raters"]}
    raters = overall["raters"]
    index = overall["index"]
    weights = rule.relation_weights if rule and not dim else {}
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
    if rule and rule.use_confidence:
        prior = None
        if rule.confidence_prior == "department":
            prior = results["prior"].get(("department", department_id, dim))
        if prior is None:
            prior = results["prior"].get(("company", 0, dim))
        if prior is not None:
            index = scoring.shrink(raw, raters, prior, rule.confidence_strength)
            return index, raw, raters, False, "shrunk", {
                "raters": raters, "index": index, "raw": raw, "prior": prior,
            }  # fmt: skip
    return index, raw, raters, False, "index", {"raters": raters, "index": raw}


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


def write_values(cr, updates, uid):
    """``updates``: (line id, actual, raw index, raters, below, note)."""
    if not updates:
        return
    ids, actuals, raws, raters, below, notes = map(list, zip(*updates, strict=True))
    cr.execute(
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
            uid=uid,
            ids=ids,
            actuals=actuals,
            raws=raws,
            raters=raters,
            below=below,
            notes=notes,
        )
    )


def compute_figures(cr, card_ids, bands):
    """Every stored figure of these cards and their lines, as the ORM computes
    them (scoring.line_score, effective_weights, card_scores), in two reads
    and two writes. ``bands``: {company id or 0: [(minimum, (band id, name))]}."""
    cr.execute(
        SQL(
            """
            SELECT l.id, l.scorecard_id, l.weight, l.target, l.actual,
                   l.below_threshold, l.kind, l.rater_count, k.direction,
                   k.max_achievement
              FROM internal_kpi_scorecard_line l
              JOIN internal_kpi_definition k ON k.id = l.kpi_id
             WHERE l.scorecard_id = ANY(%s)
             ORDER BY l.scorecard_id, l.sequence, l.id
            """,
            list(card_ids),
        )
    )
    lines_by_card = {}
    for row in cr.fetchall():
        lines_by_card.setdefault(row[1], []).append(row)
    cr.execute(
        SQL(
            """SELECT id, fallback, adjustment, company_id
                 FROM internal_kpi_scorecard WHERE id = ANY(%s)""",
            list(card_ids),
        )
    )
    line_rows, card_rows = [], []
    for card_id, fallback, adjustment, company in cr.fetchall():
        rows = lines_by_card.get(card_id, [])
        lines = [
            scoring.Line(
                lid,
                weight,
                scoring.line_score(below, fallback, actual, target, direction, cap),
                below,
            )
            for lid, _c, weight, target, actual, below, _k, _r, direction, cap in rows
        ]
        weights = scoring.effective_weights(lines, fallback)
        for line in lines:
            effective, points = weights[line.key]
            line_rows.append((line.key, line.score, effective, points))
        cap = max([row[9] for row in rows] or [100.0])
        base, final, band = scoring.card_scores(
            [scoring.Line(x.key, weights[x.key][0], x.score) for x in lines],
            cap,
            adjustment,
            [*bands.get(0, []), *bands.get(company, [])],
        )
        ic = next((row for row in rows if row[6] == "internal_customer"), None)
        card_rows.append(
            (
                card_id,
                base,
                final,
                band[0] if band else None,
                band[1] if band else None,
                ic[4] if ic else None,
                ic[7] if ic else None,
            )
        )
    if line_rows:
        ids, scores, effective, points = map(list, zip(*line_rows, strict=True))
        cr.execute(
            SQL(
                """
                UPDATE internal_kpi_scorecard_line l
                   SET score = u.score, effective_weight = u.effective,
                       weighted_score = u.points
                  FROM unnest(%s::int[], %s::float[], %s::float[], %s::float[])
                       AS u(id, score, effective, points)
                 WHERE l.id = u.id
                """,
                ids,
                scores,
                effective,
                points,
            )
        )
    if card_rows:
        ids, bases, finals, band_ids, names, index, raters = map(
            list, zip(*card_rows, strict=True)
        )
        cr.execute(
            SQL(
                """
                UPDATE internal_kpi_scorecard s
                   SET base_score = u.base, final_score = u.final, band_id = u.band,
                       band = u.name, internal_index = u.index,
                       internal_rater_count = u.raters
                  FROM unnest(%s::int[], %s::float[], %s::float[], %s::int[],
                              %s::varchar[], %s::float[], %s::int[])
                       AS u(id, base, final, band, name, index, raters)
                 WHERE s.id = u.id
                """,
                ids,
                bases,
                finals,
                band_ids,
                names,
                index,
                raters,
            )
        )
