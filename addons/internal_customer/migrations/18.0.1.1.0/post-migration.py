# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.1.0: campaigns launched before this version get their snapshot.

Results now use the dimensions and weights copied at launch, and the campaign
compared with is fixed at closing. Campaigns launched earlier have neither:
copy today's dimensions (the best that is known) and find the previous
campaign as the computation used to.
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        INSERT INTO internal_customer_campaign_dimension (
            campaign_id, dimension_id, sequence, weight, is_outcome,
            create_uid, create_date, write_uid, write_date)
        SELECT c.id, d.id, d.sequence, d.weight, d.is_outcome,
               1, now() AT TIME ZONE 'UTC', 1, now() AT TIME ZONE 'UTC'
          FROM internal_customer_campaign c
          JOIN internal_customer_campaign_internal_customer_dimension_rel rel
            ON rel.internal_customer_campaign_id = c.id
          JOIN internal_customer_dimension d
            ON d.id = rel.internal_customer_dimension_id
         WHERE c.state != 'draft'
        ON CONFLICT (campaign_id, dimension_id) DO NOTHING
        """
    )
    cr.execute(
        """
        UPDATE internal_customer_campaign c
           SET previous_campaign_id = (
               SELECT p.id FROM internal_customer_campaign p
                WHERE p.company_id = c.company_id AND p.id != c.id
                  AND p.state IN ('closed', 'published')
                  AND p.date_end <= c.date_end
                ORDER BY p.date_end DESC, p.id DESC LIMIT 1)
         WHERE c.state IN ('closed', 'published') AND c.previous_campaign_id IS NULL
        """
    )
