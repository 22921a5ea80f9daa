# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.4.0: every result and heat map cell has a calibrated index, and
every closed campaign its counts of reciprocal pairs and rings. The campaigns closed before get
both now, their ratings counted in full as when they closed (weight 1: their
figures do not move). Recomputing a closed campaign rewrites only the rows
whose figures changed (here: the new one), from the ratings frozen at
closing."""

from odoo.addons.internal_customer.engine import collusion, heatmap, results


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE internal_customer_campaign SET reciprocal_weight = 1.0
         WHERE state IN ('closed', 'published')
        RETURNING id, company_id, min_raters, previous_campaign_id
        """
    )
    for campaign_id, company_id, k, previous_id in sorted(cr.fetchall()):
        computed = results.compute(cr, campaign_id, company_id, k, previous_id, 1)
        collusion.store_counts(cr, campaign_id, k, computed.pairs, computed.rings)
        heatmap.store(cr, campaign_id, k, effects=computed.effects)
