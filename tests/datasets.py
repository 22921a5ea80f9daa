# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Odoo-side jobs of the load and crash-safety tests.

Each function runs inside Odoo, in a separate process, through
``tests/server.run_job`` (``env`` is the superuser's; the job commits at the
end). Everything goes through the models' own methods, as a user would:
relations are created without a state (they start "proposed") and the admin
approves them with ``action_approve``; campaigns are launched and closed,
cycles started and ratings submitted with their actions. No state is ever
written directly.
"""

import random

from odoo import Command

PASSWORD = "ic360-load-pw"
RELATION_TYPES = ("functional", "process", "project")


def _quiet(model):
    return model.with_context(
        tracking_disable=True, mail_create_nolog=True, no_reset_password=True
    )


def _users(env, vals_list, groups):
    """Users that share one password hash: Odoo hashes with 600,000 rounds
    (0.2 s a user); computing it once keeps the setup fast."""
    users = _quiet(env["res.users"]).create(
        [
            dict(
                vals,
                email=f"{vals['login']}@example.com",
                groups_id=[Command.set(groups.ids)],
            )
            for vals in vals_list
        ]
    )
    env.flush_all()
    env.cr.execute(
        "UPDATE res_users SET password = %s WHERE id = ANY(%s)",
        (env["res.users"]._crypt_context().hash(PASSWORD), users.ids),
    )
    users.invalidate_recordset()
    return users


def _approved_relations(env, vals_list):
    """Proposed by HR (no state given), then approved by the admin."""
    admin = env.ref("base.user_admin")
    relations = _quiet(env["internal.customer.relation"].with_user(admin)).create(
        vals_list
    )
    assert set(relations.mapped("state")) == {"proposed"}, (
        "relations must start proposed"
    )
    relations.action_approve()
    assert set(relations.mapped("state")) == {"approved"}
    return relations


def _answer(rating, rng):
    """Scores 2..4 on every line and a comment, then submit: a rater's answer."""
    rating.write(
        {
            "line_ids": [
                Command.update(line.id, {"score_choice": str(rng.randint(2, 4))})
                for line in rating.line_ids
            ],
            "comment_positive": "Clear and on time.",
        }
    )


