# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Benchmark: relations suggested from project tasks (internal_customer_project).

Builds the benchmark's synthetic company (tests/benchmark.py) with a user per
employee, then tasks set-wise: each employee creates about the same number of
tasks, each assigned to one of five usual colleagues (so pairs repeat, as in a
real company) or, one time in five, to anyone. Times HR's run for the quarter
(one statement: suggest.py) next to the plain SQL that groups the same pairs,
and prints the figures with the dataset and the machine; nothing is asserted.

    python3 tests/benchmark_project.py --employees 10000 --tasks 200000 \\
        [--template DB] [--keep]

The template must have internal_customer_project installed (without one, the
script installs it in a throwaway database).
"""

import argparse
import datetime
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
QUARTER = (datetime.date(2026, 7, 1), datetime.date(2026, 9, 30))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--employees", type=int, default=10000)
    parser.add_argument("--tasks", type=int, default=200000)
    parser.add_argument("--db", default="ic360_bench_project")
    parser.add_argument("--template", help="a database with the addon installed")
    parser.add_argument("--addons-path", default=os.environ.get("IC360_ADDONS_PATH"))
    parser.add_argument("--keep", action="store_true", help="keep the database")
    return parser.parse_args()


def add_users(cr, company_id):
    """A partner and a user for every employee without one, set-wise."""
    cr.execute(
        """
        WITH emp AS (
            SELECT id, name, row_number() OVER (ORDER BY id) AS n
              FROM hr_employee WHERE user_id IS NULL AND company_id = %(company)s
        ), partners AS (
            INSERT INTO res_partner (name, company_id, active, type, lang)
            SELECT name, %(company)s, TRUE, 'contact', 'en_US' FROM emp ORDER BY n
            RETURNING id
        ), numbered AS (
            SELECT id, row_number() OVER (ORDER BY id) AS n FROM partners
        ), users AS (
            INSERT INTO res_users (login, partner_id, company_id, active, share,
                                   notification_type)
            SELECT 'bench' || emp.id, numbered.id, %(company)s, TRUE, FALSE, 'email'
              FROM emp JOIN numbered USING (n)
            RETURNING id, login
        )
        UPDATE hr_employee e SET user_id = u.id
          FROM users u WHERE u.login = 'bench' || e.id
        """,
        {"company": company_id},
    )
    return cr.rowcount


def add_tasks(cr, company_id, project, count):
    """``count`` tasks in the quarter, set-wise; returns the assignments."""
    cr.execute(
        """
        CREATE TEMP TABLE bench_users AS
        SELECT user_id AS uid, row_number() OVER (ORDER BY id) - 1 AS n
          FROM hr_employee WHERE user_id IS NOT NULL AND company_id = %(company)s;
        WITH total AS (SELECT count(*) AS users FROM bench_users),
        spec AS (
            SELECT g, (g %% t.users) AS creator_n,
                   CASE WHEN g %% 5 = 0 THEN (g * 7919) %% t.users
                        ELSE ((g %% t.users) + 1 + (g / t.users) %% 5) %% t.users
                   END AS worker_n
              FROM generate_series(0, %(count)s - 1) AS g, total t
        ), tasks AS (
            INSERT INTO project_task (name, project_id, company_id, active, state,
                                      create_uid, create_date, write_uid, write_date)
            SELECT 'Task ' || s.g, %(project)s, %(company)s, TRUE, '01_in_progress',
                   c.uid,
                   %(start)s::timestamp + (s.g %% 90) * interval '1 day',
                   c.uid, %(start)s::timestamp
              FROM spec s JOIN bench_users c ON c.n = s.creator_n
             ORDER BY s.g
            RETURNING id, name
        )
        INSERT INTO project_task_user_rel (task_id, user_id)
        SELECT t.id, w.uid
          FROM tasks t
          JOIN spec s ON 'Task ' || s.g = t.name
          JOIN bench_users w ON w.n = s.worker_n
        """,
        {
            "company": company_id,
            "count": count,
            "project": project,
            "start": QUARTER[0],
        },
    )
    return cr.rowcount


def main():
    args = parse_args()
    sys.path.insert(0, HERE)
    import benchmark
    from odoo_paths import addons_path as default_addons_path

    addons_path = args.addons_path or default_addons_path()
    import odoo

    odoo.tools.config.parse_config(["--addons-path", addons_path, "--log-level=warn"])
    template = args.template
    if not template:
        template = f"{args.db}_tpl"
        benchmark.dropdb(template)
        subprocess.run(
            [
                sys.executable, "-m", "odoo", "-d", template,
                "--addons-path", addons_path, "-i", "internal_customer_project",
                "--without-demo=all", "--stop-after-init", "--log-level=warn",
            ],
            check=True,
        )  # fmt: skip
    db = f"{args.db}_{args.employees}"
    benchmark.dropdb(db)
    subprocess.run(["createdb", "-T", template, db], check=True)
    registry = odoo.modules.registry.Registry(db)
    from odoo.addons.internal_customer_project import suggest

    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        print(benchmark.machine_line(cr))
        start = time.perf_counter()
        benchmark.build_company(env, args.employees)
        company = env.company.id
        users = add_users(cr, company)
        project = env["project.project"].create({"name": "Benchmark project"}).id
        env.flush_all()
        assignments = add_tasks(cr, company, project, args.tasks)
        cr.execute("ANALYZE project_task, project_task_user_rel, hr_employee")
        cr.commit()
        print(
            f"  dataset built (not a target): {time.perf_counter() - start:.1f} s;"
            f" {args.employees} employees, {users} users added, {args.tasks} tasks,"
            f" {assignments} assignments, in {QUARTER[0]} to {QUARTER[1]}"
        )
        # The plain SQL: the same pairs grouped, nothing written
        clock = time.perf_counter()
        cr.execute(
            """
            SELECT count(*) FROM (
                SELECT t.create_uid, tu.user_id FROM project_task t
                  JOIN project_task_user_rel tu ON tu.task_id = t.id
                 WHERE t.create_date >= %s AND t.create_date < %s
                   AND tu.user_id != t.create_uid
                 GROUP BY 1, 2 HAVING count(DISTINCT t.id) >= 3) p
            """,
            (QUARTER[0], QUARTER[1] + datetime.timedelta(days=1)),
        )
        pairs = cr.fetchone()[0]
        plain = time.perf_counter() - clock
        cr.rollback()
        timings = []
        for _run in range(3):
            clock = time.perf_counter()
            written, colleagues = suggest.run(cr, company, *QUARTER, 3, env.uid)
            timings.append(time.perf_counter() - clock)
            cr.rollback()
        best = min(timings)
        print(
            f"  HR's run for the quarter: {best:.2f} s (best of 3: "
            + ", ".join(f"{t:.2f}" for t in timings)
            + f"); {written} suggestions to {colleagues} colleagues; the plain SQL"
            f" grouping the same {pairs} pairs, writing nothing: {plain:.2f} s"
            f" ({best / plain:.1f}x)",
            flush=True,
        )
    odoo.modules.registry.Registry.delete(db)
    odoo.sql_db.close_db(db)
    if not args.keep:
        benchmark.dropdb(db, check=False)
    if not args.template:
        benchmark.dropdb(template, check=False)


if __name__ == "__main__":
    main()
