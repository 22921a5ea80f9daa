#!/usr/bin/env python3
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Benchmark: a synthetic company, a campaign, its ratings and results.

    python3 tests/benchmark.py --employees 10000

Builds a throwaway database (dropped and re-created), N employees in
departments of 50 with about five service relations each (one upward, four
functional), then times: launching a campaign, submitting ratings (a sample
through the ORM, the rest written set-wise), computing the results on close,
and the same results computed the naive way (a per-ratee ORM loop). Prints
the figures, the machine and the peak memory of this Odoo process. Not a
test: nothing is asserted on time.
"""

import argparse
import os
import platform
import random
import resource
import subprocess
import sys
import time
from contextlib import contextmanager
from statistics import mean


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--employees", type=int, default=10000)
    parser.add_argument("--db", default="ic360_bench")
    parser.add_argument("--addons-path", default=os.environ.get("IC360_ADDONS_PATH"))
    parser.add_argument(
        "--orm-sample", type=int, default=300, help="ratings submitted through the ORM"
    )
    parser.add_argument("--keep", action="store_true", help="keep the database")
    return parser.parse_args()


def rss_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


FIGURES = []


def drain(model):
    """Run the background jobs an action handed to the cron, as its worker would
    (one batch per call, each committed)."""
    while model.search_count([("job", "!=", False)]):
        model._cron_run_jobs()
        model.env.cr.commit()


@contextmanager
def timed(label):
    start = time.perf_counter()
    yield
    seconds = time.perf_counter() - start
    FIGURES.append((label, seconds))
    print(f"  {label}: {seconds:.2f} s (RSS {rss_mb():.0f} MB)", flush=True)


def build_company(env, n):
    """N employees, departments of 50 with a manager, ~5 relations each."""
    rng = random.Random(42)
    company = env.company
    n_departments = max(1, n // 50)
    departments = env["hr.department"].create(
        [{"name": f"Bench department {i}"} for i in range(n_departments)]
    )
    Employee = env["hr.employee"].with_context(
        tracking_disable=True, mail_create_nolog=True
    )
    employees = Employee.browse()
    for start in range(0, n, 1000):
        employees |= Employee.create(
            [
                {
                    "name": f"Bench employee {i}",
                    "department_id": departments[i % n_departments].id,
                }
                for i in range(start, min(n, start + 1000))
            ]
        )
        env.cr.commit()
    ids = employees.ids
    by_dep = {}
    for i, emp_id in enumerate(ids):
        by_dep.setdefault(i % n_departments, []).append(emp_id)
    managers = {dep: members[0] for dep, members in by_dep.items()}
    rows = []
    for i, emp_id in enumerate(ids):
        dep = i % n_departments
        manager = managers[dep]
        if emp_id != manager:
            env.cr.execute(
                "UPDATE hr_employee SET parent_id = %s WHERE id = %s", (manager, emp_id)
            )
            rows.append((manager, emp_id, "upward", dep, dep))
        seen = set()
        while len(seen) < 4:
            provider_index = rng.randrange(n)
            provider = ids[provider_index]
            if provider == emp_id or provider in seen:
                continue
            seen.add(provider)
            rows.append(
                (provider, emp_id, "functional", provider_index % n_departments, dep)
            )
    dep_ids = departments.ids
    values = [
        (p, c, t, rng.choice((1.0, 1.0, 2.0)), dep_ids[pd], dep_ids[cd])
        for p, c, t, pd, cd in rows
    ]
    for start in range(0, len(values), 10000):
        chunk = values[start : start + 10000]
        env.cr.execute(
            "INSERT INTO internal_customer_relation (provider_id, customer_id, relation_type,"
            " weight, provider_department_id, customer_department_id, state, origin,"
            " date_start, company_id, create_uid, create_date, write_uid, write_date) "
            "SELECT p, c, t, w, pd, cd, 'approved', 'org_chart', '2020-01-01', %s, 1,"
            " now(), 1, now() FROM unnest(%s::int[], %s::int[], %s::varchar[],"
            " %s::float[], %s::int[], %s::int[]) AS x(p, c, t, w, pd, cd)"
            " ON CONFLICT DO NOTHING",
            (company.id, *map(list, zip(*chunk, strict=True))),
        )
    env.cr.commit()
    env.invalidate_all()
    return employees


def naive_results(env, campaign):
    """The way not to do it: one ORM pass per ratee."""
    Line = env["internal.customer.rating.line"].sudo()
    ratees = (
        env["internal.customer.rating"]
        .sudo()
        .search([("campaign_id", "=", campaign.id)])
        .ratee_id
    )
    out = {}
    for ratee in ratees:
        lines = Line.search(
            [
                ("rating_id.campaign_id", "=", campaign.id),
                ("rating_id.ratee_id", "=", ratee.id),
                ("rating_id.state", "=", "submitted"),
                ("rating_id.is_self", "=", False),
                ("score", "!=", False),
            ]
        )
        weights = [line.dimension_id.weight for line in lines]
        if weights:
            out[ratee.id] = sum(
                line.score * w for line, w in zip(lines, weights, strict=True)
            ) / sum(weights)
    return out


def kpi_benchmark(env, campaign):
    """Scorecards for everyone, filled from the campaign's results."""
    from odoo import Command

    Kpi = env["internal.kpi.definition"]
    manual = Kpi.create(
        [
            {"name": "Objectives", "code": "B-OBJ", "target": 100},
            {"name": "Lead time", "code": "B-LEAD", "target": 4, "direction": "lower"},
        ]
    )
    env["internal.kpi.weighting.rule"].create(
        {
            "name": "Benchmark rule",
            "use_confidence": True,
            "line_ids": [
                Command.create(
                    {
                        "kpi_id": env.ref(
                            "internal_kpi.kpi_internal_customer_index"
                        ).id,
                        "weight": 40,
                    }
                ),
                Command.create({"kpi_id": manual[0].id, "weight": 30}),
                Command.create({"kpi_id": manual[1].id, "weight": 30}),
            ],
            "relation_weight_ids": [
                Command.create({"relation_type": "functional", "weight": 70}),
                Command.create({"relation_type": "upward", "weight": 30}),
            ],
        }
    )
    cycle = env["internal.kpi.cycle"].create(
        {
            "name": "Benchmark cycle",
            "date_start": campaign.date_start,
            "date_end": campaign.date_end,
            "campaign_ids": [Command.set(campaign.ids)],
        }
    )
    env.cr.commit()
    with timed("generate scorecards and fill them from the results"):
        cycle.action_start()
        env.cr.commit()
    cards = env["internal.kpi.scorecard"].search_count([("cycle_id", "=", cycle.id)])
    env.cr.execute(
        "SELECT count(*) FILTER (WHERE NOT below_threshold), count(*)"
        " FROM internal_kpi_scorecard_line l JOIN internal_kpi_scorecard s"
        " ON s.id = l.scorecard_id WHERE s.cycle_id = %s AND l.kind != 'manual'",
        (cycle.id,),
    )
    filled, total = env.cr.fetchone()
    print(f"  scorecards: {cards}, internal-customer lines filled: {filled} of {total}")
    with timed("refill every scorecard from the results"):
        cycle.action_fill_from_campaigns()
        env.cr.commit()


