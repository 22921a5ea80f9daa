# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The service heat map: which department serves which one, and how well.

A cell is a pair (provider department, customer department) in a view (every
dimension together, one dimension, or one relation type): the service index of
the scores that the customer department's raters gave the provider
department's colleagues. Both departments are those at launch.

:func:`read` is one SELECT over the ratings; :func:`suppress` decides what
shows; :func:`store` keeps the outcome when the campaign's results are
computed (its ratings are frozen from then on), and :func:`load` reads one
view back in one SELECT that creates nothing, so that Odoo may serve it from a
read replica.

1. Only colleagues whose own result is shown in full (overall, every dimension,
   every relation type) count, in every view alike. The views of a pair then
   add up exactly (the overall is the sum of its types, and of its dimensions),
   and the map cannot tell more about a colleague than their result does.
2. A cell of fewer distinct raters than the threshold shows no number.
3. Subtraction: a row adds up to its department's result, a pair's types and
   a pair's dimensions to the pair's overall. In every such family, the hidden
   cells that a reader could add up by subtraction must be two or more and
   together cover at least the threshold of raters (a rater counts once): more
   cells are hidden, the smallest first, until they do. A hidden cell that a
   family gives away all the same (the only one hidden, with nothing left to
   hide) counts as shown in the other families it is part of; where a pair's
   parts cannot hide each other, the pair's overall is hidden instead.
4. Proof, per provider department, by linear algebra: with every cell shown
   and every total known, no hidden cell of fewer raters than the threshold
   (nor the sum of two of them, together under the threshold) may be
   determined. Where one would be, the provider's whole row is hidden.

