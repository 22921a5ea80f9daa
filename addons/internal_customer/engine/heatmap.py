# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The service heat map: which department serves which one, and how well.

A cell is a pair (provider department, customer department) in a view (every
dimension together, one dimension, or one relation type): the service index of
the scores that the customer department's raters gave the provider
department's colleagues. Both departments are those at launch.

:func:`read` is one SELECT and creates nothing (no temporary table), so that
Odoo may serve it from a read replica. :func:`suppress` decides what shows:

1. Only colleagues whose own result is shown in full (overall, every dimension,
   every relation type) count, in every view alike. The views of a pair then
   add up exactly (the overall is the sum of its types, and of its dimensions),
   and the map cannot tell more about a colleague than their result does.
2. A cell of fewer distinct raters than the threshold shows no number.
3. Subtraction: a row adds up to its department's result, a pair's types and
   a pair's dimensions to the pair's overall. In every such family, the hidden
   cells that a reader could add up by subtraction must together cover at
   least the threshold of raters (a rater counts once): more cells are hidden,
   the smallest first, until they do.
4. Proof, per provider department, by linear algebra: with every cell shown
   and every total known, no hidden cell of fewer raters than the threshold
   (nor the sum of two of them, together under the threshold) may be determined. Where
   one would be, the provider's whole row is hidden.

The map shows no column totals: a customer department's raters rate several
providers, so that a column's total is not a sum of its cells' raters.
"""

from collections import defaultdict

import numpy

from odoo.tools import SQL

ALL = ("all", 0)


def read(cr, campaign_ids):
    """The raw cells of these campaigns, in one SELECT.

    Returns ``{campaign: {(provider, customer, view): (raters, sw, w)}}``:
    ``raters`` a frozenset of rater ids, ``sw``/``w`` the weighted sum of the
    scores and of their weights (the mean is ``sw / w``), and ``view`` one of
    :data:`ALL`, ``("dim", dimension_id)`` or ``("type", relation_type)``.
    A customer department 0 stands for raters without a department.
    """
    cr.execute(
        SQL(
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
                       l.score * d.weight AS sw, d.weight AS w
                  FROM internal_customer_rating r
                  JOIN internal_customer_rating_line l ON l.rating_id = r.id
                  JOIN internal_customer_campaign_dimension d
                    ON d.campaign_id = r.campaign_id
                   AND d.dimension_id = l.dimension_id
                 WHERE r.campaign_id = ANY(%(campaigns)s) AND r.state = 'submitted'
                   AND NOT r.is_self AND l.score IS NOT NULL
                   AND r.ratee_department_id IS NOT NULL
                   AND NOT EXISTS (
                       SELECT 1 FROM partly_hidden h
                        WHERE h.campaign_id = r.campaign_id
                          AND h.employee_id = r.ratee_id)
            )
            SELECT c, a, b, GROUPING(dim), GROUPING(rtype), dim, rtype,
                   array_agg(rater), sum(sw), sum(w)
              FROM scores
             GROUP BY GROUPING SETS ((c, a, b), (c, a, b, dim), (c, a, b, rtype))
            """,
            campaigns=list(campaign_ids),
        )
    )
    cells = defaultdict(dict)
    for c, a, b, no_dim, no_type, dim, rtype, raters, sw, w in cr.fetchall():
        if no_dim and no_type:
            view = ALL
        elif no_type:
            view = ("dim", dim)
        else:
            view = ("type", rtype)
        cells[c][(a, b, view)] = (frozenset(raters), float(sw), float(w))
    return cells


def _families(keys):
    """The sums a reader knows: ``(parts, total)``, where ``total`` is None
    when the sum is public (a row adds up to its department's result) and
    else the key of the cell that is the sum (a pair's overall)."""
    rows, types, dims = defaultdict(list), defaultdict(list), defaultdict(list)
    for key in keys:
        a, b, view = key
        rows[(a, view)].append(key)
        if view[0] == "type":
            types[(a, b)].append(key)
        elif view[0] == "dim":
            dims[(a, b)].append(key)
    # Keys compare as tuples (a view is ("all", 0), ("dim", id) or ("type", code))
    families = [(sorted(parts), None) for parts in rows.values()]
    for split in (types, dims):
        for (a, b), parts in split.items():
            families.append((sorted(parts), (a, b, ALL)))
    return sorted(families, key=lambda f: (f[0], f[1] is not None, f[1] or ()))


