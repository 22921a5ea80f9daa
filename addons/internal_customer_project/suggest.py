# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Service relations suggested from project tasks, set-wise.

Whoever created a task asked for the work; its assignees did it. Over a
period, every pair (the one who asked, the one who worked) with at least
``min_tasks`` tasks in common, both employees of the company, becomes a
suggestion to the one who asked: "does X serve you?". A pair that already
has a relation (proposed or approved, any type) or a suggestion someone
answered is left alone; an open suggestion gets the new period and count.
One statement, whatever the number of tasks.
"""

from datetime import timedelta

from odoo.tools import SQL


def run(cr, company_id, date_from, date_to, min_tasks, uid):
    """Suggest the relations of one company; returns ``(suggestions written,
    colleagues they go to)``."""
    cr.execute(
        SQL(
            """
            WITH pairs AS (
                SELECT ce.id AS customer, pe.id AS provider,
                       count(DISTINCT t.id) AS tasks
                  FROM project_task t
                  JOIN project_task_user_rel tu
                    ON tu.task_id = t.id AND tu.user_id != t.create_uid
                  JOIN hr_employee ce
                    ON ce.user_id = t.create_uid AND ce.company_id = %(company)s
                   AND ce.active
                  JOIN hr_employee pe
                    ON pe.user_id = tu.user_id AND pe.company_id = %(company)s
                   AND pe.active AND pe.id != ce.id
                 WHERE t.create_date >= %(start)s AND t.create_date < %(end)s
                   AND (t.company_id = %(company)s OR t.company_id IS NULL)
                 GROUP BY ce.id, pe.id
                HAVING count(DISTINCT t.id) >= %(min_tasks)s
            ), written AS (
                INSERT INTO internal_customer_suggestion (
                    customer_id, provider_id, task_count, date_from, date_to, state,
                    company_id, create_uid, create_date, write_uid, write_date)
                SELECT p.customer, p.provider, p.tasks, %(date_from)s, %(date_to)s,
                       'open', %(company)s, %(uid)s, now() AT TIME ZONE 'UTC',
                       %(uid)s, now() AT TIME ZONE 'UTC'
                  FROM pairs p
                 WHERE NOT EXISTS (
                       SELECT 1 FROM internal_customer_relation r
                        WHERE r.provider_id = p.provider
                          AND r.customer_id = p.customer
                          AND r.state != 'rejected')
                 ORDER BY p.customer, p.provider
                ON CONFLICT (customer_id, provider_id) DO UPDATE
                   SET task_count = EXCLUDED.task_count,
                       date_from = EXCLUDED.date_from, date_to = EXCLUDED.date_to,
                       write_uid = EXCLUDED.write_uid, write_date = EXCLUDED.write_date
                 WHERE internal_customer_suggestion.state = 'open'
                RETURNING customer_id
            )
            SELECT count(*), count(DISTINCT customer_id) FROM written
            """,
            company=company_id,
            start=date_from,
            end=date_to + timedelta(days=1),
            date_from=date_from,
            date_to=date_to,
            min_tasks=min_tasks,
            uid=uid,
        )
    )
    return cr.fetchone()