The map shows no column totals: a customer department's raters rate several
providers, so that a column's total is not a sum of its cells' raters.
"""

import heapq
import io
from collections import defaultdict

import numpy

from odoo.tools import SQL

ALL = ("all", 0)


def read(cr, thresholds, shifts=None, effects=None):
    """The raw cells of these campaigns, in one SELECT, one provider
    department at a time (a server-side cursor: a large company's map is
    never held whole in memory; everything the suppression looks at belongs
    to one provider).

    ``thresholds`` maps each campaign to its threshold ``k``. Yields
    ``(campaign, provider, {(provider, customer, view): (raters, sw, w)})``:
    ``raters`` a tuple of the distinct rater ids where the cell has fewer
    than ``k``, else their number; ``sw``/``w`` the weighted sum of the
    scores and of their weights (the mean is ``sw / w``), ``swc`` that of the
    scores with their rater's effect taken out (``effects``, from the
    results engine's calibration); ``view`` one of
    :data:`ALL`,
    ``("dim", dimension_id)`` or ``("type", relation_type)``. A customer
    department 0 stands for raters without a department. ``shifts`` maps the
    ratings dampened by the results engine (engine/collusion.py) to what is
    taken off each of their scores, so that both use the same scores.
    """
    shifts = shifts or {}
    effects = effects or {}
    campaigns = list(thresholds)
    query = SQL(
        """
            WITH partly_hidden AS (
                SELECT DISTINCT campaign_id, employee_id
                  FROM internal_customer_result
                 WHERE campaign_id = ANY(%(campaigns)s) AND level = 'employee'
                   AND NOT visible
            ), scores AS (
                SELECT r.campaign_id AS c, r.ratee_department_id AS a,
                       COALESCE(r.rater_department_id, 0) AS b, r.rater_id AS rater,
                       COALESCE(r.relation_type, '') AS rtype, l.dimension_id AS dim,
                       (l.score - COALESCE(x.shift, 0)) * d.weight AS sw,
                       (l.score - COALESCE(x.shift, 0) - COALESCE(e.effect, 0))
                           * d.weight AS swc,
                       d.weight AS w
                  FROM internal_customer_rating r
                  JOIN internal_customer_rating_line l ON l.rating_id = r.id
                  JOIN internal_customer_campaign_dimension d
                    ON d.campaign_id = r.campaign_id
                   AND d.dimension_id = l.dimension_id
                  LEFT JOIN unnest(%(dampened)s::int[], %(shifts)s::float[])
                       AS x(rating, shift) ON x.rating = r.id
                  LEFT JOIN unnest(%(raters)s::int[], %(effects)s::float[])
                       AS e(rater, effect) ON e.rater = r.rater_id
                 WHERE r.campaign_id = ANY(%(campaigns)s) AND r.state = 'submitted'
                   AND NOT r.is_self AND l.score IS NOT NULL
                   AND r.ratee_department_id IS NOT NULL
                   AND NOT EXISTS (
                       SELECT 1 FROM partly_hidden h
                        WHERE h.campaign_id = r.campaign_id
                          AND h.employee_id = r.ratee_id)
            ), thresholds AS (
                SELECT * FROM unnest(%(campaigns)s::int[], %(ks)s::int[]) AS t(c, k)
            )
            SELECT c, a, b, GROUPING(dim), GROUPING(rtype), dim, rtype,
                   count(DISTINCT rater),
                   CASE WHEN count(DISTINCT rater) < k
                        THEN array_agg(DISTINCT rater) END,
                   sum(sw), sum(w), sum(swc)
              FROM scores JOIN thresholds USING (c)
             GROUP BY GROUPING SETS (
                 (c, k, a, b), (c, k, a, b, dim), (c, k, a, b, rtype))
             ORDER BY c, a
            """,
        campaigns=campaigns,
        ks=[thresholds[c] for c in campaigns],
        dampened=list(shifts),
        shifts=list(shifts.values()),
        raters=list(effects),
        effects=list(effects.values()),
    )
    views = {}  # one tuple per view, shared by its cells (memory)
    current, cells = None, {}
    stream = cr._cnx.cursor("internal_customer_heatmap_read")
    try:
        stream.itersize = 20000
        stream.execute(query.code, query.params)
        for c, a, b, no_dim, no_type, dim, rtype, count, raters, sw, w, swc in stream:
            if (c, a) != current:
                if cells:
                    yield (*current, cells)
                current, cells = (c, a), {}
            if no_dim and no_type:
                view = ALL
            elif no_type:
                view = views.setdefault(("dim", dim), ("dim", dim))
            else:
                view = views.setdefault(("type", rtype), ("type", rtype))
            raters = count if raters is None else tuple(raters)
            cells[(a, b, view)] = (raters, float(sw), float(w), float(swc))
        if cells:
            yield (*current, cells)
    finally:
        stream.close()


def _families(keys):
    """The sums a reader knows: ``(parts, total)``, where ``total`` is None
    when the sum is public (a row adds up to its department's result) and
    else the key of the cell that is the sum (a pair's overall). The parts
    keep the order of ``keys``, and the families come in the order of their
    first part."""
    families, where = [], {}
    for key in keys:
        a, b, view = key
        for family in ((a, view), (a, b, view[0]) if view[0] != "all" else None):
            if family is None:
                continue
            number = where.get(family)
            if number is None:
                number = where[family] = len(families)
                families.append(([], None if len(family) == 2 else (a, b, ALL)))
            families[number][0].append(key)
    return families


class _Raters:
    """How many distinct raters a set of cells covers, knowing the rater ids
    of the small cells only (a cell of ``k`` raters or more covers ``k``)."""

    def __init__(self, cells, k):
        self.k = k
        self.count = {}
        self.small = {}
        for key, raters in cells.items():
            if isinstance(raters, int):
                if raters < k:
                    raise ValueError("a cell under the threshold needs its raters")
                self.count[key] = raters
            else:
                self.count[key] = len(raters)
                if len(raters) < k:
                    self.small[key] = raters

    def covers(self, keys):
        """Whether these cells together cover ``k`` raters."""
        union = set()
        for key in keys:
            if key not in self.small:
                return True
            union.update(self.small[key])
        return len(union) >= self.k


def _cover(raters, shown, known, parts, total):
    """What to hide more so that this family lets a reader compute no hidden
    cell alone, nor a sum of hidden cells under ``k`` raters.

    ``known`` are hidden cells that a reader computes all the same (each the
    one hidden cell of a family with nothing left to hide): they count as
    shown, but hiding them is no use. Returns ``(hide, learnt)``: the cells
    to hide, and the hidden cells that this family gives away.
    """
    hidden = [key for key in parts if key not in shown and key not in known]
    visible = [key for key in parts if key in shown]  # smallest first
    if total is not None and total not in shown and total not in known:
        # The total hidden: subtracting the shown parts from it gives nothing
        # unless every part is shown (then the total is theirs to add up).
        if hidden:
            return [], []
        return ([visible[0]], []) if visible else ([], [total])
    extra = []
    while hidden and (
        len(hidden) + len(extra) < 2 or not raters.covers(hidden + extra)
    ):
        if visible:
            extra.append(visible.pop(0))
        elif total is not None and total in shown:
            return [total], []  # the parts cannot hide each other: hide their sum
        else:
            return extra, hidden if len(hidden) + len(extra) == 1 else []
    return extra, []


def _leaks(raters, shown, families, known_rows):
    """Whether the known sums determine a hidden cell of fewer than ``k``
    raters (or the sum of two, under ``k`` together), for one provider's
    ``families``. A row's total is known when it covers ``k`` raters (below,
    its department result is hidden too): ``known_rows`` are those rows, as
    ``(provider, view)``.

    The known sums are the rows of a matrix A (one per family, one column per
    hidden cell). A cell is determined when its unit vector lies in A's row
    space; two cells' sum (or any positive mix) when the parts of their unit
    vectors outside that space are opposite.
    """
    index = {}
    for parts, total in families:
        for key in (*parts, total) if total is not None else parts:
            if key not in shown and key not in index:
                index[key] = len(index)
    small = [key for key in index if key in raters.small]
    if not small:
        return False
    # A as (row, column, value) triples: a cell sits in three sums at most
    rows, columns, values = [], [], []
    for parts, total in families:
        if total is None and (parts[0][0], parts[0][2]) not in known_rows:
            continue
        row = len(rows) and rows[-1] + 1
        entries = [(index[key], 1.0) for key in parts if key in index]
        if total is not None and total in index:
            entries.append((index[total], -1.0))
        for column, value in entries:
            rows.append(row)
            columns.append(column)
            values.append(value)
    if not rows:
        return False
    rows, columns = numpy.array(rows), numpy.array(columns)
    values = numpy.array(values)
    # A A^T from the triples: the products of the entries of each column
    size = rows.max() + 1
    order = numpy.argsort(columns, kind="stable")
    rows, columns, values = rows[order], columns[order], values[order]
    flat, weights = [], []
    for shift in range(numpy.bincount(columns).max()):
        same = numpy.nonzero(columns[shift:] == columns[: len(columns) - shift])[0]
        first, second = rows[same], rows[same + shift]
        both = values[same] * values[same + shift]
        flat += [first * size + second] + ([second * size + first] if shift else [])
        weights += [both] + ([both] if shift else [])
    product = numpy.bincount(
        numpy.concatenate(flat), numpy.concatenate(weights), size * size
    ).reshape(size, size)
    # An orthonormal basis of the row space, from the small m x m matrix A A^T
    eigen, vectors = numpy.linalg.eigh(product)
    keep = eigen > 1e-9 * max(eigen.max(), 1.0)
    scaled = vectors[:, keep] / numpy.sqrt(eigen[keep])
    # The basis vectors, as columns by cell: (A^T scaled), one row per cell
    basis = numpy.zeros((len(index), scaled.shape[1]))
    present, starts = numpy.unique(columns, return_index=True)
    basis[present] = numpy.add.reduceat(scaled[rows] * values[:, None], starts)
    wanted = numpy.array([index[key] for key in small])
    at_small = basis[wanted]
    free = 1.0 - (at_small * at_small).sum(axis=1)  # squared distance to the space
    if (free < 1e-9).any():
        return True
    # Opposite residues: found on a fixed random sketch of them (a residue's
    # sketch is a linear image of it, so opposite residues have opposite
    # sketches), then checked exactly
    sketch = numpy.random.default_rng(0).standard_normal((len(index), 8))
    image = sketch[wanted] - at_small @ (basis.T @ sketch)
    image /= numpy.linalg.norm(image, axis=1)[:, None]
    near = numpy.nonzero(image @ image.T < -1 + 1e-6)
    for i, j in zip(*near, strict=True):
        if i > j or raters.covers((small[i], small[j])):
            continue
        cosine = -(at_small[i] @ at_small[j]) / numpy.sqrt(free[i] * free[j])
        if cosine < -1 + 1e-9:
            return True
    return False


def suppress(cells, k):
    """The keys of the cells that show a number.

    ``cells`` maps ``(provider, customer, view)`` to the cell's rater ids (a
    set), or to their number where it is ``k`` or more (the ids of such a cell
    are never needed: any sum it is part of covers ``k`` raters).
    Returns ``(shown, rows_hidden)``: the keys shown, and the providers whose
    whole row had to be hidden by the proof (step 4 above).
    """
    raters = _Raters(cells, k)
    shown = {key for key, count in raters.count.items() if count >= k}
    # The smallest cells first, in an order that does not depend on how the
    # cells came in: the families, and the parts of each, follow it
    order = [key for _n, key in sorted((raters.count[key], key) for key in cells)]
    families = _families(order)
    member = defaultdict(list)
    for number, (parts, total) in enumerate(families):
        for key in parts:
            member[key].append(number)
        if total is not None:
            member[total].append(number)
    # Every family once, then again each family of a cell hidden since, in a
    # fixed order (the outcome does not depend on the order the cells came in)
    pending = list(range(len(families)))
    queued = set(pending)
    known = set()
    while pending:
        number = heapq.heappop(pending)
        queued.discard(number)
        hide, learnt = _cover(raters, shown, known, *families[number])
        shown.difference_update(hide)
        known.update(learnt)
        for key in hide + learnt:
            for other in member[key]:
                if other not in queued:
                    queued.add(other)
                    heapq.heappush(pending, other)
    by_provider = defaultdict(list)
    known_rows = set()
    for parts, total in families:
        by_provider[parts[0][0]].append((parts, total))
        if total is None and raters.covers(parts):
            known_rows.add((parts[0][0], parts[0][2]))
    rows_hidden = set()
    for provider, own in sorted(by_provider.items()):
        if _leaks(raters, shown, own, known_rows):
            shown -= {key for parts, _total in own for key in parts}
            rows_hidden.add(provider)
    return shown, rows_hidden


def count(raters):
    """How many raters a cell of :func:`read` has."""
    return raters if isinstance(raters, int) else len(raters)


def index(sw, w):
    """The service index (0-100) of a weighted sum of 1-5 scores."""
    return 25.0 * (sw / w - 1.0)


def calibrated(swc, w, effects):
    """The calibrated index (0-100, the mean clipped to the 1-5 scale as the
    results' is), or None when the map was built without the effects."""
    if not effects:
        return None
    return 25.0 * (min(max(swc / w, 1.0), 5.0) - 1.0)


# The map of a closed campaign, computed when its results are (its ratings
# are frozen from then on) and read with one SELECT when someone opens it.
# No model maps these tables: no client can read or write them, and a hidden
# cell is stored without a figure or a rater count.
TABLES = SQL(
    """
    CREATE TABLE IF NOT EXISTS internal_customer_heatmap_map (
        campaign_id integer PRIMARY KEY
            REFERENCES internal_customer_campaign (id) ON DELETE CASCADE,
        relation_types varchar[] NOT NULL
    );
    CREATE TABLE IF NOT EXISTS internal_customer_heatmap_cell (
        campaign_id integer NOT NULL
            REFERENCES internal_customer_heatmap_map (campaign_id) ON DELETE CASCADE,
        view_kind varchar NOT NULL,
        view_key varchar NOT NULL,
        provider_id integer NOT NULL,
        customer_id integer NOT NULL,
        raters integer,
        index double precision,
        PRIMARY KEY (campaign_id, view_kind, view_key, provider_id, customer_id),
        CHECK ((raters IS NULL) = (index IS NULL))
    );
    CREATE INDEX IF NOT EXISTS internal_customer_heatmap_cell_pair
        ON internal_customer_heatmap_cell (campaign_id, provider_id, customer_id);
    -- 18.0.1.4.0: the calibrated index, shown exactly when the index is
    ALTER TABLE internal_customer_heatmap_cell
        ADD COLUMN IF NOT EXISTS index_calibrated double precision;
    """
)


def build(cr, thresholds, view=None, shifts=None, effects=None):
    """The maps of these campaigns, computed: yields ``(campaign, cells)``
    one provider department at a time, ``cells`` mapping ``(provider,
    customer, view)`` to ``(raters, index, calibrated index)``, all None
    where the cell shows no number (the calibrated one is None too without
    ``effects``); only the cells of ``view`` when one is given. ``shifts``
    and ``effects``: see :func:`read`."""
    for campaign, _provider, cells in read(cr, thresholds, shifts, effects):
        shown, _rows = suppress(
            {key: value[0] for key, value in cells.items()}, thresholds[campaign]
        )
        yield (
            campaign,
            {
                key: (
                    (count(raters), index(sw, w), calibrated(swc, w, effects))
                    if key in shown
                    else (None, None, None)
                )
                for key, (raters, sw, w, swc) in cells.items()
                if view is None or key[2] == view
            },
        )


def store(cr, campaign_id, k, shifts=None, effects=None):
    """Compute and store the map of one campaign, replacing the one before,
    from the scores the results engine used (``shifts`` and ``effects``: see
    :func:`read`).
    Returns the number of cells stored."""
    cr.execute(
        SQL(
            """
            DELETE FROM internal_customer_heatmap_map WHERE campaign_id = %(c)s;
            INSERT INTO internal_customer_heatmap_map VALUES (%(c)s, '{}')
            """,
            c=campaign_id,
        )
    )
    types, stored, lines = set(), 0, io.StringIO()
    for _campaign, cells in build(cr, {campaign_id: k}, shifts=shifts, effects=effects):
        for (a, b, (kind, key)), (raters, value, calibrated_value) in cells.items():
            if kind == "type":
                types.add(key)
            figures = (
                "\\N\t\\N\t\\N"
                if raters is None
                else f"{raters}\t{value!r}\t"
                + ("\\N" if calibrated_value is None else repr(calibrated_value))
            )
            lines.write(f"{campaign_id}\t{kind}\t{key or ''}\t{a}\t{b}\t{figures}\n")
        stored += len(cells)
        if lines.tell() > 1 << 22:
            _copy(cr, lines)
            lines = io.StringIO()
    _copy(cr, lines)
    cr.execute(
        SQL(
            """UPDATE internal_customer_heatmap_map SET relation_types = %(types)s
                WHERE campaign_id = %(c)s""",
            c=campaign_id,
            types=sorted(types),
        )
    )
    return stored


def _copy(cr, lines):
    # COPY, a few MB at a time: hundreds of thousands of cells in a large company
    if lines.tell():
        lines.seek(0)
        cr.copy_expert("COPY internal_customer_heatmap_cell FROM STDIN", lines)


def load(cr, campaign_ids, view):
    """The stored cells of one view of these campaigns, in one SELECT.

    Returns ``{campaign: (relation_types, {(provider, customer): (raters,
    index, calibrated index)})}`` for the campaigns whose map is stored.
    """
    kind, key = view
    cr.execute(
        SQL(
            """
            SELECT m.campaign_id, m.relation_types, c.provider_id, c.customer_id,
                   c.raters, c.index, c.index_calibrated
              FROM internal_customer_heatmap_map m
              LEFT JOIN internal_customer_heatmap_cell c
                ON c.campaign_id = m.campaign_id
               AND c.view_kind = %(kind)s AND c.view_key = %(key)s
             WHERE m.campaign_id = ANY(%(campaigns)s)
            """,
            kind=kind,
            key=str(key) if key else "",
            campaigns=list(campaign_ids),
        )
    )
    maps = {}
    for campaign, types, provider, customer, raters, value, cal in cr.fetchall():
        cells = maps.setdefault(campaign, (set(types), {}))[1]
        if provider is not None:
            cells[(provider, customer)] = (raters, value, cal)
    return maps


def load_pair(cr, campaign_id, provider, customer):
    """Every view of one pair (stored), in one SELECT: ``{view: (raters,
    index, calibrated index)}``, or None when the campaign's map is not
    stored."""
    cr.execute(
        SQL(
            """
            SELECT c.view_kind, c.view_key, c.raters, c.index, c.index_calibrated
              FROM internal_customer_heatmap_map m
              LEFT JOIN internal_customer_heatmap_cell c
                ON c.campaign_id = m.campaign_id
               AND c.provider_id = %(provider)s AND c.customer_id = %(customer)s
             WHERE m.campaign_id = %(campaign)s
            """,
            campaign=campaign_id,
            provider=provider,
            customer=customer,
        )
    )
    rows = cr.fetchall()
    if not rows:
        return None
    cells = {}
    for kind, key, raters, value, cal in rows:
        if kind is None:
            continue
        if kind == "dim":
            key = int(key)
        view = (kind, key or 0) if kind == "all" else (kind, key)
        cells[view] = (raters, value, cal)
    return cells