def _union(cells, keys):
    raters = set()
    for key in keys:
        raters |= cells[key]
    return raters


def _cover(cells, shown, parts, total, k):
    """The parts to hide more so that what this family lets a reader compute
    covers ``k`` raters or none."""
    hidden = [key for key in parts if key not in shown]
    visible = sorted(
        (key for key in parts if key in shown), key=lambda x: (len(cells[x]), x)
    )
    if total is not None and total not in shown:
        # The total hidden: subtracting the shown parts from it gives nothing
        # unless every part is shown (then the total is theirs to add up).
        return {visible[0]} if visible and not hidden else set()
    extra = set()
    while visible and 0 < len(_union(cells, hidden + list(extra))) < k:
        extra.add(visible.pop(0))
    return extra


def _leaks(cells, shown, keys, k, known_rows):
    """Whether the known sums determine a hidden cell of fewer than ``k``
    raters (or the sum of two, under ``k`` together), for one provider's cells.
    A row's total is known when it covers ``k`` raters (below, its department
    result is hidden too): ``known_rows`` are those rows, as ``(provider, view)``.
    """
    hidden = sorted(key for key in keys if key not in shown)
    small = [key for key in hidden if 0 < len(cells[key]) < k]
    if not small:
        return False
    index = {key: i for i, key in enumerate(hidden)}
    equations = []
    for parts, total in _families(keys):
        if total is None and (parts[0][0], parts[0][2]) not in known_rows:
            continue
        row = numpy.zeros(len(hidden))
        for key in parts:
            if key in index:
                row[index[key]] = 1.0
        if total is not None and total in index:
            row[index[total]] = -1.0
        if row.any():
            equations.append(row)
    if not equations:
        return False
    # An orthonormal basis of what the known sums span (a few hundred rows at
    # most: one per view and two per customer department)
    # (from the small m x m matrix A A^T: A is a few hundred rows by up to a
    # few thousand hidden cells)
    matrix = numpy.array(equations)
    eigen, vectors = numpy.linalg.eigh(matrix @ matrix.T)
    keep = eigen > 1e-9 * max(eigen.max(), 1.0)
    basis = (vectors[:, keep].T @ matrix) / numpy.sqrt(eigen[keep])[:, None]
    columns = basis[:, [index[key] for key in small]]
    gram = columns.T @ columns  # projections of the small cells' unit vectors
    free = 1.0 - numpy.diag(gram)  # squared distance of each to the span
    if (free < 1e-9).any():
        return True
    # e_i + t e_j (t > 0) lies in the span when their residues are opposite
    cosine = -(gram - numpy.diag(numpy.diag(gram))) / numpy.sqrt(
        numpy.outer(free, free)
    )
    for i, j in zip(*numpy.nonzero(numpy.triu(cosine, 1) < -1 + 1e-9), strict=True):
        if len(cells[small[i]] | cells[small[j]]) < k:
            return True
    return False


def suppress(cells, k):
    """The keys of the cells that show a number.

    ``cells`` maps ``(provider, customer, view)`` to a set of rater ids.
    Returns ``(shown, rows_hidden)``: the keys shown, and the providers whose
    whole row had to be hidden by the proof (step 4 above).
    """
    shown = {key for key, raters in cells.items() if len(raters) >= k}
    families = _families(cells)
    changed = True
    while changed:
        changed = False
        for parts, total in families:
            extra = _cover(cells, shown, parts, total, k)
            if extra:
                shown -= extra
                changed = True
    by_provider = defaultdict(list)
    for key in cells:
        by_provider[key[0]].append(key)
    known_rows = {
        (parts[0][0], parts[0][2])
        for parts, total in families
        if total is None and len(_union(cells, parts)) >= k
    }
    rows_hidden = set()
    for provider, keys in sorted(by_provider.items()):
        if _leaks(cells, shown, keys, k, known_rows):
            shown -= set(keys)
            rows_hidden.add(provider)
    return shown, rows_hidden


def index(sw, w):
    """The service index (0-100) of a weighted sum of 1-5 scores."""
    return 25.0 * (sw / w - 1.0)
