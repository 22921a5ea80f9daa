# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.2.0: ratings remember their rater's department as at launch.

The service heat map groups ratings by the rater's department; a closed
campaign's map must not move when someone changes department. Ratings made
before this version take their rater's department of today (the best that is
known).
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE internal_customer_rating r
           SET rater_department_id = e.department_id
          FROM hr_employee e
         WHERE e.id = r.rater_id AND r.rater_department_id IS NULL
        """
    )
