# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class InternalCustomerCampaign(models.Model):
    """Demo data: believable answers for the demo campaigns."""

    _inherit = "internal.customer.campaign"

    def _demo_answer(self):
        """Answer the demo campaign's requests with believable, repeatable scores.

        Only called by the demo data. Scores lean positive, with each ratee
        having a stable tendency; a few requests are declined.
        """
        comments_good = [
            "Always quick to answer, even on busy days.",
            "The handover was clear and complete.",
            "Explains the why, not only the what.",
            "Kept me informed at every step.",
        ]
        comments_improve = [
            "Deadlines slipped twice without warning.",
            "Hard to know where a request stands.",
            "Please confirm requests when they arrive.",
            "Documentation often comes after the release.",
        ]
        ratings = (
            self.env["internal.customer.rating"]
            .sudo()
            .search(
                [("campaign_id", "in", self.ids), ("state", "=", "pending")], order="id"
            )
        )
        for rating in ratings:
            seed = rating.ratee_id.id * 7 + rating.rater_id.id * 3
            if not rating.is_self and seed % 11 == 0:
                rating.write(
                    {"decline_reason": "We did not work together this period."}
                )
                rating.action_decline()
                continue
            tendency = 3 + rating.ratee_id.id % 3  # 3, 4 or 5
            for line in rating.line_ids:
                noise = (seed + line.dimension_id.id * 5) % 4 - 1  # -1..2
                line.score = max(1, min(5, tendency + noise - 1))
            if seed % 2 == 0 or any(
                s in (1, 5) for s in rating.line_ids.mapped("score")
            ):
                rating.write(
                    {
                        "comment_positive": comments_good[seed % len(comments_good)],
                        "comment_improve": comments_improve[
                            seed % len(comments_improve)
                        ],
                    }
                )
            rating.action_submit()
