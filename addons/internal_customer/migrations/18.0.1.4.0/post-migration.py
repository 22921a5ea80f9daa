# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.4.0: every result has a calibrated index; the campaigns closed
before get theirs now. Recomputing a closed campaign rewrites only the rows
whose figures changed (here: the new one), from the ratings frozen at
closing."""

from odoo.addons.internal_customer.engine import results


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        SELECT id, company_id, min_raters, previous_campaign_id
          FROM internal_customer_campaign
         WHERE state IN ('closed', 'published') ORDER BY id
        """
    )
    for campaign_id, company_id, k, previous_id in cr.fetchall():
        results.compute(cr, campaign_id, company_id, k, previous_id, 1)