def main():
    args = parse_args()
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from odoo_paths import addons_path as default_addons_path

    addons_path = args.addons_path or default_addons_path()
    print(f"Internal Customer 360 benchmark: {args.employees} employees")
    print(
        f"Machine: {platform.node()} {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {platform.platform()}"
    )
    subprocess.run(["dropdb", "--if-exists", "--force", args.db], check=True)
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable, "-m", "odoo", "-d", args.db, "--addons-path", addons_path,
            "-i", "internal_customer,internal_kpi", "--without-demo=all", "--stop-after-init",
            "--log-level=warn",
        ],
        check=True,
    )  # fmt: skip
    print(f"  install: {time.perf_counter() - start:.1f} s")

    import odoo
    from odoo import Command

    odoo.tools.config.parse_config(
        ["-d", args.db, "--addons-path", addons_path, "--log-level=warn"]
    )
    registry = odoo.modules.registry.Registry(args.db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        with timed("build the synthetic company (not a target)"):
            build_company(env, args.employees)
        Relation = env["internal.customer.relation"]
        print(f"  relations: {Relation.search_count([])}")
        campaign = env["internal.customer.campaign"].create(
            {
                "name": "Benchmark campaign",
                "dimension_ids": [
                    Command.set(env["internal.customer.dimension"].search([]).ids)
                ],
            }
        )
        cr.commit()
        with timed("launch"):
            campaign.action_launch()
            cr.commit()
            drain(env["internal.customer.campaign"])
        Rating = env["internal.customer.rating"].sudo()
        n_requests = Rating.search_count([("campaign_id", "=", campaign.id)])
        env.cr.execute(
            "SELECT count(*) FROM internal_customer_rating_line l JOIN"
            " internal_customer_rating r ON r.id = l.rating_id WHERE r.campaign_id = %s",
            (campaign.id,),
        )
        n_lines = env.cr.fetchone()[0]
        print(f"  requests: {n_requests}, rating lines: {n_lines}")

        sample = Rating.search(
            [("campaign_id", "=", campaign.id)], limit=args.orm_sample
        )
        rng = random.Random(7)
        per_rating = []
        with timed(f"submit {len(sample)} ratings through the ORM"):
            for rating in sample:
                t0 = time.perf_counter()
                rating.write(
                    {
                        "line_ids": [
                            Command.update(line.id, {"score": rng.randint(2, 4)})
                            for line in rating.line_ids
                        ],
                        "comment_positive": "Helpful",
                    }
                )
                rating.action_submit()
                per_rating.append(time.perf_counter() - t0)
            cr.commit()
        print(f"  ORM submit: {1000 * mean(per_rating):.1f} ms per rating")
        with timed("submit the other ratings set-wise (SQL)"):
            env.cr.execute(
                "UPDATE internal_customer_rating_line l SET score = 1 + (l.id * 7 + r.id) %% 5"
                " FROM internal_customer_rating r WHERE r.id = l.rating_id"
                " AND r.campaign_id = %s AND r.state = 'pending'",
                (campaign.id,),
            )
            env.cr.execute(
                "UPDATE internal_customer_rating SET state = 'submitted', submit_date = now(),"
                " comment_improve = 'Answer faster' WHERE campaign_id = %s AND state = 'pending'",
                (campaign.id,),
            )
            cr.commit()
            env.invalidate_all()
        with timed("close and compute results (set-wise SQL)"):
            campaign.action_close()
            cr.commit()
            drain(env["internal.customer.campaign"])
        results = env["internal.customer.result"].search_count(
            [("campaign_id", "=", campaign.id)]
        )
        visible = env["internal.customer.result"].search_count(
            [("campaign_id", "=", campaign.id), ("visible", "=", True)]
        )
        print(f"  result rows: {results} ({visible} visible)")
        with timed("recompute results on demand"):
            campaign.action_compute_results()
            cr.commit()
        fast = dict(FIGURES)["recompute results on demand"]
        with timed("naive results (per-ratee ORM loop, overall only)"):
            naive = naive_results(env, campaign)
        slow = dict(FIGURES)["naive results (per-ratee ORM loop, overall only)"]
        print(
            f"  naive computed {len(naive)} ratees; set-wise is {slow / fast:.1f}x faster"
        )
        if "internal.kpi.cycle" in env:
            kpi_benchmark(env, campaign)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Peak memory of this Odoo process: {peak:.0f} MB")
    print("Summary:")
    print(
        f"  N={args.employees} employees, {n_requests} requests, {n_lines} rating lines"
    )
    for label, seconds in FIGURES:
        print(f"  {label:<55} {seconds:8.2f} s")
    print(f"  {'peak memory':<55} {peak:8.0f} MB")
    odoo.sql_db.close_all()
    if not args.keep:
        subprocess.run(["dropdb", "--if-exists", "--force", args.db], check=False)


if __name__ == "__main__":
    main()