# ----------------------------------------------------------------------
# Load test: 200 raters, campaign A rated during the load, B closed during it
# ----------------------------------------------------------------------
def load_company(
    env, raters=200, providers_a=40, providers_b=20, per_rater_a=2, answered_b=0.6
):
    rng = random.Random(42)
    user_group = env.ref("base.group_user")
    hr_group = env.ref("internal_customer.group_hr_officer")
    dept_raters, dept_providers = env["hr.department"].create(
        [{"name": "Load raters"}, {"name": "Load providers"}]
    )
    rater_users = _users(
        env,
        [
            {"name": f"Load rater {i:03d}", "login": f"load_rater_{i:03d}"}
            for i in range(raters)
        ],
        user_group,
    )
    hr_user = _users(
        env, [{"name": "Load HR officer", "login": "load_hr"}], user_group | hr_group
    )
    Employee = _quiet(env["hr.employee"])
    rater_employees = Employee.create(
        [
            {
                "name": user.name,
                "user_id": user.id,
                "department_id": dept_raters.id,
                "work_email": f"{user.login}@load.example.com",
            }
            for user in rater_users
        ]
    )
    providers = {
        key: Employee.create(
            [
                {
                    "name": f"Load provider {key}{i:02d}",
                    "department_id": dept_providers.id,
                }
                for i in range(count)
            ]
        )
        for key, count in (("A", providers_a), ("B", providers_b))
    }
    vals_list = []
    for i, rater in enumerate(rater_employees):
        # Two providers in A (10 raters each), one in B (10 raters each)
        for k, step in enumerate((0, 13, 27)[:per_rater_a]):
            vals_list.append(
                {
                    "provider_id": providers["A"][(i + step) % providers_a].id,
                    "customer_id": rater.id,
                    "relation_type": RELATION_TYPES[(i + k) % 3],
                    "service_name": "Load service A",
                    "date_start": "2020-01-01",
                }
            )
        vals_list.append(
            {
                "provider_id": providers["B"][i % providers_b].id,
                "customer_id": rater.id,
                "relation_type": "functional",
                "service_name": "Load service B",
                "date_start": "2020-01-01",
            }
        )
    relations = _approved_relations(env, vals_list)

    Campaign = env["internal.customer.campaign"].with_user(hr_user)
    campaign_a = Campaign.create(
        {
            "name": "Load A: rated during the load",
            "employee_ids": [Command.set(providers["A"].ids)],
        }
    )
    campaign_b = Campaign.create(
        {
            "name": "Load B: closed during the load",
            "employee_ids": [Command.set(providers["B"].ids)],
        }
    )
    (campaign_a | campaign_b).action_launch()
    # The invitations cron (crons are off on the test server): mails and to-dos
    env["internal.customer.campaign"]._cron_send_invitations()

    # Campaign B: 60 % of its raters answered before the load, the rest expire
    Rating = env["internal.customer.rating"]
    for user in rater_users[: int(raters * answered_b)]:
        rating = Rating.with_user(user).search([("campaign_id", "=", campaign_b.id)])
        _answer(rating, rng)
        rating.action_submit()
    env.cr.execute(
        "SELECT r.campaign_id, count(DISTINCT r.id), count(l.id)"
        "  FROM internal_customer_rating r"
        "  JOIN internal_customer_rating_line l ON l.rating_id = r.id"
        " WHERE r.campaign_id = ANY(%s) GROUP BY r.campaign_id",
        ([campaign_a.id, campaign_b.id],),
    )
    counts = {row[0]: row[1:] for row in env.cr.fetchall()}
    return {
        "campaign_a": campaign_a.id,
        "campaign_b": campaign_b.id,
        "dimensions": len(campaign_a.dimension_ids),
        "raters": [user.login for user in rater_users],
        "hr": hr_user.login,
        "password": PASSWORD,
        "employees": len(rater_employees) + len(providers["A"]) + len(providers["B"]),
        "users": len(rater_users) + 1,
        "relations": len(relations),
        "requests_a": counts[campaign_a.id][0],
        "lines_a": counts[campaign_a.id][1],
        "requests_b": counts[campaign_b.id][0],
        "lines_b": counts[campaign_b.id][1],
        "submitted_b": int(raters * answered_b),
    }


def recompute_results(env, campaign_id):
    """The campaign's result rows as stored, and as a recompute now gives them.

    Rolled back: nothing changes in the database.
    """
    campaign = env["internal.customer.campaign"].browse(campaign_id)
    stored = _result_rows(env, campaign_id)
    campaign.action_compute_results()
    env.flush_all()
    fresh = _result_rows(env, campaign_id)
    env.cr.rollback()
    return {"stored": stored, "fresh": fresh}


def _result_rows(env, campaign_id):
    env.cr.execute(
        """SELECT level, employee_id, department_id, dimension_id, relation_type,
                  rater_count, request_count, round(response_rate::numeric, 6)::float,
                  visible, round(mean::numeric, 6)::float, round(index::numeric, 6)::float,
                  round(satisfaction_rate::numeric, 6)::float,
                  round(top_box_rate::numeric, 6)::float
             FROM internal_customer_result WHERE campaign_id = %s""",
        (campaign_id,),
    )
    return sorted(env.cr.fetchall(), key=repr)


