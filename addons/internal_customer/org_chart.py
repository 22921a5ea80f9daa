# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Who manages whom, read from the org chart at the moment of the query.

An employee's managers are the users of their ``parent_id`` chain in
``hr.employee`` (direct and indirect) and the manager of their department.
HR can name further people in the product's Manager group: those also manage
everyone in the departments they head, sub-departments included.

Nothing here is cached: record rules call it through search fields, so moving
an employee to another manager moves the access with them at once.
"""

from odoo.tools import SQL


def team_sql(user_ids, heads=False):
    """SQL selecting the ids of the employees that ``user_ids`` manage.

    Never the managers' own employee records. With ``heads``, also everyone in
    the departments (and sub-departments) that one of them manages.
    """
    heads_sql = SQL(
        """
        UNION
        SELECT e.id
          FROM hr_employee e
          JOIN hr_department d ON d.id = e.department_id
          JOIN hr_department head ON d.parent_path LIKE head.parent_path || '%%'
         WHERE head.manager_id IN (SELECT id FROM bosses)
        """
    )
    return SQL(
        """
        WITH RECURSIVE bosses AS (
            SELECT id FROM hr_employee WHERE user_id = ANY(%(users)s)
        ), chain(id) AS (
            SELECT e.id FROM hr_employee e JOIN bosses b ON e.parent_id = b.id
            UNION
            SELECT e.id FROM hr_employee e JOIN chain c ON e.parent_id = c.id
        ), team(id) AS (
            SELECT id FROM chain
            UNION
            SELECT e.id
              FROM hr_employee e
              JOIN hr_department d ON d.id = e.department_id
             WHERE d.manager_id IN (SELECT id FROM bosses)
            %(heads)s
        )
        SELECT t.id
          FROM team t
          JOIN hr_employee e ON e.id = t.id
         WHERE e.user_id IS NULL OR NOT e.user_id = ANY(%(users)s)
        """,
        users=list(user_ids),
        heads=heads_sql if heads else SQL(""),
    )


def managers_of(cr, employee_ids):
    """{employee id: set of user ids managing them} (org chart only)."""
    if not employee_ids:
        return {}
    cr.execute(
        SQL(
            """
            WITH RECURSIVE up(employee, boss) AS (
                SELECT e.id, e.parent_id FROM hr_employee e
                 WHERE e.id = ANY(%(ids)s) AND e.parent_id IS NOT NULL
                UNION
                SELECT up.employee, b.parent_id
                  FROM up JOIN hr_employee b ON b.id = up.boss
                 WHERE b.parent_id IS NOT NULL
            ), bosses(employee, boss) AS (
                SELECT employee, boss FROM up
                UNION
                SELECT e.id, d.manager_id
                  FROM hr_employee e JOIN hr_department d ON d.id = e.department_id
                 WHERE e.id = ANY(%(ids)s) AND d.manager_id IS NOT NULL
            )
            SELECT b.employee, u.user_id
              FROM bosses b
              JOIN hr_employee u ON u.id = b.boss
              JOIN hr_employee me ON me.id = b.employee
             WHERE u.user_id IS NOT NULL
               AND (me.user_id IS NULL OR me.user_id != u.user_id)
            """,
            ids=list(employee_ids),
        )
    )
    result = {employee_id: set() for employee_id in employee_ids}
    for employee_id, user_id in cr.fetchall():
        result[employee_id].add(user_id)
    return result