# ----------------------------------------------------------------------
# Crash safety: a company large enough that each action takes seconds
# ----------------------------------------------------------------------
def crash_company(env, employees=2500, department_size=50, functional=4):
    """N employees in departments of 50 with a manager; each rates their
    manager (upward) and four colleagues elsewhere (functional). One draft
    campaign over everyone, two HR officers, a weighting rule."""
    rng = random.Random(7)
    # Each action below runs at once, in one transaction (killing it must leave
    # nothing); large actions in the background have their own test, which
    # lowers this again on its copies.
    env["ir.config_parameter"].set_param("internal_customer.background_from", 10**6)
    n_departments = max(1, employees // department_size)
    departments = env["hr.department"].create(
        [{"name": f"Crash department {i}"} for i in range(n_departments)]
    )
    Employee = _quiet(env["hr.employee"])
    people = Employee.browse()
    for start in range(0, employees, 1000):
        people |= Employee.create(
            [
                {
                    "name": f"Crash employee {i}",
                    "department_id": departments[i % n_departments].id,
                }
                for i in range(start, min(employees, start + 1000))
            ]
        )
    ids = people.ids
    managers, teams = {}, {}
    for i, employee in enumerate(people):
        manager = managers.setdefault(i % n_departments, employee)
        if employee != manager:
            teams.setdefault(manager, []).append(employee.id)
    for manager, team in teams.items():
        Employee.browse(team).write({"parent_id": manager.id})
    vals_list = []
    for i, employee_id in enumerate(ids):
        manager = managers[i % n_departments]
        if manager.id != employee_id:
            vals_list.append(
                {
                    "provider_id": manager.id,
                    "customer_id": employee_id,
                    "relation_type": "upward",
                    "date_start": "2020-01-01",
                }
            )
        chosen = set()
        while len(chosen) < functional:
            provider = ids[rng.randrange(len(ids))]
            if provider != employee_id:
                chosen.add(provider)
        vals_list.extend(
            {
                "provider_id": provider,
                "customer_id": employee_id,
                "relation_type": "functional",
                "weight": rng.choice((1.0, 1.0, 2.0)),
                "date_start": "2020-01-01",
            }
            for provider in sorted(chosen)
        )
    relations = _approved_relations(env, vals_list)

    user_group = env.ref("base.group_user")
    hr_group = env.ref("internal_customer.group_hr_officer")
    officers = _users(
        env,
        [
            {"name": "Crash HR officer 1", "login": "crash_hr_1"},
            {"name": "Crash HR officer 2", "login": "crash_hr_2"},
        ],
        user_group | hr_group,
    )
    campaign = env["internal.customer.campaign"].create(
        {
            "name": "Crash campaign",
            "dimension_ids": [
                Command.set(env["internal.customer.dimension"].search([]).ids)
            ],
        }
    )
    # The KPI rule the cycle needs (as addons/internal_kpi/tests/common.py)
    Kpi = env["internal.kpi.definition"]
    manual = Kpi.create(
        [
            {"name": "Objectives", "code": "C-OBJ", "target": 100, "unit": "%"},
            {"name": "Lead time", "code": "C-LEAD", "target": 4, "direction": "lower"},
        ]
    )
    env["internal.kpi.weighting.rule"].create(
        {
            "name": "Crash rule",
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
    return {
        "employees": len(people),
        "relations": len(relations),
        "campaign": campaign.id,
        "officers": officers.mapped("login"),
        "password": PASSWORD,
    }


def launch(env, campaign_id):
    env["internal.customer.campaign"].browse(campaign_id).action_launch()
    return True


def answer_most(env, campaign_id, share=0.7):
    """70 % of the requests answered (scores 1..5 with comments, some N/A),
    through the ORM as each request's rater would; the rest stay pending."""
    rng = random.Random(11)
    Rating = env["internal.customer.rating"]
    ratings = Rating.search([("campaign_id", "=", campaign_id)], order="id")
    answered = ratings.filtered(lambda r: rng.random() < share)
    by_score = {}
    for rating in answered:
        for line in rating.line_ids:
            score = rng.choice((1, 2, 3, 3, 4, 4, 4, 5, 5, False))
            by_score.setdefault(score, []).append(line.id)
    # Set-wise through the ORM: one write per score value
    Line = env["internal.customer.rating.line"]
    for score, line_ids in by_score.items():
        Line.browse(line_ids).write({"score": score})
    for start in range(0, len(answered), 500):
        batch = answered[start : start + 500]
        batch.write(
            {
                "comment_positive": "Always answers the same day.",
                "comment_improve": "Tell us earlier when a date slips.",
            }
        )
    no_score = answered.filtered(lambda r: not any(r.line_ids.mapped("score")))
    for rating in no_score:
        rating.line_ids[0].score = 3
    answered.action_submit()
    return {"answered": len(answered), "pending": len(ratings) - len(answered)}


def close(env, campaign_id):
    env["internal.customer.campaign"].browse(campaign_id).action_close()
    return True


def draft_cycle(env, campaign_id):
    """An appraisal cycle over everyone, fed by the campaign, still draft."""
    campaign = env["internal.customer.campaign"].browse(campaign_id)
    cycle = env["internal.kpi.cycle"].create(
        {
            "name": "Crash cycle",
            "date_start": campaign.date_start,
            "date_end": campaign.date_end,
            "campaign_ids": [Command.set(campaign.ids)],
        }
    )
    return cycle.id
