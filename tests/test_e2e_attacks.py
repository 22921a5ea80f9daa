# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""End to end over JSON-RPC: every role attacks the product's trust rules.

One world per module, built only through the product's actions over RPC: a
company with an org chart (a team lead without any product group, a head of
the parent department in the Manager group), HR officers and administrators,
raters who answer their own requests, campaigns in every state, an appraisal
cycle with scorecards in every state, another company with its own HR officer,
and a portal user.

Each attack (a role, a protected field or action, a forged context, a forged
id, a one2many command, a private method, NaN over raw JSON...) must be refused
with a clean error, and the database read back as superuser (psycopg2, not the
ORM) must be exactly what it was before. Positive controls show that the
legitimate path still works, so the suite cannot pass by refusing everything.
Participation, differencing and timing attacks come last.

Attacks that succeed against the product today are marked
``xfail(strict=True)`` with the bug in their reason: fixing the product turns
them into XPASS failures, and the mark must then go.

Run alone (pytest-odoo wants a database for its own registry otherwise)::

    IC360_E2E_DB=<a db with both addons> python3 -m pytest -p no:odoo \
        tests/test_e2e_attacks.py
"""

import datetime
import json
import re
import socket
import threading
import uuid
from dataclasses import dataclass

import psycopg2
import pytest
import requests

from .conftest import RpcError

CLEAN = frozenset(
    {
        "odoo.exceptions.AccessError",
        "odoo.exceptions.UserError",
        "odoo.exceptions.ValidationError",
        "odoo.exceptions.MissingError",
    }
)
# Every context key a client might hope opens a door: product hints, Odoo
# switches that silence the audit trail, defaults for protected fields.
FORGED = {
    "internal_customer_action": True,
    "internal_customer_silent": True,
    "internal_kpi_through_rule": True,
    "ic_relation_action": True,
    "ic_kpi_closing": True,
    "ic_rule_lines_batch": True,
    "tracking_disable": True,
    "mail_notrack": True,
    "mail_create_nolog": True,
    "mail_activity_quick_update": True,
    "install_mode": True,
    "default_state": "done",
    "default_origin": "org_chart",
    "default_acknowledged": True,
}
ROLES = (
    "employee",  # a rater
    "ratee",  # rated, results published
    "teamlead",  # the ratee's manager in the org chart, no product group
    "manager",  # Manager group, heads the parent department
    "hr",  # HR officer
    "hradmin",  # HR administrator
    "admin",  # the admin user
    "other_hr",  # HR officer of another company
    "portal",
)
ROLE_PEOPLE = {
    "employee": "emma",
    "ratee": "rita",
    "teamlead": "tom",
    "manager": "mia",
    "hr": "hugo",
    "hradmin": "hannah",
    "other_hr": "otto",
    "portal": "pat",
    "report": "bob",  # a second report of the team lead, below the threshold
}
HR3 = ("hr", "hradmin", "admin")
NON_HR = ("employee", "ratee", "teamlead", "manager", "other_hr", "portal")
NOT_RATER = tuple(r for r in ROLES if r != "employee")
TODAY = datetime.date.today()


# ----------------------------------------------------------------------------
# Plumbing: the database as superuser, raw JSON, the world
# ----------------------------------------------------------------------------
class Db:
    """The e2e database read as superuser, to compare before and after."""

    EXCLUDED = ("reopen", "relation_generate")  # wizards (transient records)

    def __init__(self, dbname):
        self.conn = psycopg2.connect(dbname=dbname)
        self.conn.autocommit = True
        rows = self.all(
            """SELECT table_name FROM information_schema.tables
                WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
                  AND (table_name LIKE '%%internal_customer%%'
                       OR table_name LIKE '%%internal_kpi%%')
                ORDER BY table_name"""
        )
        self.queries = [
            self._select(name)
            for (name,) in rows
            if not any(word in name for word in self.EXCLUDED)
        ] + [
            "SELECT * FROM mail_followers WHERE res_model LIKE 'internal.%%'",
            "SELECT * FROM mail_activity WHERE res_model LIKE 'internal.%%'",
            "SELECT id, model, res_id, author_id, message_type, body"
            "  FROM mail_message WHERE model LIKE 'internal.%%'",
            "SELECT v.* FROM mail_tracking_value v"
            "  JOIN mail_message m ON m.id = v.mail_message_id"
            " WHERE m.model LIKE 'internal.%%'",
            "SELECT id, parent_id, department_id, user_id, company_id, active"
            "  FROM hr_employee",
            "SELECT id, parent_id, manager_id FROM hr_department",
        ]

    def _select(self, table):
        """Every column but the write stamps, which a write that changes
        nothing (an echoed computed value) may still touch."""
        columns = [
            name
            for (name,) in self.all(
                """SELECT column_name FROM information_schema.columns
                    WHERE table_schema = 'public' AND table_name = %s
                    ORDER BY ordinal_position""",
                table,
            )
            if name not in ("write_date", "write_uid")
        ]
        return f'SELECT {", ".join(columns)} FROM "{table}"'

    def all(self, sql, *params):
        with self.conn.cursor() as cr:
            cr.execute(sql, params)
            return cr.fetchall() if cr.description else []

    def one(self, sql, *params):
        rows = self.all(sql, *params)
        assert len(rows) == 1, (sql, params, rows)
        return rows[0]

    def value(self, sql, *params):
        return self.one(sql, *params)[0]

    def snapshot(self):
        return {
            query: sorted(repr(row) for row in self.all(query))
            for query in self.queries
        }


def diff(before, after):
    lines = []
    for query, rows in before.items():
        old, new = set(rows), set(after[query])
        if old != new:
            lines.append(query.split(" FROM ")[1].split()[0])
            lines += [f"  - {row}" for row in sorted(old - new)[:5]]
            lines += [f"  + {row}" for row in sorted(new - old)[:5]]
    return "\n".join(lines)


def error_name(error):
    return error.name


def error_message(error):
    return error.args[0].get("data", {}).get("message", "")


def raw(session, model, method, args, kwargs=None, literals=None):
    """execute_kw with a JSON body written by hand: NaN, Infinity and 1e400
    are valid for Python's json module, which Odoo uses to read requests."""
    rpc = session.rpc
    payload = {
        "jsonrpc": "2.0",
        "method": "call",
        "params": {
            "service": "object",
            "method": "execute_kw",
            "args": [
                rpc.db,
                session.uid,
                session.password,
                model,
                method,
                args,
                kwargs or {},
            ],
        },
        "id": uuid.uuid4().hex,
    }
    body = json.dumps(payload)  # allow_nan: NaN, Infinity, -Infinity literals
    for placeholder, literal in (literals or {}).items():
        body = body.replace(json.dumps(placeholder), literal)
    reply = requests.post(
        f"{rpc.url}/jsonrpc",
        data=body,
        headers={"Content-Type": "application/json"},
        timeout=120,
    ).json()
    if "error" in reply:
        raise RpcError(reply["error"])
    return reply["result"]


class World:
    def __init__(self, server):
        self.server = server
        self.db = Db(server.db)
        self.tag = uuid.uuid4().hex[:6]
        self.admin = server.login("admin", "admin")
        self.people = {}
        self.ids = {}
        self._sessions = {}

    def __getitem__(self, name):
        return self.ids[name]

    def login(self, key):
        if key == "admin":
            return self.admin
        if key not in self._sessions:
            person = self.people[key]
            self._sessions[key] = self.server.login(person["login"], person["pw"])
        return self._sessions[key]

    def session(self, role):
        return self.admin if role == "admin" else self.login(ROLE_PEOPLE[role])

    def emp(self, key):
        return self.people[key]["employee"]

    def role_employee(self, role):
        if role == "admin":
            return self.ids["admin_employee"]
        return self.emp(ROLE_PEOPLE[role])

    def ref(self, xmlid):
        module, name = xmlid.split(".")
        return self.admin(
            "ir.model.data",
            "search_read",
            [("module", "=", module), ("name", "=", name)],
            fields=["res_id"],
        )[0]["res_id"]


def call(session, model, method, *args, ctx=None, **kwargs):
    if ctx:
        kwargs["context"] = ctx
    return session(model, method, *args, **kwargs)


# ----------------------------------------------------------------------------
# The world
# ----------------------------------------------------------------------------
def _people(w):
    """Departments P (head: Mia, Manager group) > D (manager: Tom, no product
    group; his reports Rita, Bob, Ray, Rex) and S (raters Emma, Raf, Rae); HR
    Hugo (officer) and Hannah (administrator); Otto, HR officer of company B;
    Pat, a portal user."""
    admin, tag = w.admin, w.tag
    g = {
        "user": w.ref("base.group_user"),
        "portal": w.ref("base.group_portal"),
        "manager": w.ref("internal_customer.group_manager"),
        "hr": w.ref("internal_customer.group_hr_officer"),
        "hradmin": w.ref("internal_customer.group_hr_admin"),
    }
    w.ids["company_a"] = admin("res.users", "read", [admin.uid], ["company_id"])[0][
        "company_id"
    ][0]
    w.ids["company_b"] = admin("res.company", "create", {"name": f"Other Co {tag}"})
    # The admin joins company B just long enough to create its employees
    admin("res.users", "write", [admin.uid], {"company_ids": [(4, w["company_b"])]})
    dept = {
        key: admin("hr.department", "create", {"name": f"{name} {tag}"})
        for key, name in (
            ("P", "Operations"),
            ("S", "Sales"),
            ("X", "Empty"),
            ("Y", "Temporary"),
        )
    }
    dept["D"] = admin(
        "hr.department",
        "create",
        {"name": f"Support {tag}", "parent_id": dept["P"]},
    )
    w.ids.update({f"dept_{k}": v for k, v in dept.items()})

    def person(key, groups, department=None, company=None, employee=True):
        login = f"{key}_{tag}"
        vals = {
            "name": f"{key.title()} {tag}",
            "login": login,
            "password": login + "_pw",
            "email": f"{login}@atk.test",
            "groups_id": [(6, 0, [g[x] for x in groups])],
        }
        if company:
            vals.update(company_id=company, company_ids=[(6, 0, [company])])
        uid = admin("res.users", "create", vals)
        w.people[key] = {"uid": uid, "login": login, "pw": login + "_pw"}
        if employee:
            evals = {
                "name": vals["name"],
                "user_id": uid,
                "work_email": vals["email"],
                "department_id": department,
            }
            context = {}
            if company:
                evals["company_id"] = company
                context = {"allowed_company_ids": [company]}
            w.people[key]["employee"] = admin(
                "hr.employee", "create", evals, context=context
            )

    person("mia", ("user", "manager"), dept["P"])
    admin("hr.department", "write", [dept["P"]], {"manager_id": w.emp("mia")})
    person("tom", ("user",), dept["D"])
    admin("hr.department", "write", [dept["D"]], {"manager_id": w.emp("tom")})
    for key in ("rita", "bob", "ray", "rex"):
        person(key, ("user",), dept["D"])
    for key in ("emma", "raf", "rae"):
        person(key, ("user",), dept["S"])
    person("hugo", ("user", "hr"))
    person("hannah", ("user", "hradmin"))
    person("otto", ("user", "hr"), company=w["company_b"])
    person("pat", ("portal",), employee=False)
    w.people["xavier"] = {
        "employee": admin(
            "hr.employee",
            "create",
            {"name": f"Xavier {tag}", "department_id": dept["Y"]},
        )
    }
    for key in ("bea", "ben"):
        w.people[key] = {
            "employee": admin(
                "hr.employee",
                "create",
                {"name": f"{key.title()} {tag}", "company_id": w["company_b"]},
                context={"allowed_company_ids": [w["company_b"]]},
            )
        }
    admin(
        "hr.employee",
        "write",
        [w.emp("ben")],
        {"parent_id": w.emp("bea")},
        context={"allowed_company_ids": [w["company_b"]]},
    )
    admin("res.users", "write", [admin.uid], {"company_ids": [(3, w["company_b"])]})
    w.ids["admin_employee"] = admin(
        "hr.employee", "search", [("user_id", "=", admin.uid)]
    )[0]
    # The org chart the product reads: Tom manages D's people, Mia heads P
    parents = dict(
        w.db.all(
            "SELECT id, parent_id FROM hr_employee WHERE id = ANY(%s)",
            [w.emp(k) for k in ("tom", "rita", "bob", "ray", "rex", "mia", "emma")],
        )
    )
    assert parents[w.emp("rita")] == w.emp("tom")
    assert parents[w.emp("bob")] == w.emp("tom")
    assert parents[w.emp("tom")] is None and parents[w.emp("emma")] is None


def _relations(w):
    hugo, tom = w.login("hugo"), w.login("tom")
    Rel = "internal.customer.relation"

    def rel(session, provider, customer, rtype="functional"):
        return session(
            Rel,
            "create",
            {
                "provider_id": w.emp(provider),
                "customer_id": w.emp(customer),
                "relation_type": rtype,
                "service_name": f"{provider} serves {customer}",
                "date_start": "2020-01-01",
            },
        )

    # Emma proposes, Tom (her provider's manager, no product group) approves
    w.ids["rel_approved"] = rel(w.login("emma"), "rita", "emma")
    tom(Rel, "action_approve", [w["rel_approved"]])
    for name, provider, customer in (
        ("rel_raf", "rita", "raf"),
        ("rel_rae", "rita", "rae"),
        ("rel_bob", "bob", "emma"),
    ):
        w.ids[name] = rel(hugo, provider, customer)
        hugo(Rel, "action_approve", [w[name]])
    w.ids["rel_proposed"] = rel(w.login("emma"), "bob", "emma", "project")
    w.ids["rel_rejected"] = rel(w.login("rae"), "rita", "rae", "project")
    tom(Rel, "write", [w["rel_rejected"]], {"reject_reason": "Not a service"})
    tom(Rel, "action_reject", [w["rel_rejected"]])
    w.ids["rel_tom_party"] = rel(tom, "bob", "tom", "project")
    w.ids["rel_positive"] = rel(w.login("raf"), "rex", "raf", "project")
    w.ids["dept_rule"] = hugo(
        "internal.customer.department.rule",
        "create",
        {
            "provider_department_id": w["dept_S"],
            "customer_department_id": w["dept_D"],
            "service_name": "sales support",
        },
    )
    otto = w.login("otto")
    w.ids["rel_b"] = otto(
        Rel,
        "create",
        {
            "provider_id": w.emp("bea"),
            "customer_id": w.emp("ben"),
            "service_name": "b",
            "date_start": "2020-01-01",
        },
    )
    otto(Rel, "action_approve", [w["rel_b"]])
    states = dict(
        w.db.all(
            "SELECT id, state FROM internal_customer_relation WHERE id = ANY(%s)",
            [w["rel_approved"], w["rel_rejected"], w["rel_proposed"]],
        )
    )
    assert states == {
        w["rel_approved"]: "approved",
        w["rel_rejected"]: "rejected",
        w["rel_proposed"]: "proposed",
    }


def _rating_id(w, campaign, rater, ratee):
    return w.db.value(
        """SELECT id FROM internal_customer_rating
            WHERE campaign_id = %s AND rater_id = %s AND ratee_id = %s""",
        campaign,
        w.emp(rater),
        w.emp(ratee),
    )


def _line_ids(w, rating):
    return [
        row[0]
        for row in w.db.all(
            "SELECT id FROM internal_customer_rating_line WHERE rating_id = %s"
            " ORDER BY dimension_id",
            rating,
        )
    ]


def answer(w, campaign, rater, ratee, score, comment=None):
    """The rater answers their own request over RPC, as the web client does."""
    session = w.login(rater)
    rating = _rating_id(w, campaign, rater, ratee)
    [record] = session(
        "internal.customer.rating", "read", [rating], ["line_ids", "ratee_id"]
    )
    assert record["ratee_id"][0] == w.emp(ratee)
    vals = {"line_ids": [(1, line, {"score": score}) for line in record["line_ids"]]}
    if comment:
        vals["comment_positive"] = comment
        vals["comment_improve"] = f"{comment}, but faster"
    session("internal.customer.rating", "write", [rating], vals)
    session("internal.customer.rating", "action_submit", [rating])
    return rating


def _campaigns(w):
    hugo, tag = w.login("hugo"), w.tag
    Camp = "internal.customer.campaign"

    def campaign(name, ratees, deadline=None, launch=True):
        vals = {
            "name": f"{name} {tag}",
            "employee_ids": [(6, 0, [w.emp(k) for k in ratees])],
        }
        if deadline:
            vals["deadline"] = deadline.isoformat()
        w.ids[name] = hugo(Camp, "create", vals)
        if launch:
            hugo(Camp, "action_launch", [w[name]])
        return w[name]

    # Published: Rita has 3 raters (shown), Bob 1 (below the threshold)
    campaign("c_pub", ("rita", "bob"))
    answer(w, w["c_pub"], "emma", "rita", 4, "Emma-like clear answers")
    answer(w, w["c_pub"], "raf", "rita", 3, "Raf-like on time")
    answer(w, w["c_pub"], "rae", "rita", 5, "Rae-like always there")
    answer(w, w["c_pub"], "emma", "bob", 2, "Bob-directed remark")
    hugo(Camp, "action_close", [w["c_pub"]])
    hugo(Camp, "action_publish", [w["c_pub"]])
    # Closed, not published: the differencing target
    campaign("c_closed", ("rita",))
    for rater, score in (("emma", 2), ("raf", 4), ("rae", 5)):
        answer(w, w["c_closed"], rater, "rita", score, f"{rater} on closed")
    hugo(Camp, "action_close", [w["c_closed"]])
    # Open: Emma's and Raf's requests stay pending; Rae answers in a test
    campaign("c_open", ("rita",))
    # Open, deadline in the reminder window: Raf has answered, the others not
    campaign("c_remind", ("rita",), deadline=TODAY + datetime.timedelta(days=1))
    answer(w, w["c_remind"], "raf", "rita", 4)
    campaign("c_draft", ("rita",), launch=False)
    # One request each (Emma rates Bob): answered or not, closed or open
    campaign("c_small_ans_closed", ("bob",))
    answer(w, w["c_small_ans_closed"], "emma", "bob", 4)
    hugo(Camp, "action_close", [w["c_small_ans_closed"]])
    campaign("c_small_none_closed", ("bob",))
    hugo(Camp, "action_close", [w["c_small_none_closed"]])
    campaign("c_small_ans_open", ("bob",))
    answer(w, w["c_small_ans_open"], "emma", "bob", 4)
    campaign("c_small_none_open", ("bob",))
    # Invitations and to-dos, as the hourly cron sends them (one campaign's
    # batch per call)
    for _call in range(20):
        waiting = w.db.all(
            "SELECT count(*) FROM internal_customer_campaign"
            " WHERE state = 'open' AND NOT COALESCE(invitations_sent, FALSE)"
        )[0][0]
        if not waiting:
            break
        w.admin(
            "ir.cron",
            "method_direct_trigger",
            [w.ref("internal_customer.ir_cron_send_invitations")],
        )
    otto = w.login("otto")
    w.ids["c_b"] = otto(
        Camp,
        "create",
        {"name": f"B campaign {tag}", "employee_ids": [(6, 0, [w.emp("bea")])]},
    )
    # Ids the attacks aim at
    ids = w.ids
    ids["rt_pending"] = _rating_id(w, ids["c_open"], "emma", "rita")
    ids["rt_pending_raf"] = _rating_id(w, ids["c_open"], "raf", "rita")
    ids["rt_positive"] = _rating_id(w, ids["c_open"], "rae", "rita")
    ids["rt_submitted"] = _rating_id(w, ids["c_pub"], "emma", "rita")
    ids["rt_expired"] = _rating_id(w, ids["c_small_none_closed"], "emma", "bob")
    ids["line_pending"] = _line_ids(w, ids["rt_pending"])[0]
    ids["line_pending_raf"] = _line_ids(w, ids["rt_pending_raf"])[0]
    ids["line_submitted"] = _line_ids(w, ids["rt_submitted"])[0]
    ids["dims"] = [
        row[0]
        for row in w.db.all(
            "SELECT dimension_id FROM internal_customer_campaign_dimension"
            " WHERE campaign_id = %s ORDER BY dimension_id",
            ids["c_pub"],
        )
    ]
    ids["cdim_pub"] = w.db.value(
        "SELECT min(id) FROM internal_customer_campaign_dimension"
        " WHERE campaign_id = %s",
        ids["c_pub"],
    )
    ids["cdim_open"] = w.db.value(
        "SELECT min(id) FROM internal_customer_campaign_dimension"
        " WHERE campaign_id = %s",
        ids["c_open"],
    )

    def overall(campaign, level, employee=None, department=None):
        return w.db.value(
            """SELECT id FROM internal_customer_result
                WHERE campaign_id = %s AND level = %s AND dimension_id IS NULL
                  AND relation_type IS NULL
                  AND employee_id IS NOT DISTINCT FROM %s
                  AND department_id IS NOT DISTINCT FROM %s""",
            campaign,
            level,
            employee,
            department,
        )

    ids["dim_1"] = 1
    ids["rating_model"] = w.admin(
        "ir.model", "search", [("model", "=", "internal.customer.rating")]
    )[0]
    ids["res_rita"] = overall(ids["c_pub"], "employee", w.emp("rita"), ids["dept_D"])
    ids["res_bob"] = overall(ids["c_pub"], "employee", w.emp("bob"), ids["dept_D"])
    ids["res_rita_closed"] = overall(
        ids["c_closed"], "employee", w.emp("rita"), ids["dept_D"]
    )
    comments = [
        row[0]
        for row in w.db.all(
            "SELECT id FROM internal_customer_comment"
            " WHERE campaign_id = %s ORDER BY id",
            ids["c_pub"],
        )
    ]
    assert len(comments) == 6, "3 raters of Rita, 2 comments each; none for Bob"
    ids["comment_redacted"], ids["comment"] = comments[0], comments[1]
    hugo(
        "internal.customer.comment",
        "action_redact",
        [ids["comment_redacted"]],
        "abusive",
    )
    ids["imp_rita"] = w.login("rita")(
        "internal.customer.improvement",
        "create",
        {
            "name": "Answer within a day",
            "result_id": ids["res_rita"],
            "campaign_id": ids["c_pub"],
        },
    )


def _kpis(w):
    hugo, tag = w.login("hugo"), w.tag
    ids = w.ids
    ids["kpi_ici"] = hugo("internal.kpi.definition", "search", [("code", "=", "ICI")])[
        0
    ]
    ids["kpi_obj"] = hugo(
        "internal.kpi.definition",
        "create",
        {"name": f"Objectives {tag}", "code": f"OBJ-{tag}", "target": 100},
    )
    ids["kpi_free"] = hugo(
        "internal.kpi.definition",
        "create",
        {"name": f"Unused {tag}", "code": f"FREE-{tag}", "target": 10},
    )
    ids["rule_used"] = hugo(
        "internal.kpi.weighting.rule",
        "create",
        {
            "name": f"Ops and sales {tag}",
            "sequence": 1,
            "department_ids": [(6, 0, [ids["dept_P"], ids["dept_S"]])],
            "line_ids": [
                (0, 0, {"kpi_id": ids["kpi_ici"], "weight": 40}),
                (0, 0, {"kpi_id": ids["kpi_obj"], "weight": 60}),
            ],
            "relation_weight_ids": [
                (0, 0, {"relation_type": "functional", "weight": 70}),
                (0, 0, {"relation_type": "upward", "weight": 30}),
            ],
        },
    )
    ids["rule_free"] = hugo(
        "internal.kpi.weighting.rule",
        "create",
        {
            "name": f"Unused rule {tag}",
            "department_ids": [(6, 0, [ids["dept_X"]])],
            "line_ids": [(0, 0, {"kpi_id": ids["kpi_obj"], "weight": 100})],
        },
    )
    ids["rule_line_ici"], ids["rule_line_obj"] = (
        row[0]
        for row in w.db.all(
            "SELECT id FROM internal_kpi_weighting_rule_line WHERE rule_id = %s"
            " ORDER BY weight",
            ids["rule_used"],
        )
    )
    ids["rw_functional"] = w.db.value(
        "SELECT id FROM internal_kpi_relation_weight WHERE rule_id = %s"
        " AND relation_type = 'functional'",
        ids["rule_used"],
    )
    year = TODAY.year

    def cycle(name, keys, start=True):
        ids[name] = hugo(
            "internal.kpi.cycle",
            "create",
            {
                "name": f"{name} {tag}",
                "date_start": f"{year}-01-01",
                "date_end": f"{year}-12-31",
                "employee_ids": [(6, 0, [w.emp(k) for k in keys])],
                "campaign_ids": [(6, 0, [ids["c_pub"]])],
            },
        )
        if start:
            hugo("internal.kpi.cycle", "action_start", [ids[name]])

    cycle("k1", ("rita", "bob", "ray", "rex", "hugo"))
    cycle("k_done", ("raf",))
    cycle("k_draft", ("rae",), start=False)
    # A rule used by Xavier's scorecard only (the rule-deletion attack)
    ids["rule_doomed"] = hugo(
        "internal.kpi.weighting.rule",
        "create",
        {
            "name": f"Temporary rule {tag}",
            "department_ids": [(6, 0, [ids["dept_Y"]])],
            "line_ids": [(0, 0, {"kpi_id": ids["kpi_obj"], "weight": 100})],
        },
    )
    cycle("k_x", ("xavier",))
    assert (
        w.db.value(
            "SELECT rule_id FROM internal_kpi_scorecard WHERE cycle_id = %s", ids["k_x"]
        )
        == ids["rule_doomed"]
    )

    def card(cycle_name, key):
        return w.db.value(
            "SELECT id FROM internal_kpi_scorecard WHERE cycle_id = %s"
            " AND employee_id = %s",
            ids[cycle_name],
            w.emp(key),
        )

    def line(card_id, kpi):
        return w.db.value(
            "SELECT id FROM internal_kpi_scorecard_line WHERE scorecard_id = %s"
            " AND kpi_id = %s",
            card_id,
            ids[kpi],
        )

    for key in ("rita", "bob", "ray", "rex", "hugo"):
        ids[f"card_{key}"] = card("k1", key)
    ids["card_raf"] = card("k_done", "raf")
    for key in ("rita", "bob", "ray", "rex", "raf"):
        ids[f"card_{key}_obj"] = line(ids[f"card_{key}"], "kpi_obj")
        ids[f"card_{key}_ici"] = line(ids[f"card_{key}"], "kpi_ici")
    tom, Card, Line = (
        w.login("tom"),
        "internal.kpi.scorecard",
        "internal.kpi.scorecard.line",
    )
    # Tom, with no product group, fills and submits his reports' scorecards
    for key, actual in (("rita", 90), ("rex", 80)):
        tom(Line, "write", [ids[f"card_{key}_obj"]], {"actual": actual})
        tom(Card, "action_submit", [ids[f"card_{key}"]])
    rita = w.login("rita")
    rita(Card, "write", [ids["card_rita"]], {"employee_comment": "Fair"})
    rita(Card, "action_acknowledge", [ids["card_rita"]])
    # Raf's closed scorecard lands in a band of its own (110 points)
    ids["band_raf"] = hugo(
        "internal.kpi.band",
        "create",
        {"name": f"Top {tag}", "min_score": 105, "company_id": ids["company_a"]},
    )
    hugo(Line, "write", [ids["card_raf_obj"]], {"actual": 110})
    hugo(Card, "action_submit", [ids["card_raf"]])
    hugo("internal.kpi.cycle", "action_review", [ids["k_done"]])
    hugo("internal.kpi.cycle", "action_done", [ids["k_done"]])
    otto = w.login("otto")
    ids["k_b"] = otto(
        "internal.kpi.cycle",
        "create",
        {
            "name": f"B cycle {tag}",
            "date_start": "2026-01-01",
            "date_end": "2026-12-31",
        },
    )
    states = dict(
        w.db.all(
            "SELECT id, state FROM internal_kpi_scorecard WHERE id = ANY(%s)",
            [ids[f"card_{k}"] for k in ("rita", "bob", "rex", "raf")],
        )
    )
    assert (
        w.db.value(
            "SELECT band_id FROM internal_kpi_scorecard WHERE id = %s", ids["card_raf"]
        )
        == ids["band_raf"]
    )
    assert states == {
        ids["card_rita"]: "submitted",
        ids["card_bob"]: "draft",
        ids["card_rex"]: "submitted",
        ids["card_raf"]: "done",
    }


def _held(w):
    """Emma gives Ray feedback now (Ray serves her): held, no campaign."""
    hugo, emma = w.login("hugo"), w.login("emma")
    Rel = "internal.customer.relation"
    w.ids["rel_held"] = hugo(
        Rel,
        "create",
        {
            "provider_id": w.emp("ray"),
            "customer_id": w.emp("emma"),
            "relation_type": "process",
            "service_name": "ray serves emma",
            "date_start": "2020-01-01",
        },
    )
    hugo(Rel, "action_approve", [w["rel_held"]])
    action = emma(Rel, "action_give_feedback_now", [w["rel_held"]])
    held = w.ids["held_emma"] = action["res_id"]
    [record] = emma("internal.customer.rating", "read", [held], ["line_ids", "state"])
    assert record["state"] == "draft", record
    emma(
        "internal.customer.rating",
        "write",
        [held],
        {
            "line_ids": [(1, line, {"score": 4}) for line in record["line_ids"]],
            "comment_positive": "Quick handover",
        },
    )
    emma("internal.customer.rating", "action_give", [held])
    state = w.db.value(
        "SELECT state FROM internal_customer_rating"
        " WHERE id = %s AND campaign_id IS NULL",
        held,
    )
    assert state == "held", state


@pytest.fixture(scope="module")
def world(odoo_server):
    w = World(odoo_server)
    _people(w)
    _relations(w)
    _campaigns(w)
    _kpis(w)
    _held(w)
    yield w
    w.db.conn.close()


# ----------------------------------------------------------------------------
# The attacks
# ----------------------------------------------------------------------------
class I(str):  # noqa: E742
    """An id of the world, resolved when the attack runs."""


class E(str):
    """The employee record of a person of the world."""


ME = "__the attacker's own employee__"
ANOTHER_CO = "__the other company__"
# Raw JSON literals (see raw())
NAN, INF, NINF, HUGE = "__NaN__", "__Infinity__", "__-Infinity__", "__1e400__"
LITERALS = {NAN: "NaN", INF: "Infinity", NINF: "-Infinity", HUGE: "1e400"}


def resolve(value, w, role):
    if isinstance(value, I):
        return w[str(value)]
    if isinstance(value, E):
        return w.emp(str(value))
    if value == ME:
        return w.role_employee(role)
    if value == ANOTHER_CO:
        return w["company_b"] if role != "other_hr" else w["company_a"]
    if isinstance(value, dict):
        return {k: resolve(v, w, role) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [resolve(v, w, role) for v in value]
    return value


def target(value, w, role):
    """The record attacked: an id of the world, or (A's, B's) by company: the
    other company's HR attacks company A's record, everybody else B's."""
    if isinstance(value, tuple):
        return w[value[0]] if role == "other_hr" else w[value[1]]
    return w[value]


@dataclass(frozen=True)
class Attack:
    name: str
    roles: tuple
    run: object  # run(world, session, context, role)
    forge: bool = False  # also try it with every forged context key
    expect: str = "refused"  # refused: an error; unchanged: nothing changes
    errors: frozenset = CLEAN
    xfail: str = ""  # a known product bug: the attack succeeds


ATTACKS = []


def attack(name, roles, run, **options):
    ATTACKS.append(Attack(name, tuple(roles), run, **options))


def writes(name, roles, model, record, vals, **options):
    def run(w, s, ctx, role):
        return call(
            s,
            model,
            "write",
            [target(record, w, role)],
            resolve(vals, w, role),
            ctx=ctx,
        )

    attack(name, roles, run, **options)


def acts(name, roles, model, method, record, *args, **options):
    def run(w, s, ctx, role):
        return call(
            s,
            model,
            method,
            [target(record, w, role)],
            *resolve(args, w, role),
            ctx=ctx,
        )

    attack(name, roles, run, **options)


def creates(name, roles, model, vals, **options):
    def run(w, s, ctx, role):
        return call(s, model, "create", resolve(vals, w, role), ctx=ctx)

    attack(name, roles, run, **options)


def copies(name, roles, model, record, default=None, **options):
    def run(w, s, ctx, role):
        return call(
            s,
            model,
            "copy",
            [target(record, w, role)],
            default=resolve(default, w, role),
            ctx=ctx,
        )

    attack(name, roles, run, **options)


def unlinks(name, roles, model, record, **options):
    acts(name, roles, model, "unlink", record, **options)


def reads(name, roles, model, record, fields, **options):
    acts(name, roles, model, "read", record, fields, **options)


def raw_writes(name, roles, model, record, vals, **options):
    def run(w, s, ctx, role):
        return raw(
            s,
            model,
            "write",
            [[target(record, w, role)], resolve(vals, w, role)],
            literals=LITERALS,
        )

    attack(name, roles, run, **options)


def raw_creates(name, roles, model, vals, **options):
    def run(w, s, ctx, role):
        return raw(s, model, "create", [resolve(vals, w, role)], literals=LITERALS)

    attack(name, roles, run, **options)


def wizard(name, roles, model, vals, method, **options):
    """Create a wizard (a transient record, left out of the comparison), then
    press its button."""

    def run(w, s, ctx, role):
        wizard_id = call(s, model, "create", resolve(vals, w, role), ctx=ctx)
        return call(s, model, method, [wizard_id], ctx=ctx)

    attack(name, roles, run, **options)


NON_FINITE = {"nan": NAN, "inf": INF, "-inf": NINF, "1e400": HUGE, "str-nan": "nan"}

# --- Service relations -------------------------------------------------------
REL = "internal.customer.relation"
writes("rel-write-state", ROLES, REL, "rel_proposed", {"state": "approved"}, forge=True)
writes(
    "rel-write-rejected-to-approved", HR3, REL, "rel_rejected", {"state": "approved"}
)
writes(
    "rel-write-origin",
    (*HR3, "employee"),
    REL,
    "rel_proposed",
    {"origin": "org_chart"},
    forge=True,
)
writes(
    "rel-write-department-rule",
    (*HR3, "employee"),
    REL,
    "rel_proposed",
    {"department_rule_id": I("dept_rule")},
)
for field, value in (
    ("provider_id", E("bob")),
    ("customer_id", E("raf")),
    ("relation_type", "project"),
):
    writes(
        f"rel-write-decided-{field}",
        (*HR3, "teamlead", "employee"),
        REL,
        "rel_approved",
        {field: value},
        forge=True,
    )
NEW_EDGE = {
    "provider_id": E("rex"),
    "customer_id": ME,
    "relation_type": "process",
    "date_start": "2020-01-01",
}
OWN_EDGE_ROLES = ("employee", "teamlead", "manager", "hr", "hradmin", "admin")
creates(
    "rel-create-approved",
    OWN_EDGE_ROLES,
    REL,
    {**NEW_EDGE, "state": "approved"},
    forge=True,
)
creates(
    "rel-create-org-chart-origin",
    OWN_EDGE_ROLES,
    REL,
    {**NEW_EDGE, "origin": "department_rule", "department_rule_id": I("dept_rule")},
)
creates(
    "rel-create-for-two-others",
    ("employee", "ratee"),
    REL,
    {**NEW_EDGE, "customer_id": E("raf")},
)
creates(
    "rel-create-with-oneself",
    ("employee", "hr"),
    REL,
    {**NEW_EDGE, "provider_id": ME},
)
creates(
    "rel-create-other-company-colleagues",
    ("hr", "other_hr"),
    REL,
    {**NEW_EDGE, "provider_id": E("bea"), "customer_id": E("emma")},
)
copies(
    "rel-copy-approved",
    ("employee", "hr", "admin"),
    REL,
    "rel_approved",
    {"relation_type": "process", "state": "approved"},
    forge=True,
)
copies(
    "rel-copy-origin",
    HR3,
    REL,
    "rel_approved",
    {"relation_type": "project", "origin": "org_chart"},
)
writes(
    "rel-write-weight-non-hr",
    ("employee", "teamlead"),
    REL,
    "rel_proposed",
    {"weight": 9},
)
writes(
    "rel-write-party-leaves",
    ("employee",),
    REL,
    "rel_proposed",
    {"customer_id": E("raf")},
)
writes(
    "rel-write-not-a-party",
    ("teamlead", "manager", "ratee"),
    REL,
    "rel_proposed",
    {"service_name": "rewritten by someone else"},
)
writes(
    "rel-write-decided-by-employee",
    ("employee",),
    REL,
    "rel_approved",
    {"service_name": "rewritten after approval"},
)
acts("rel-approve-own", ("employee",), REL, "action_approve", "rel_proposed")
acts(
    "rel-approve-as-party-manager",
    ("teamlead",),
    REL,
    "action_approve",
    "rel_tom_party",
)
acts(
    "rel-approve-not-a-manager",
    # (the Manager group's Mia heads the parent department: she may decide)
    ("ratee", "other_hr", "portal"),
    REL,
    "action_approve",
    "rel_proposed",
)
acts("rel-approve-approved", ("teamlead", *HR3), REL, "action_approve", "rel_approved")
acts("rel-approve-rejected", ("teamlead", *HR3), REL, "action_approve", "rel_rejected")
acts("rel-reject-approved", ("teamlead", *HR3), REL, "action_reject", "rel_approved")
acts(
    "rel-reject-without-reason",
    ("teamlead", "hr"),
    REL,
    "action_reject",
    "rel_proposed",
)
acts(
    "rel-reset-approved",
    (*HR3, "employee"),
    REL,
    "action_reset_proposed",
    "rel_approved",
)
acts(
    "rel-reset-not-a-party",
    ("teamlead", "manager", "employee", "portal"),
    REL,
    "action_reset_proposed",
    "rel_rejected",
)
writes(
    "rel-write-reject-reason-not-decider",
    ("employee",),
    REL,
    "rel_proposed",
    {"reject_reason": "I reject my own proposal"},
)
reads(
    "rel-read-other-company",
    ("hr", "other_hr"),
    REL,
    ("rel_approved", "rel_b"),
    ["provider_id"],
)
writes(
    "rel-write-other-company",
    ("hr", "hradmin", "other_hr"),
    REL,
    ("rel_approved", "rel_b"),
    {"weight": 3},
)
acts(
    "rel-reset-other-company",
    ("hr", "other_hr"),
    REL,
    "action_reset_proposed",
    ("rel_rejected", "rel_b"),
)
unlinks("rel-unlink-by-employee", ("employee", "teamlead"), REL, "rel_proposed")
unlinks("rel-unlink-other-company", ("other_hr",), REL, ("rel_approved", "rel_b"))
for label, command in (
    (
        "create-approved",
        (0, 0, {**NEW_EDGE, "customer_id": E("raf"), "state": "approved"}),
    ),
    ("update-state", (1, I("rel_proposed"), {"state": "approved"})),
    ("link", (4, I("rel_proposed"))),
    ("set", (6, 0, [I("rel_proposed")])),
):
    writes(
        f"rel-smuggle-through-department-rule-{label}",
        HR3,
        "internal.customer.department.rule",
        "dept_rule",
        {"relation_ids": [command]},
    )
acts(
    "rel-web-save-state",
    ("hr", "employee"),
    REL,
    "web_save",
    "rel_proposed",
    {"state": "approved"},
    {},
)


def _import_state(w, s, ctx, role):
    result = call(
        s, REL, "load", [".id", "state"], [[str(w["rel_proposed"]), "approved"]]
    )
    # load() reports its errors instead of raising them
    assert not result["ids"] and result["messages"], result


attack("rel-import-state", ("hr", "admin"), _import_state, expect="unchanged")
for label, value in NON_FINITE.items():
    raw_writes(
        f"rel-weight-{label}", ("hr", "admin"), REL, "rel_approved", {"weight": value}
    )
wizard(
    "rel-generate-for-another-company",
    ("other_hr", "hr"),
    "internal.customer.relation.generate",
    {"company_id": ANOTHER_CO, "from_org_chart": True},
    "action_generate",
)
acts(
    "rel-department-rule-generate-other-company",
    ("other_hr",),
    "internal.customer.department.rule",
    "action_generate_relations",
    "dept_rule",
)
acts(
    "rel-department-rule-generate-non-hr",
    ("teamlead", "manager", "employee"),
    "internal.customer.department.rule",
    "action_generate_relations",
    "dept_rule",
)
writes(
    "rel-department-rule-write-non-hr",
    ("teamlead", "manager", "employee"),
    "internal.customer.department.rule",
    "dept_rule",
    {"weight": 5},
)
raw_writes(
    "rel-department-rule-weight-nan",
    ("hr",),
    "internal.customer.department.rule",
    "dept_rule",
    {"weight": NAN},
)

# --- Campaigns -----------------------------------------------------------------
CAMP = "internal.customer.campaign"
writes("camp-write-state", ROLES, CAMP, "c_draft", {"state": "open"}, forge=True)
writes(
    "camp-write-closed-to-open", HR3, CAMP, "c_closed", {"state": "open"}, forge=True
)
writes("camp-write-published-to-closed", HR3, CAMP, "c_pub", {"state": "closed"})
# Reciprocal ratings: the counts are the engine's and HR's alone; the weight
# freezes at closing (changing it and recomputing would show who was dampened)
for field, value in (("reciprocal_pair_count", 0), ("reciprocal_ring_count", 99)):
    writes(f"camp-write-{field}", ROLES, CAMP, "c_closed", {field: value}, forge=True)
    reads(f"camp-read-{field}", NON_HR, CAMP, "c_closed", [field])
reads("camp-read-reciprocal-summary", NON_HR, CAMP, "c_pub", ["reciprocal_summary"])
writes(
    "camp-write-reciprocal-weight-closed",
    HR3,
    CAMP,
    "c_closed",
    {"reciprocal_weight": 1.0},
    forge=True,
)
for field, value in (
    ("launch_date", "2020-01-01 00:00:00"),
    ("close_date", "2020-01-01 00:00:00"),
    ("publish_date", "2020-01-01 00:00:00"),
    ("invitations_sent", False),
    ("previous_campaign_id", I("c_pub")),
):
    writes(f"camp-write-{field}", HR3, CAMP, "c_open", {field: value}, forge=True)
for label, command in (
    ("create", (0, 0, {"dimension_id": 1, "weight": 9, "sequence": 1})),
    ("update", (1, I("cdim_open"), {"weight": 9})),
    ("delete", (2, I("cdim_open"))),
    ("clear", (5,)),
):
    writes(
        f"camp-smuggle-snapshot-{label}",
        HR3,
        CAMP,
        "c_open",
        {"dimension_snapshot_ids": [command]},
    )
for field, value in (
    ("state", "published"),
    ("launch_date", "2020-01-01 00:00:00"),
    ("previous_campaign_id", I("c_pub")),
    ("invitations_sent", True),
):
    creates(
        f"camp-create-with-{field}",
        HR3,
        CAMP,
        {"name": "forged", field: value},
        forge=True,
    )
for field, value in (
    ("min_raters", 2),
    ("employee_ids", [(4, E("bob"))]),
    ("department_ids", [(4, I("dept_S"))]),
    ("dimension_ids", [(3, 1)]),
    ("date_start", "2000-01-01"),
    ("max_requests_per_rater", 1),
    ("allow_self_rating", True),
    ("company_id", ANOTHER_CO),
):
    writes(f"camp-locked-after-launch-{field}", HR3, CAMP, "c_open", {field: value})
for campaign_key in ("c_closed", "c_pub"):
    for field, value in (
        ("name", "renamed"),
        ("deadline", "2099-01-01"),
        ("min_raters", 2),
        ("reminder_days", 9),
        ("description", "<p>changed</p>"),
    ):
        writes(
            f"camp-{campaign_key}-read-only-{field}",
            HR3,
            CAMP,
            campaign_key,
            {field: value},
        )
writes(
    "camp-open-deadline-in-the-past",
    HR3,
    CAMP,
    "c_open",
    {"deadline": (TODAY - datetime.timedelta(days=1)).isoformat()},
)
for method, campaigns in (
    ("action_launch", ("c_open", "c_closed", "c_pub")),
    ("action_reset_draft", ("c_small_ans_open", "c_closed", "c_pub", "c_draft")),
    ("action_close", ("c_closed", "c_pub", "c_draft")),
    ("action_publish", ("c_open", "c_draft", "c_pub")),
    ("action_compute_results", ("c_open", "c_pub", "c_draft")),
):
    for campaign_key in campaigns:
        acts(f"camp-{method}-on-{campaign_key}", HR3, CAMP, method, campaign_key)
for method, campaign_key in (
    ("action_launch", "c_draft"),
    ("action_close", "c_open"),
    ("action_publish", "c_closed"),
    ("action_compute_results", "c_closed"),
    ("action_reset_draft", "c_small_none_open"),
):
    acts(f"camp-{method}-non-hr", NON_HR, CAMP, method, campaign_key)
for campaign_key in ("c_open", "c_closed", "c_pub"):
    unlinks(f"camp-unlink-{campaign_key}", HR3, CAMP, campaign_key)
copies("camp-copy-closed-state", HR3, CAMP, "c_closed", {"state": "closed"}, forge=True)
copies(
    "camp-copy-previous",
    HR3,
    CAMP,
    "c_closed",
    {"previous_campaign_id": I("c_pub")},
)
RATING_VALS = {"rater_id": E("emma"), "ratee_id": E("bob"), "company_id": 1}
for label, command in (
    ("create", (0, 0, RATING_VALS)),
    ("update-state", (1, I("rt_pending"), {"state": "submitted"})),
    ("delete", (2, I("rt_pending"))),
    ("unlink", (3, I("rt_pending"))),
    ("clear", (5,)),
    ("set-empty", (6, 0, [])),
    ("link-other-campaign", (4, I("rt_submitted"))),
):
    # HR finds no rating to clear (the rule hides them all): nothing happens
    writes(
        f"camp-smuggle-ratings-{label}",
        HR3,
        CAMP,
        "c_open",
        {"request_ids": [command]},
        expect="unchanged" if label in ("clear", "set-empty") else "refused",
    )
for label, command in (
    ("create", (0, 0, {"level": "employee", "employee_id": E("rita"), "mean": 5})),
    ("link-other-campaign", (4, I("res_rita"))),
    ("update-forged-id", (1, I("res_rita"), {"mean": 5})),
):
    writes(
        f"camp-smuggle-results-{label}", HR3, CAMP, "c_open", {"result_ids": [command]}
    )
reads("camp-read-other-company", ("hr", "other_hr"), CAMP, ("c_pub", "c_b"), ["name"])
writes(
    "camp-write-other-company",
    ("hr", "other_hr"),
    CAMP,
    ("c_draft", "c_b"),
    {"name": "x"},
)
acts(
    "camp-launch-other-company",
    ("hr", "hradmin", "other_hr"),
    CAMP,
    "action_launch",
    ("c_draft", "c_b"),
)
acts("camp-close-other-company", ("other_hr",), CAMP, "action_close", ("c_open", "c_b"))
acts(
    "camp-compute-other-company",
    ("other_hr",),
    CAMP,
    "action_compute_results",
    ("c_closed", "c_b"),
)
MIXED_COMPANY_BUG = (
    "product bug: check_company on an x2many only refuses when NONE of the records "
    "belongs to the company (Odoo's _check_company): a campaign's or a cycle's scope "
    "mixing both companies' records is accepted"
)
creates(
    "camp-create-scope-of-other-company",
    ("hr", "other_hr"),
    CAMP,
    {"name": "cross", "employee_ids": [(6, 0, [E("bea"), E("rita")])]},
)
INT_NAN_BUG = (
    "product bug: NaN or infinity in an Integer field is not caught by the guard "
    "(it checks Float and Monetary only): an internal ValueError/OverflowError with "
    "a traceback instead of a clear ValidationError"
)
raw_writes(
    "camp-min-raters-nan",
    ("hr",),
    CAMP,
    "c_draft",
    {"min_raters": NAN},
)
raw_writes(
    "camp-min-raters-huge",
    ("hr",),
    CAMP,
    "c_draft",
    {"min_raters": HUGE},
)

# --- Private methods: Odoo refuses any name starting with _ --------------------
for model, methods in (
    (
        CAMP,
        (
            "_compute_results",
            "_launch_requests",
            "_expire_pending",
            "_snapshot_dimensions",
            "_cron_send_invitations",
            "_cron_process_deadlines",
            "_demo_answer",
            "_flow_move",
            "_notify_ratees",
        ),
    ),
    ("internal.customer.rating", ("_after_answer", "_flow_move", "_check_rater")),
    (
        "internal.customer.result",
        ("_compute_for_campaign", "_apply_complementary_suppression"),
    ),
    (REL, ("_create_generated", "_generate_upward_relations")),
    ("internal.kpi.cycle", ("_reopen", "_fill_from_campaigns")),
    ("internal.kpi.scorecard", ("_reopen", "_flow_move")),
    ("internal.kpi.scorecard.line", ("_fill_internal_customer",)),
):
    for method in methods:
        attack(
            f"private-{model.split('.')[-1]}-{method}",
            ("employee", "hr", "admin"),
            lambda w, s, ctx, role, model=model, method=method: call(
                s, model, method, [w["c_closed"]], ctx=ctx
            ),
        )

# --- Ratings: readable and writable by their rater only ------------------------
RATING = "internal.customer.rating"
LINE = "internal.customer.rating.line"
reads("rating-read", NOT_RATER, RATING, "rt_pending", ["rater_id", "line_ids"])
# Feedback given now, held until a campaign: only its rater knows it exists
reads("held-read", NOT_RATER, RATING, "held_emma", ["state", "ratee_id", "line_ids"])
for field, value in (
    ("state", "submitted"),
    ("campaign_id", I("c_open")),
    ("ratee_id", E("bob")),
    ("submit_date", "2020-01-01 00:00:00"),
    ("given_early", True),
):
    writes(
        f"held-write-{field}", ROLES, RATING, "held_emma", {field: value}, forge=True
    )
writes(
    "held-write-after-giving",
    ("employee",),
    RATING,
    "held_emma",
    {"comment_positive": "changed my mind"},
    forge=True,
)
acts("held-give-again", ("employee",), RATING, "action_give", "held_emma")
acts("held-withdraw-by-others", NOT_RATER, RATING, "action_withdraw", "held_emma")
# Relations suggested from tasks: only the product writes them
creates(
    "suggestion-create",
    ROLES,
    "internal.customer.suggestion",
    {
        "customer_id": E("emma"),
        "provider_id": E("rita"),
        "company_id": I("company_a"),
        "state": "accepted",
    },
    forge=True,
)
acts(
    "held-feedback-now-for-someone-else",
    NOT_RATER,
    "internal.customer.relation",
    "action_give_feedback_now",
    "rel_held",
)
reads("rating-line-read", NOT_RATER, LINE, "line_pending", ["score"])
for field, value in (
    ("state", "submitted"),
    ("ratee_id", E("bob")),
    ("rater_id", E("raf")),
    ("campaign_id", I("c_draft")),
    ("relation_id", I("rel_bob")),
    ("submit_date", "2020-01-01 00:00:00"),
    ("is_self", True),
    ("company_id", ANOTHER_CO),
    ("relation_type", "upward"),
    ("ratee_department_id", I("dept_S")),
    ("rater_department_id", I("dept_S")),
    ("reminder_count", 0),
):
    writes(
        f"rating-write-{field}",
        ("employee",),
        RATING,
        "rt_pending",
        {field: value},
        forge=True,
    )
for field, value in (
    ("deadline", "2099-01-01"),
    ("service_name", "changed"),
    ("commitment_ids", [(6, 0, [])]),
):
    writes(
        f"rating-write-computed-{field}",
        ("employee",),
        RATING,
        "rt_pending",
        {field: value},
        expect="unchanged",
    )
writes(
    "rating-answer-by-others",
    NOT_RATER,
    RATING,
    "rt_pending",
    {"comment_positive": "x"},
)
acts("rating-submit-by-others", NOT_RATER, RATING, "action_submit", "rt_pending")
acts("rating-decline-by-others", NOT_RATER, RATING, "action_decline", "rt_pending")
acts("rating-submit-twice", ("employee",), RATING, "action_submit", "rt_submitted")
acts(
    "rating-decline-after-submit",
    ("employee",),
    RATING,
    "action_decline",
    "rt_submitted",
)
writes(
    "rating-rewrite-after-submit",
    ("employee",),
    RATING,
    "rt_submitted",
    {"comment_positive": "changed my mind"},
)
writes(
    "rating-rescore-after-submit",
    ("employee",),
    RATING,
    "rt_submitted",
    {"line_ids": [(1, I("line_submitted"), {"score": 1})]},
)
writes(
    "rating-line-rescore-after-submit",
    ("employee",),
    LINE,
    "line_submitted",
    {"score": 1},
)
writes(
    "rating-answer-expired",
    ("employee",),
    RATING,
    "rt_expired",
    {"comment_positive": "late"},
)
acts("rating-submit-expired", ("employee",), RATING, "action_submit", "rt_expired")
acts(
    "rating-decline-without-reason",
    ("employee",),
    RATING,
    "action_decline",
    "rt_pending",
)
creates(
    "rating-create",
    ("employee", "hr", "admin"),
    RATING,
    {"campaign_id": I("c_open"), **RATING_VALS, "company_id": 1},
    forge=True,
)
copies("rating-copy", ("employee",), RATING, "rt_pending", {"ratee_id": E("bob")})
unlinks("rating-unlink", ("employee", "hr", "admin"), RATING, "rt_pending")
for label, command in (
    ("create-line", (0, 0, {"dimension_id": 1, "score": 5})),
    ("move-dimension", (1, I("line_pending"), {"dimension_id": 2})),
    ("forged-id-other-rater", (1, I("line_pending_raf"), {"score": 1})),
    ("forged-id-own-answered", (1, I("line_submitted"), {"score": 1})),
    ("link-other-rater-line", (4, I("line_pending_raf"))),
    ("delete-line", (2, I("line_pending"))),
    ("unlink-line", (3, I("line_pending"))),
    ("clear", (5,)),
    ("set-empty", (6, 0, [])),
):
    writes(
        f"rating-smuggle-lines-{label}",
        ("employee",),
        RATING,
        "rt_pending",
        {"line_ids": [command]},
        forge=True,
    )
writes("rating-line-other-rater", ("employee",), LINE, "line_pending_raf", {"score": 1})
writes(
    "rating-line-by-others",
    ("ratee", "teamlead", "hr", "admin"),
    LINE,
    "line_pending",
    {"score": 5},
)
for field, value in (
    ("rating_id", I("rt_pending_raf")),
    ("dimension_id", 2),
    ("sequence", 99),
):
    writes(
        f"rating-line-write-{field}",
        ("employee",),
        LINE,
        "line_pending",
        {field: value},
        forge=True,
    )
for value in (7, 0, -1):
    writes(
        f"rating-line-score-{value}",
        ("employee",),
        LINE,
        "line_pending",
        {"score": value},
    )
writes(
    "rating-line-bad-choice",
    ("employee",),
    LINE,
    "line_pending",
    {"score_choice": "9"},
    # Odoo's own Selection field refuses an unknown value with a ValueError
    errors=CLEAN | {"builtins.ValueError"},
)
raw_writes(
    "rating-line-score-nan",
    ("employee",),
    LINE,
    "line_pending",
    {"score": NAN},
)
creates(
    "rating-line-create",
    ("employee", "hr"),
    LINE,
    {"rating_id": I("rt_pending"), "dimension_id": 1, "score": 5},
)
unlinks("rating-line-unlink", ("employee", "hr"), LINE, "line_pending")
writes(
    "rating-add-follower",
    ("employee",),
    RATING,
    "rt_pending",
    {
        "message_follower_ids": [
            (0, 0, {"res_model": RATING, "res_id": I("rt_pending"), "partner_id": 3})
        ]
    },
)
creates(
    "rating-message-create",
    ("ratee", "teamlead", "hr", "admin"),
    "mail.message",
    {
        "model": RATING,
        "res_id": I("rt_pending"),
        "body": "x",
        "message_type": "comment",
    },
)
creates(
    "rating-activity-create",
    ("ratee", "teamlead", "hr", "admin"),
    "mail.activity",
    {"res_model_id": I("rating_model"), "res_id": I("rt_pending"), "summary": "x"},
)
attack(
    "rating-post-on-others-request",
    NOT_RATER,
    lambda w, s, ctx, role: call(
        s, RATING, "message_post", [w["rt_pending"]], body="who rated me?", ctx=ctx
    ),
)
acts(
    "rating-subscribe-followers",
    ("employee", "ratee", "hr", "admin"),
    RATING,
    "message_subscribe",
    "rt_pending",
    expect="unchanged",
)

# --- Results, comments, campaign dimensions -----------------------------------
RES = "internal.customer.result"
RES_READERS = ("ratee", "teamlead", "manager", *HR3)
for field, value, record in (
    ("mean", 5.0, "res_rita"),
    ("index", 100.0, "res_rita"),
    ("index_calibrated", 100.0, "res_rita"),
    ("index_calibrated", 50.0, "res_bob"),
    ("visible", True, "res_bob"),
    ("rater_count", 9, "res_bob"),
    ("employee_id", E("bob"), "res_rita"),
    ("campaign_id", I("c_open"), "res_rita"),
    ("level", "company", "res_rita"),
):
    writes(
        f"result-write-{field}", RES_READERS, RES, record, {field: value}, forge=True
    )
writes(
    "result-response-by-others",
    ("teamlead", "manager", *HR3),
    RES,
    "res_rita",
    {"response": "answered for her"},
)
writes(
    "result-response-before-publishing",
    ("ratee",),
    RES,
    "res_rita_closed",
    {"response": "too early"},
)
writes(
    "result-smuggle-improvement",
    ("ratee",),
    RES,
    "res_rita",
    {"improvement_ids": [(0, 0, {"name": "x", "state": "done"})]},
)
creates(
    "result-create",
    HR3,
    RES,
    {
        "campaign_id": I("c_pub"),
        "level": "employee",
        "employee_id": E("bob"),
        "mean": 5,
    },
    forge=True,
)
copies("result-copy", HR3, RES, "res_rita")
unlinks("result-unlink", HR3, RES, "res_rita")
reads(
    "result-read-other-company",
    ("other_hr", "portal"),
    RES,
    ("res_rita", "res_rita"),
    ["mean"],
)
COMMENT = "internal.customer.comment"
for field, value in (
    ("body", "rewritten"),
    ("redacted", True),
    ("employee_id", E("bob")),
):
    writes(
        f"comment-write-{field}", HR3, COMMENT, "comment", {field: value}, forge=True
    )
    writes(
        f"comment-ratee-write-{field}",
        ("ratee",),
        COMMENT,
        "comment",
        {field: value},
        forge=True,
    )
# Only the colleague a comment is about answers it
writes(
    "comment-answer-by-others",
    ("hr", "hradmin", "admin", "teamlead", "manager", "employee", "other_hr", "portal"),
    COMMENT,
    "comment",
    {"answer": "not mine to answer"},
    forge=True,
)
creates(
    "comment-create",
    HR3,
    COMMENT,
    {
        "campaign_id": I("c_pub"),
        "employee_id": E("rita"),
        "kind": "positive",
        "body": "x",
    },
)
unlinks("comment-unlink", HR3, COMMENT, "comment")
acts(
    "comment-redact-non-hr",
    ("teamlead", "manager", "ratee", "employee", "portal"),
    COMMENT,
    "action_redact",
    "comment",
)
acts("comment-redact-other-company", ("other_hr",), COMMENT, "action_redact", "comment")
acts("comment-redact-twice", ("hr",), COMMENT, "action_redact", "comment_redacted")
reads(
    "comment-read-original-text",
    ("hr", "teamlead", "ratee"),
    COMMENT,
    "comment_redacted",
    ["body_original"],
)
CDIM = "internal.customer.campaign.dimension"
writes("campaign-dimension-write", HR3, CDIM, "cdim_pub", {"weight": 9}, forge=True)
creates(
    "campaign-dimension-create",
    HR3,
    CDIM,
    {"campaign_id": I("c_draft"), "dimension_id": 1, "weight": 9},
)
unlinks("campaign-dimension-unlink", HR3, CDIM, "cdim_pub")
DIM = "internal.customer.dimension"
raw_writes("dimension-weight-nan", ("hradmin",), DIM, "dim_1", {"weight": NAN})
raw_writes("dimension-weight-inf", ("hradmin",), DIM, "dim_1", {"weight": INF})
writes(
    "dimension-write-non-hr",
    ("employee", "teamlead", "manager"),
    DIM,
    "dim_1",
    {"weight": 3},
)

# --- Improvement actions -------------------------------------------------------
IMP = "internal.customer.improvement"
writes(
    "improvement-write-state",
    ("ratee", "teamlead", *HR3),
    IMP,
    "imp_rita",
    {"state": "done"},
    forge=True,
)
writes(
    "improvement-write-employee",
    ("ratee", "teamlead", "hr"),
    IMP,
    "imp_rita",
    {"employee_id": E("emma")},
)
writes(
    "improvement-write-company",
    ("ratee", "hr"),
    IMP,
    "imp_rita",
    {"company_id": ANOTHER_CO},
)
creates(
    "improvement-create-done",
    ("ratee", "hr"),
    IMP,
    {"name": "x", "state": "done"},
    forge=True,
)
creates(
    "improvement-create-for-a-colleague",
    ("employee",),
    IMP,
    {"name": "x", "employee_id": E("rita")},
)
acts("improvement-done-by-others", ("employee",), IMP, "action_done", "imp_rita")
writes("improvement-write-other-company", ("other_hr",), IMP, "imp_rita", {"name": "x"})

# --- Appraisal cycles --------------------------------------------------------
CYCLE = "internal.kpi.cycle"
writes("cycle-write-state", ROLES, CYCLE, "k_draft", {"state": "running"}, forge=True)
writes(
    "cycle-write-done-to-review", HR3, CYCLE, "k_done", {"state": "review"}, forge=True
)
for method, cycle_key in (
    ("action_start", "k1"),
    ("action_review", "k_draft"),
    ("action_done", "k1"),
    ("action_done", "k_done"),
    ("action_reopen", "k1"),
    ("action_generate_scorecards", "k_draft"),
    ("action_fill_from_campaigns", "k_done"),
    ("action_create_campaign", "k_done"),
):
    acts(f"cycle-{method}-on-{cycle_key}", HR3, CYCLE, method, cycle_key)
for field, value in (
    ("name", "renamed"),
    ("employee_ids", [(4, E("emma"))]),
    ("campaign_ids", [(4, I("c_closed"))]),
    ("date_end", "2099-12-31"),
):
    writes(f"cycle-done-read-only-{field}", HR3, CYCLE, "k_done", {field: value})
for method, cycle_key in (
    ("action_start", "k_draft"),
    ("action_reopen", "k_done"),
    ("action_generate_scorecards", "k1"),
    ("action_review", "k1"),
    ("action_create_campaign", "k1"),
):
    acts(f"cycle-{method}-non-hr", NON_HR, CYCLE, method, cycle_key)
REOPEN = "internal.kpi.reopen"
wizard(
    "cycle-reopen-wizard-non-hr",
    ("teamlead", "employee", "manager"),
    REOPEN,
    {"cycle_ids": [(6, 0, [I("k_done")])], "reason": "x"},
    "action_confirm",
)
wizard(
    "cycle-reopen-wizard-running",
    HR3,
    REOPEN,
    {"cycle_ids": [(6, 0, [I("k1")])], "reason": "x"},
    "action_confirm",
)
wizard(
    "cycle-reopen-wizard-without-reason",
    ("hr",),
    REOPEN,
    {"cycle_ids": [(6, 0, [I("k_done")])], "reason": "  "},
    "action_confirm",
)
wizard(
    "cycle-reopen-wizard-other-company",
    ("other_hr",),
    REOPEN,
    {"cycle_ids": [(6, 0, [I("k_done")])], "reason": "x"},
    "action_confirm",
    # The wizard reads none of company A's records: it does nothing at all
    expect="unchanged",
)
for label, command in (
    ("create", (0, 0, {"employee_id": E("emma")})),
    ("update-state", (1, I("card_bob"), {"state": "done"})),
    ("delete", (2, I("card_bob"))),
    ("unlink", (3, I("card_bob"))),
    ("clear", (5,)),
    ("link-other-cycle", (4, I("card_raf"))),
):
    writes(
        f"cycle-smuggle-scorecards-{label}",
        HR3,
        CYCLE,
        "k1",
        {"scorecard_ids": [command]},
    )
for cycle_key in ("k1", "k_done"):
    unlinks(f"cycle-unlink-{cycle_key}", HR3, CYCLE, cycle_key)
acts(
    "cycle-start-other-company",
    ("hr", "other_hr"),
    CYCLE,
    "action_start",
    ("k_draft", "k_b"),
)
reads("cycle-read-other-company", ("hr", "other_hr"), CYCLE, ("k1", "k_b"), ["name"])

# --- Scorecards ------------------------------------------------------------------
CARD = "internal.kpi.scorecard"
CLINE = "internal.kpi.scorecard.line"
writes(
    "card-write-state",
    (*ROLES, "report"),
    CARD,
    "card_bob",
    {"state": "submitted"},
    forge=True,
)
writes(
    "card-write-done-to-draft", HR3, CARD, "card_raf", {"state": "draft"}, forge=True
)
for field, value in (
    ("employee_id", E("ray")),
    ("cycle_id", I("k_done")),
    ("rule_id", False),
    ("fallback", "neutral"),
    ("acknowledged", True),
    ("acknowledge_date", "2020-01-01 00:00:00"),
    ("company_id", ANOTHER_CO),
    ("rule_reason", "forged"),
):
    writes(
        f"card-write-{field}",
        ("teamlead", "manager", *HR3),
        CARD,
        "card_bob",
        {field: value},
        forge=True,
    )
for field, value in (
    ("final_score", 100.0),
    ("base_score", 100.0),
    ("band", "Exceptional"),
    ("internal_index", 100.0),
    ("internal_index_calibrated", 100.0),
    ("internal_rater_count", 9),
):
    writes(
        f"card-write-computed-{field}",
        ("teamlead", "hr"),
        CARD,
        "card_bob",
        {field: value},
        expect="unchanged",
    )
writes(
    "card-adjust-own",
    ("ratee",),
    CARD,
    "card_rita",
    {"adjustment": 10, "adjustment_reason": "I deserve it"},
)
writes(
    "card-fill-own",
    ("ratee",),
    CARD,
    "card_rita",
    {"line_ids": [(1, I("card_rita_obj"), {"actual": 200})]},
)
writes("card-fill-own-line", ("ratee",), CLINE, "card_rita_obj", {"actual": 200})
writes(
    "card-adjust-submitted",
    ("teamlead", "hr"),
    CARD,
    "card_rita",
    {"adjustment": 5, "adjustment_reason": "late change"},
)
writes(
    "card-adjust-without-reason",
    ("teamlead", "hr"),
    CARD,
    "card_bob",
    {"adjustment": 5},
)
writes(
    "card-comment-for-the-employee",
    ("teamlead", "manager", *HR3),
    CARD,
    "card_rita",
    {"employee_comment": "written for her"},
)
writes(
    "card-comment-after-acknowledging",
    ("ratee",),
    CARD,
    "card_rita",
    {"employee_comment": "changed after the fact"},
)
acts(
    "card-submit-not-a-manager",
    ("employee", "ratee", "other_hr", "portal", "report"),
    CARD,
    "action_submit",
    "card_bob",
)
acts("card-submit-own-as-hr", ("hr",), CARD, "action_submit", "card_hugo")
writes(
    "card-adjust-own-as-hr",
    ("hr",),
    CARD,
    "card_hugo",
    {"adjustment": 10, "adjustment_reason": "self-service"},
)
acts(
    "card-acknowledge-for-the-employee",
    ("teamlead", "employee", *HR3),
    CARD,
    "action_acknowledge",
    "card_rita",
)
acts("card-acknowledge-twice", ("ratee",), CARD, "action_acknowledge", "card_rita")
acts("card-acknowledge-draft", ("report", "hr"), CARD, "action_acknowledge", "card_bob")
acts(
    "card-done-non-hr",
    ("teamlead", "manager", "ratee"),
    CARD,
    "action_done",
    "card_rita",
)
acts("card-done-from-draft", HR3, CARD, "action_done", "card_bob")
acts("card-submit-done", HR3, CARD, "action_submit", "card_raf")
for label, vals in (
    ("adjust", {"adjustment": 1, "adjustment_reason": "x"}),
    ("fill", {"line_ids": [(1, I("card_raf_obj"), {"actual": 1})]}),
    ("comment", {"employee_comment": "x"}),
):
    writes(f"card-done-read-only-{label}", HR3, CARD, "card_raf", vals)
writes("card-done-read-only-line", HR3, CLINE, "card_raf_obj", {"actual": 1})
wizard(
    "card-reopen-in-closed-cycle",
    ("hr",),
    REOPEN,
    {"scorecard_ids": [(6, 0, [I("card_raf")])], "reason": "x"},
    "action_confirm",
)
wizard(
    "card-reopen-draft",
    ("hr",),
    REOPEN,
    {"scorecard_ids": [(6, 0, [I("card_bob")])], "reason": "x"},
    "action_confirm",
)
wizard(
    "card-reopen-other-company",
    ("other_hr",),
    REOPEN,
    {"scorecard_ids": [(6, 0, [I("card_rita")])], "reason": "x"},
    "action_confirm",
    # The wizard reads none of company A's records: it does nothing at all
    expect="unchanged",
)
acts("card-reopen-non-hr", ("teamlead", "manager"), CARD, "action_reopen", "card_rita")
creates(
    "card-create",
    HR3,
    CARD,
    {"cycle_id": I("k1"), "employee_id": E("emma"), "company_id": 1},
    forge=True,
)
copies("card-copy", HR3, CARD, "card_bob", {"cycle_id": I("k_draft")})
unlinks("card-unlink", ("teamlead", *HR3), CARD, "card_bob")
for label, command in (
    ("create-line", (0, 0, {"kpi_id": I("kpi_obj"), "weight": 100})),
    ("fill-internal-customer-line", (1, I("card_bob_ici"), {"actual": 100})),
    ("reweigh", (1, I("card_bob_obj"), {"weight": 100})),
    ("change-kpi", (1, I("card_bob_obj"), {"kpi_id": I("kpi_free")})),
    ("delete-line", (2, I("card_bob_obj"))),
    ("unlink-line", (3, I("card_bob_ici"))),
    ("clear", (5,)),
    ("set-empty", (6, 0, [])),
    ("forged-id-submitted-card", (1, I("card_rita_obj"), {"actual": 1})),
    ("forged-id-done-card", (1, I("card_raf_obj"), {"actual": 1})),
    ("link-other-card-line", (4, I("card_raf_obj"))),
):
    writes(
        f"card-smuggle-lines-{label}",
        ("teamlead", "hr"),
        CARD,
        "card_bob",
        {"line_ids": [command]},
        forge=True,
    )
writes(
    "card-smuggle-computed-line-values",
    ("teamlead",),
    CARD,
    "card_bob",
    {"line_ids": [(1, I("card_bob_obj"), {"score": 100, "weighted_score": 60})]},
    expect="unchanged",
)
for field, value in (
    ("scorecard_id", I("card_ray")),
    ("kpi_id", I("kpi_ici")),
    ("weight", 100),
    ("raw_index", 99),
    ("index_calibrated", 99),
    ("rater_count", 9),
    ("below_threshold", True),
):
    writes(
        f"card-line-write-{field}",
        ("teamlead", "hr"),
        CLINE,
        "card_bob_obj",
        {field: value},
        forge=True,
    )
writes(
    "card-line-fill-internal-customer",
    ("teamlead", "hr"),
    CLINE,
    "card_bob_ici",
    {"actual": 100},
)
writes(
    "card-line-note-internal-customer",
    ("teamlead",),
    CLINE,
    "card_bob_ici",
    {"note": "30 raters, index 99"},
)
writes(
    "card-line-source-internal-customer",
    ("teamlead",),
    CLINE,
    "card_bob_ici",
    {"source": "30 raters, index 99"},
)
writes(
    "card-line-note-data-internal-customer",
    ("teamlead", "hr"),
    CLINE,
    "card_bob_ici",
    {"note_data": {"kind": "index", "values": {"raters": 30, "index": 99}}},
)
writes(
    "card-line-not-a-manager",
    ("employee", "ratee", "other_hr", "portal", "report"),
    CLINE,
    "card_bob_obj",
    {"actual": 1},
)
creates(
    "card-line-create",
    ("teamlead", "hr"),
    CLINE,
    {"scorecard_id": I("card_bob"), "kpi_id": I("kpi_obj"), "weight": 10},
)
unlinks("card-line-unlink", ("teamlead", "hr"), CLINE, "card_bob_obj")
for label, value in NON_FINITE.items():
    raw_writes(
        f"card-line-actual-{label}",
        ("teamlead",),
        CLINE,
        "card_bob_obj",
        {"actual": value},
    )
    raw_writes(
        f"card-line-target-{label}",
        ("teamlead",),
        CLINE,
        "card_bob_obj",
        {"target": value},
    )
    raw_writes(
        f"card-adjustment-{label}",
        ("teamlead",),
        CARD,
        "card_bob",
        {"adjustment": value, "adjustment_reason": "x"},
    )
raw_writes(
    "card-smuggle-line-nan",
    ("teamlead",),
    CARD,
    "card_bob",
    {"line_ids": [[1, I("card_bob_obj"), {"actual": NAN}]]},
)
reads(
    "card-read-other-company",
    ("other_hr", "portal"),
    CARD,
    ("card_rita", "card_rita"),
    ["final_score"],
)
writes(
    "card-write-other-company",
    ("other_hr",),
    CARD,
    ("card_bob", "card_bob"),
    {"adjustment": 1, "adjustment_reason": "x"},
)
acts(
    "card-done-other-company",
    ("other_hr",),
    CARD,
    "action_done",
    ("card_rita", "card_rita"),
)
reads("card-draft-read-by-its-employee", ("report",), CARD, "card_bob", ["final_score"])

# --- Weighting rules and KPIs -------------------------------------------------
RULE = "internal.kpi.weighting.rule"
RLINE = "internal.kpi.weighting.rule.line"
RW = "internal.kpi.relation.weight"
for label, vals in (
    (
        "reweigh",
        {
            "line_ids": [
                (1, I("rule_line_ici"), {"weight": 50}),
                (1, I("rule_line_obj"), {"weight": 50}),
            ]
        },
    ),
    ("drop-line", {"line_ids": [(2, I("rule_line_obj"))]}),
    ("fallback", {"fallback": "neutral"}),
    (
        "relation-weights",
        {"relation_weight_ids": [(1, I("rw_functional"), {"weight": 10})]},
    ),
    (
        "add-relation-weight",
        {"relation_weight_ids": [(0, 0, {"relation_type": "project", "weight": 5})]},
    ),
    ("use-confidence", {"use_confidence": True}),
    ("confidence-strength", {"confidence_strength": 9}),
    ("confidence-prior", {"confidence_prior": "department"}),
    ("use-calibrated", {"use_calibrated": True}),
):
    writes(f"rule-in-use-{label}", HR3, RULE, "rule_used", vals, forge=True)
writes(
    "rule-line-direct-write", HR3, RLINE, "rule_line_obj", {"weight": 50}, forge=True
)
creates(
    "rule-line-direct-create",
    HR3,
    RLINE,
    {"rule_id": I("rule_used"), "kpi_id": I("kpi_free"), "weight": 1},
    forge=True,
)
unlinks("rule-line-direct-unlink", HR3, RLINE, "rule_line_obj", forge=True)
writes(
    "rule-relation-weight-direct-write",
    HR3,
    RW,
    "rw_functional",
    {"weight": 1},
    forge=True,
)
creates(
    "rule-relation-weight-direct-create",
    HR3,
    RW,
    {"rule_id": I("rule_used"), "relation_type": "project", "weight": 1},
    forge=True,
)
unlinks("rule-relation-weight-direct-unlink", HR3, RW, "rw_functional", forge=True)
# A dedicated rule (used by one scorecard only): if the attack succeeds, the
# other attacks still aim at an intact world
unlinks(
    "rule-in-use-unlink",
    ("hr",),
    RULE,
    "rule_doomed",
)
writes(
    "cycle-link-other-company-campaign",
    ("other_hr",),
    CYCLE,
    "k_b",
    {"campaign_ids": [(6, 0, [I("c_b"), I("c_pub")])]},
)
creates(
    "rule-weights-not-100",
    ("hr",),
    RULE,
    {"name": "broken", "line_ids": [(0, 0, {"kpi_id": I("kpi_obj"), "weight": 40})]},
)
raw_creates(
    "rule-line-weight-nan",
    ("hr",),
    RULE,
    {"name": "nan rule", "line_ids": [[0, 0, {"kpi_id": I("kpi_obj"), "weight": NAN}]]},
)
raw_writes(
    "rule-confidence-strength-inf",
    ("hr",),
    RULE,
    "rule_free",
    {"confidence_strength": INF},
)
raw_writes(
    "rule-line-target-nan",
    ("hr",),
    RULE,
    "rule_free",
    {"line_ids": [[0, 0, {"kpi_id": I("kpi_ici"), "weight": 1, "target": NAN}]]},
)
writes(
    "rule-non-hr", ("manager", "teamlead", "employee"), RULE, "rule_used", {"name": "x"}
)
writes("rule-other-company", ("other_hr",), RULE, "rule_used", {"name": "x"})
KPI = "internal.kpi.definition"
for field, value in (
    ("direction", "lower"),
    ("max_achievement", 200),
    ("kind", "internal_customer"),
    ("dimension_id", 1),
):
    writes(f"kpi-in-use-{field}", HR3, KPI, "kpi_obj", {field: value})
for field, value in (("target", NAN), ("max_achievement", INF), ("target", NINF)):
    raw_writes(
        f"kpi-{field}-{value.strip('_')}", ("hr",), KPI, "kpi_free", {field: value}
    )
unlinks("kpi-in-use-unlink", HR3, KPI, "kpi_obj")
unlinks(
    "band-of-a-closed-scorecard-unlink",
    ("hr",),
    "internal.kpi.band",
    "band_raf",
)
unlinks("dimension-in-use-unlink", ("hradmin", "admin"), DIM, "dim_1")
creates(
    "improvement-on-a-colleagues-result",
    ("employee",),
    IMP,
    {"name": "x", "result_id": I("res_rita"), "campaign_id": I("c_pub")},
)
reads("result-unpublished-read-by-ratee", ("ratee",), RES, "res_rita_closed", ["mean"])
writes("kpi-non-hr", ("employee", "teamlead", "manager"), KPI, "kpi_obj", {"target": 1})


def _cases():
    cases = []
    for item in ATTACKS:
        for role in item.roles:
            marks = (
                [
                    pytest.mark.xfail(
                        strict=True, raises=AssertionError, reason=item.xfail
                    )
                ]
                if item.xfail
                else []
            )
            cases.append(
                pytest.param(item, role, False, id=f"{item.name}[{role}]", marks=marks)
            )
            if item.forge:
                cases.append(
                    pytest.param(
                        item, role, True, id=f"{item.name}[{role}-forged]", marks=marks
                    )
                )
    return cases


@pytest.mark.parametrize(("item", "role", "forged"), _cases())
def test_attack(world, item, role, forged):
    """The attack is refused with a clean error, and nothing changes."""
    session = world.session(role)
    before = world.db.snapshot()
    refused = None
    try:
        item.run(world, session, dict(FORGED) if forged else None, role)
    except RpcError as error:
        refused = f"{error_name(error)}: {error_message(error)[:300]}"
        clean = error_name(error) in item.errors
    changes = diff(before, world.db.snapshot())
    assert not changes, f"the database changed ({refused or 'accepted'}):\n{changes}"
    if item.expect == "refused":
        assert refused, "the attack was accepted (though it changed nothing)"
    if refused:
        assert clean, f"refused, but not with a clean error: {refused}"


# ----------------------------------------------------------------------------
# Positive controls: the legitimate path works (the suite does not pass by
# refusing everything)
# ----------------------------------------------------------------------------
def test_legit_rater_submits_their_own_request(world):
    rating = answer(world, world["c_open"], "rae", "rita", 4, "Rae, on the open one")
    state, submitted = world.db.one(
        "SELECT state, submit_date FROM internal_customer_rating WHERE id = %s", rating
    )
    assert (state, bool(submitted)) == ("submitted", True)
    scores = world.db.all(
        "SELECT DISTINCT score FROM internal_customer_rating_line WHERE rating_id = %s",
        rating,
    )
    assert scores == [(4,)]


def test_legit_team_lead_approves_a_reports_relation(world):
    world.login("tom")(REL, "action_approve", [world["rel_positive"]])
    assert (
        world.db.value(
            "SELECT state FROM internal_customer_relation WHERE id = %s",
            world["rel_positive"],
        )
        == "approved"
    )


def test_legit_team_lead_fills_and_submits_a_reports_scorecard(world):
    tom = world.login("tom")
    tom(CLINE, "write", [world["card_ray_obj"]], {"actual": 75})
    tom(
        CARD,
        "write",
        [world["card_ray"]],
        {"adjustment": 2, "adjustment_reason": "Mentored the newcomers"},
    )
    tom(CARD, "action_submit", [world["card_ray"]])
    state, adjustment, final, base = world.db.one(
        "SELECT state, adjustment, final_score, base_score"
        "  FROM internal_kpi_scorecard WHERE id = %s",
        world["card_ray"],
    )
    assert (state, adjustment) == ("submitted", 2)
    assert final == pytest.approx(base + 2)


def test_legit_employee_acknowledges_their_scorecard(world):
    rex = world.login("rex")
    rex(CARD, "write", [world["card_rex"]], {"employee_comment": "Agreed"})
    rex(CARD, "action_acknowledge", [world["card_rex"]])
    assert world.db.one(
        "SELECT acknowledged, employee_comment FROM internal_kpi_scorecard"
        " WHERE id = %s",
        world["card_rex"],
    ) == (True, "Agreed")


def test_legit_ratee_answers_her_feedback(world):
    world.login("rita")(RES, "write", [world["res_rita"]], {"response": "Thanks!"})
    assert (
        world.db.value(
            "SELECT response FROM internal_customer_result WHERE id = %s",
            world["res_rita"],
        )
        == "Thanks!"
    )


def test_legit_hr_edits_a_rule_nobody_uses_yet(world):
    hugo = world.login("hugo")
    hugo(RULE, "write", [world["rule_free"]], {"fallback": "neutral"})
    assert (
        world.db.value(
            "SELECT fallback FROM internal_kpi_weighting_rule WHERE id = %s",
            world["rule_free"],
        )
        == "neutral"
    )


# ----------------------------------------------------------------------------
# Participation: can anyone tell who has answered?
# ----------------------------------------------------------------------------
def _own_ratings(world, role):
    if role in ("admin", "portal"):
        employee = world["admin_employee"] if role == "admin" else None
    else:
        employee = world.role_employee(role)
    return {
        row[0]
        for row in world.db.all(
            "SELECT id FROM internal_customer_rating WHERE rater_id = %s", employee
        )
    }


def _or_nothing(run):
    """What a search returns, or nothing when the model is refused outright."""
    try:
        return run()
    except RpcError as error:
        assert error_name(error) == "odoo.exceptions.AccessError", error
        return None


@pytest.mark.parametrize("role", ROLES)
def test_ratings_are_found_by_their_rater_only(world, role):
    session, own = world.session(role), _own_ratings(world, role)
    assert world.db.value("SELECT count(*) FROM internal_customer_rating") > len(own)
    found = _or_nothing(lambda: session(RATING, "search", []))
    assert set(found or []) <= own
    for state in ("pending", "submitted", "declined", "expired", "draft", "held"):
        count = _or_nothing(
            lambda state=state: session(RATING, "search_count", [("state", "=", state)])
        )
        mine = world.db.value(
            "SELECT count(*) FROM internal_customer_rating"
            " WHERE id = ANY(%s) AND state = %s",
            list(own),
            state,
        )
        assert (count or 0) == mine, state
    groups = _or_nothing(
        lambda: session(
            RATING,
            "read_group",
            [],
            fields=["state"],
            groupby=["campaign_id", "rater_id", "ratee_id", "state"],
            lazy=False,
        )
    )
    assert sum(g["__count"] for g in groups or []) == len(own)
    lines = _or_nothing(
        lambda: session(LINE, "search_read", [], fields=["rating_id", "score"])
    )
    assert {line["rating_id"][0] for line in lines or []} <= own
    # The campaigns' one2many, read or searched through
    linked = _or_nothing(
        lambda: session(
            CAMP, "read", [world["c_pub"], world["c_open"]], ["request_ids"]
        )
    )
    assert {i for row in linked or [] for i in row["request_ids"]} <= own
    emma = world.emp("emma")
    hits = _or_nothing(
        lambda: session(
            CAMP,
            "search",
            [
                ("request_ids.rater_id", "=", emma),
                ("request_ids.state", "=", "submitted"),
            ],
        )
    )
    if role != "employee":
        assert not hits


@pytest.mark.parametrize("role", ROLES)
def test_todos_sit_on_their_raters_own_requests(world, role):
    assert (
        world.db.value(
            "SELECT count(DISTINCT user_id) FROM mail_activity"
            " WHERE res_model = 'internal.customer.rating'"
        )
        >= 2
    ), "the invitations left to-dos for several raters"
    session = world.session(role)
    uid = session.uid
    todos = _or_nothing(
        lambda: session(
            "mail.activity",
            "search_read",
            [("res_model", "=", RATING)],
            fields=["res_id", "user_id"],
        )
    )
    assert all(todo["user_id"][0] == uid for todo in todos or [])
    groups = _or_nothing(
        lambda: session(
            "mail.activity",
            "read_group",
            [("res_model", "=", RATING)],
            fields=["user_id"],
            groupby=["user_id"],
        )
    )
    assert all(g["user_id"][0] == uid for g in groups or [])
    # The raters' user records carry no trace of their to-dos
    raters = [world.people[k]["uid"] for k in ("emma", "raf", "rae")]
    users = _or_nothing(
        lambda: session(
            "res.users",
            "read",
            raters,
            ["activity_ids", "activity_state", "activity_user_id", "activity_type_id"],
        )
    )
    for user in users or []:
        if user["id"] != uid:
            assert not user["activity_ids"] and not user["activity_state"], user
    for model in ("mail.followers", "mail.message"):
        field = "res_model" if model == "mail.followers" else "model"
        found = _or_nothing(
            lambda m=model, f=field: session(m, "search", [(f, "=", RATING)])
        )
        assert not found or role == "employee", model


def test_nobody_follows_a_rating_and_nothing_is_posted_on_one(world):
    assert not world.db.value(
        "SELECT count(*) FROM mail_followers WHERE res_model = %s", RATING
    )
    assert not world.db.value(
        "SELECT count(*) FROM mail_message WHERE model = %s", RATING
    )


def test_invitations_are_attached_to_no_record(world):
    rows = world.db.all(
        """SELECT m.model, m.res_id FROM mail_mail x
             JOIN mail_message m ON m.id = x.mail_message_id
            WHERE m.subject LIKE 'Rate the colleagues who serve you%%'
              AND m.subject LIKE %s""",
        f"%{world.tag}%",
    )
    assert rows, "the invitation cron sent mails"
    assert all(not model and not res_id for model, res_id in rows)


def test_a_rater_posting_on_their_request_does_not_become_visible(world):
    emma, hugo = world.login("emma"), world.login("hugo")
    before = world.db.value("SELECT max(id) FROM mail_message")
    try:
        # As the web client's chatter posts: a comment, which subscribes its author
        emma(
            RATING,
            "message_post",
            [world["rt_pending"]],
            body="a question",
            message_type="comment",
        )
        seen = hugo("mail.followers", "search_read", [("res_model", "=", RATING)])
        assert not seen, f"every employee sees who follows which request: {seen}"
    finally:
        world.db.all("DELETE FROM mail_followers WHERE res_model = %s", RATING)
        world.db.all(
            "DELETE FROM mail_message WHERE model = %s AND id > %s", RATING, before
        )


class SmtpSink:
    """A minimal SMTP server on 127.0.0.1 that keeps the recipients it is given."""

    def __init__(self):
        self.recipients = []
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                conn, _addr = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._talk, args=(conn,), daemon=True).start()

    def _talk(self, conn):
        with conn, conn.makefile("rb") as lines:
            conn.sendall(b"220 sink\r\n")
            data = False
            for raw in lines:
                line = raw.decode(errors="replace").rstrip("\r\n")
                if data:
                    if line == ".":
                        data = False
                        conn.sendall(b"250 ok\r\n")
                    continue
                verb = line[:4].upper()
                if verb == "RCPT":
                    self.recipients.append(line.split(":", 1)[1].strip(" <>"))
                if verb == "DATA":
                    data = True
                    conn.sendall(b"354 go\r\n")
                elif verb == "QUIT":
                    conn.sendall(b"221 bye\r\n")
                    return
                elif verb == "EHLO":
                    conn.sendall(b"250 sink\r\n")
                else:
                    conn.sendall(b"250 ok\r\n")

    def close(self):
        self.sock.close()


def test_reminders_do_not_tell_who_has_answered(world):
    """Raf answered c_remind, Emma and Rae did not. The admin runs the daily
    cron (as any administrator can), then reads the outgoing mail queue and
    every message: nothing says who was reminded. A real mail server (a sink
    on 127.0.0.1) receives the reminders, so the test can see they were sent."""
    sink = SmtpSink()
    company = world.admin("res.users", "read", [world.admin.uid], ["company_id"])[0][
        "company_id"
    ][0]
    email = world.admin("res.company", "read", [company], ["email"])[0]["email"]
    world.admin("res.company", "write", [company], {"email": "hr@atk.test"})
    server = world.admin(
        "ir.mail_server",
        "create",
        {"name": f"sink {world.tag}", "smtp_host": "127.0.0.1", "smtp_port": sink.port},
    )
    try:
        world.admin(
            "ir.cron",
            "method_direct_trigger",
            [world.ref("internal_customer.ir_cron_process_deadlines")],
        )
    finally:
        world.admin("ir.mail_server", "unlink", [server])
        world.admin("res.company", "write", [company], {"email": email})
        sink.close()
    # Sent to those who have not answered, and only to them
    reminded = set(sink.recipients)
    assert f"emma_{world.tag}@atk.test" in reminded
    assert f"rae_{world.tag}@atk.test" in reminded
    assert f"raf_{world.tag}@atk.test" not in reminded
    # ... and nothing in the database says so
    name = f"c_remind {world.tag}"
    assert not world.db.value(
        "SELECT count(*) FROM mail_mail x JOIN mail_message m"
        "    ON m.id = x.mail_message_id"
        " WHERE m.subject LIKE 'Reminder%%' AND x.body_html LIKE %s",
        f"%{name}%",
    )
    for role in ("hr", "hradmin", "admin"):
        for model in ("mail.mail", "mail.message"):
            rows = _or_nothing(
                lambda role=role, model=model: world.session(role)(
                    model,
                    "search_read",
                    [("body", "like", name)]
                    if model == "mail.message"
                    else [("body_html", "like", name)],
                    fields=["subject"],
                )
            )
            assert not [r for r in rows or [] if "Reminder" in (r["subject"] or "")]


@pytest.mark.parametrize("role", ROLES)
def test_counts_of_a_campaign_below_the_threshold_tell_nothing(world, role):
    """One request each, answered in one campaign and not in the other."""
    fields = [
        "request_count",
        "submitted_count",
        "pending_count",
        "declined_count",
        "expired_count",
        "response_rate",
    ]
    if role in HR3:
        fields.append("response_html")
    session = world.session(role)
    seen = []
    for key in ("c_small_ans_open", "c_small_none_open"):
        rows = _or_nothing(lambda key=key: session(CAMP, "read", [world[key]], fields))
        seen.append([{f: row[f] for f in fields} for row in rows or []])
    assert seen[0] == seen[1]


def test_going_back_to_draft_tells_nothing_about_a_lone_rater(world):
    """Both campaigns have one request (below the threshold: counts hidden).
    Emma answered one of them. 'Back to draft' must not tell which."""
    hugo = world.login("hugo")

    def outcome(key):
        try:
            hugo(CAMP, "action_reset_draft", [world[key]])
        except RpcError:
            return "refused"
        return "reset"

    answered, pending = outcome("c_small_ans_open"), outcome("c_small_none_open")
    assert answered == pending, (
        f"HR learns that the lone rater answered: reset {answered} when answered, "
        f"{pending} when not"
    )


def _result_shape(world, session, campaign, employee):
    rows = session(
        RES,
        "search_read",
        [("campaign_id", "=", campaign), ("employee_id", "=", employee)],
        fields=[
            "level",
            "dimension_id",
            "relation_type",
            "rater_count",
            "request_count",
            "response_rate",
            "mean",
            "index",
            "index_calibrated",
            "visible",
            "display_index",
        ],
    )
    return sorted(
        json.dumps({k: v for k, v in row.items() if k != "id"}, sort_keys=True)
        for row in rows
    )


@pytest.mark.parametrize("role", ("hr", "teamlead"))
def test_results_below_the_threshold_do_not_tell_who_answered(world, role):
    """Bob's only rater is Emma: she answered one closed campaign, not the
    other. Bob's results must look the same in both."""
    session, bob = world.session(role), world.emp("bob")
    answered = _result_shape(world, session, world["c_small_ans_closed"], bob)
    none = _result_shape(world, session, world["c_small_none_closed"], bob)
    assert answered, "the reader sees Bob's (hidden) results"
    assert answered == none, (
        f"{len(answered)} result rows when Emma answered, {len(none)} when not"
    )
    counts = [
        session(CAMP, "read", [world[key]], ["result_count"])[0]["result_count"]
        for key in ("c_small_ans_closed", "c_small_none_closed")
    ]
    assert counts[0] == counts[1], f"the campaigns' result counts differ: {counts}"


@pytest.mark.parametrize("role", ("hr", "teamlead"))
def test_roll_ups_do_not_reveal_a_hidden_group_by_subtraction(world, role):
    """Department D holds Rita (3 raters, shown) and Bob (1 request, hidden)."""
    session = world.session(role)
    rows = session(
        RES,
        "search_read",
        [
            ("campaign_id", "=", world["c_pub"]),
            ("dimension_id", "=", False),
            ("relation_type", "=", False),
        ],
        fields=[
            "level",
            "employee_id",
            "department_id",
            "request_count",
            "response_rate",
        ],
    )
    shown = [r for r in rows if r["level"] == "employee" and r["request_count"]]
    department = [
        r
        for r in rows
        if r["level"] == "department" and r["department_id"][0] == world["dept_D"]
    ]
    assert department, "the reader sees department D's roll-up"
    [dept] = department
    k = world.db.value(
        "SELECT min_raters FROM internal_customer_campaign WHERE id = %s",
        world["c_pub"],
    )
    if dept["request_count"] and dept["response_rate"] is not False:
        hidden_requests = dept["request_count"] - sum(
            r["request_count"]
            for r in shown
            if r["department_id"][0] == world["dept_D"]
        )
        answered = round(
            dept["request_count"] * dept["response_rate"] / 100
            - sum(
                r["request_count"] * r["response_rate"] / 100
                for r in shown
                if r["department_id"][0] == world["dept_D"]
            )
        )
        assert not 0 < hidden_requests < k, (
            f"department minus shown colleagues: {hidden_requests} hidden request(s), "
            f"{answered} of them answered"
        )


@pytest.mark.parametrize("role", NOT_RATER)
def test_errors_are_the_same_for_answered_and_pending_requests(world, role):
    """Refusing Emma's answered, pending and expired requests looks alike."""
    session = world.session(role)
    seen = {}
    for key in ("rt_pending", "rt_submitted", "rt_expired"):
        outcomes = []
        for method, args in (
            ("write", [{"comment_positive": "x"}]),
            ("action_submit", []),
            ("action_decline", []),
            ("read", [["state"]]),
        ):
            try:
                session(RATING, method, [world[key]], *args)
            except RpcError as error:
                text = re.sub(r"\d+", "N", error_message(error))
                outcomes.append((error_name(error), text))
            else:
                outcomes.append(("accepted", ""))
        seen[key] = outcomes
    assert seen["rt_pending"] == seen["rt_submitted"] == seen["rt_expired"]
    for name, text in seen["rt_pending"]:
        assert name == "odoo.exceptions.AccessError"
        for person in ("emma", "rita"):
            assert f"{person.title()} {world.tag}" not in text, (
                f"the error names {person}: {text}"
            )


# ----------------------------------------------------------------------------
# Timing, differencing, audit trail
# ----------------------------------------------------------------------------
@pytest.mark.parametrize("role", ("hr", "teamlead"))
def test_results_and_comments_carry_one_timestamp(world, role):
    session = world.session(role)
    for model in (RES, COMMENT):
        rows = session(
            model,
            "search_read",
            [("campaign_id", "=", world["c_pub"])],
            fields=["create_date", "create_uid"],
        )
        assert len(rows) > 3, model
        assert len({r["create_date"] for r in rows}) == 1, model
        assert len({r["create_uid"][0] for r in rows}) == 1, model
    comments = session(
        COMMENT,
        "search_read",
        [("campaign_id", "=", world["c_pub"]), ("redacted", "=", False)],
        fields=["write_date", "write_uid"],
    )
    assert len({(c["write_date"], c["write_uid"][0]) for c in comments}) == 1


def _figures(world, campaign):
    return sorted(
        world.db.all(
            """SELECT level, employee_id, department_id, dimension_id, relation_type,
                      rater_count, request_count, response_rate, mean, index,
                      index_calibrated, satisfaction_rate, top_box_rate, self_mean, self_gap,
                      visible, suppressed, previous_index, index_change
                 FROM internal_customer_result WHERE campaign_id = %s""",
            campaign,
        ),
        key=repr,
    )


def test_recomputing_after_a_dimension_weight_change_gives_the_same_figures(world):
    campaign = world["c_closed"]
    before = _figures(world, campaign)
    comments = world.db.all(
        "SELECT id, body FROM internal_customer_comment WHERE campaign_id = %s"
        " ORDER BY id",
        campaign,
    )
    hannah, hugo = world.login("hannah"), world.login("hugo")
    [dimension] = hannah(DIM, "read", [world["dims"][0]], ["weight"])
    # Lowering the threshold after closing is refused...
    with pytest.raises(RpcError):
        hugo(CAMP, "write", [campaign], {"min_raters": 2})
    try:
        # ... changing a dimension's weight is allowed (future campaigns)
        hannah(DIM, "write", [dimension["id"]], {"weight": dimension["weight"] * 7})
        hugo(CAMP, "action_compute_results", [campaign])
        hugo(CAMP, "action_compute_results", [campaign])
    finally:
        hannah(DIM, "write", [dimension["id"]], {"weight": dimension["weight"]})
    assert _figures(world, campaign) == before
    assert (
        world.db.all(
            "SELECT id, body FROM internal_customer_comment WHERE campaign_id = %s"
            " ORDER BY id",
            campaign,
        )
        == comments
    )


def test_a_client_cannot_silence_the_audit_trail(world):
    hugo, emma = world.login("hugo"), world.login("emma")
    quiet = {"tracking_disable": True, "mail_notrack": True, "mail_create_nolog": True}

    def tracked(model, res_id):
        return world.db.value(
            """SELECT count(*) FROM mail_tracking_value v
                 JOIN mail_message m ON m.id = v.mail_message_id
                WHERE m.model = %s AND m.res_id = %s""",
            model,
            res_id,
        )

    before = tracked(REL, world["rel_raf"])
    hugo(REL, "write", [world["rel_raf"]], {"weight": 2.5}, context=quiet)
    hugo(REL, "write", [world["rel_raf"]], {"weight": 1.0}, context=quiet)
    assert tracked(REL, world["rel_raf"]) == before + 2
    relation = emma(
        REL,
        "create",
        {"provider_id": world.emp("ray"), "customer_id": world.emp("emma")},
        context=quiet,
    )
    try:
        assert world.db.value(
            "SELECT count(*) FROM mail_message WHERE model = %s AND res_id = %s",
            REL,
            relation,
        ), "the creation is logged"
    finally:
        hugo(REL, "unlink", [relation])


def test_defaults_sent_by_a_client_do_not_set_protected_fields(world):
    hugo, emma, rita = world.login("hugo"), world.login("emma"), world.login("rita")
    made = []
    try:
        relation = emma(
            REL,
            "create",
            {"provider_id": world.emp("ray"), "customer_id": world.emp("emma")},
            context={"default_state": "approved", "default_origin": "org_chart"},
        )
        made.append((hugo, REL, relation))
        campaign = hugo(
            CAMP, "create", {"name": "defaults"}, context={"default_state": "closed"}
        )
        made.append((hugo, CAMP, campaign))
        action = rita(
            IMP, "create", {"name": "defaults"}, context={"default_state": "done"}
        )
        made.append((rita, IMP, action))
        assert world.db.one(
            "SELECT state, origin FROM internal_customer_relation WHERE id = %s",
            relation,
        ) == ("proposed", "manual")
        assert (
            world.db.value(
                "SELECT state FROM internal_customer_campaign WHERE id = %s", campaign
            )
            == "draft"
        )
        assert (
            world.db.value(
                "SELECT state FROM internal_customer_improvement WHERE id = %s", action
            )
            == "open"
        )
    finally:
        for session, model, record in made:
            session(model, "unlink", [record])


def test_an_employee_does_not_set_the_weight_of_her_proposal(world):
    """'Weight is HR's': an employee may not write it, nor create with it."""
    emma, hugo = world.login("emma"), world.login("hugo")
    relation = None
    try:
        relation = emma(
            REL,
            "create",
            {
                "provider_id": world.emp("ray"),
                "customer_id": world.emp("emma"),
                "weight": 50,
            },
        )
    except RpcError as error:
        assert error_name(error) in CLEAN
    try:
        if relation:
            weight = world.db.value(
                "SELECT weight FROM internal_customer_relation WHERE id = %s",
                relation,
            )
            assert weight == 1.0, f"the employee's proposal weighs {weight}"
    finally:
        if relation:
            hugo(REL, "unlink", [relation])


def test_an_employee_does_not_pick_her_own_manager(world):
    """With Odoo's 'Employee Editing' setting on, an employee edits her own
    profile, manager field included. The org chart decides who fills her
    scorecard and reads her unpublished results: she must not choose them."""
    admin, rita_uid, emma = (
        world.admin,
        world.people["rita"]["uid"],
        world.login("emma"),
    )

    def emma_reads():
        results = emma(
            RES,
            "search_read",
            [
                ("campaign_id", "=", world["c_closed"]),
                ("employee_id", "=", world.emp("rita")),
            ],
            fields=["mean"],
        )
        cards = emma(
            CARD,
            "search_read",
            [("id", "=", world["card_rita"])],
            fields=["final_score"],
        )
        return results, cards

    assert emma_reads() == ([], []), "Emma reads nothing of Rita's to start with"
    param = "hr.hr_employee_self_edit"
    admin("ir.config_parameter", "set_param", param, "True")
    try:
        try:
            world.login("rita")(
                "res.users",
                "write",
                [rita_uid],
                {"employee_parent_id": world.emp("emma")},
            )
        except RpcError as error:
            assert error_name(error) in CLEAN
        results, cards = emma_reads()
        assert not results and not cards, (
            f"Rita made Emma her manager: Emma reads Rita's unpublished results "
            f"{results} and her scorecard {cards}"
        )
    finally:
        admin("ir.config_parameter", "set_param", param, False)
        admin(
            "hr.employee", "write", [world.emp("rita")], {"parent_id": world.emp("tom")}
        )


HEATMAP = "internal.customer.heatmap"


def _headed(world, user):
    """The departments this user heads (manager_id), read in the database."""
    return {
        row[0]
        for row in world.db.all(
            "SELECT d.id FROM hr_department d JOIN hr_employee e ON e.id = d.manager_id"
            " WHERE e.user_id = %s",
            user,
        )
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("forged", [False, True], ids=["plain", "forged-context"])
def test_the_heat_map_shows_each_role_its_rows_only(world, role, forged):
    """Over JSON-RPC, with or without every context key a client might try:
    an employee gets no row, a department head the departments they head, HR
    of another company none of this company's campaigns; nobody a cell under
    the threshold."""
    session = world.session(role)
    ctx = dict(FORGED) if forged else None
    user = world.db.value(
        "SELECT u.id FROM res_users u JOIN res_partner p ON p.id = u.partner_id"
        " WHERE u.login = %s",
        "admin" if role == "admin" else world.people[ROLE_PEOPLE[role]]["login"],
    )
    heads = _headed(world, user)
    for campaign in ("c_closed", "c_pub", "c_small_ans_closed"):
        try:
            data = call(session, HEATMAP, "get_heatmap", world[campaign], ctx=ctx)
        except RpcError as error:
            assert role == "portal", error
            assert error_name(error) == "odoo.exceptions.AccessError", error
            continue
        ours = data["campaign_id"] == world[campaign]
        if role == "other_hr":
            assert world[campaign] not in [c["id"] for c in data["campaigns"]]
            continue
        if role in ("employee", "ratee", "report", "portal") or not ours:
            assert not data["rows"], (role, data)
            continue
        if campaign == "c_closed" and role in (*HR3, "teamlead"):
            # Tom heads Support, which Emma and others rated: there is a map
            assert data["rows"], (role, data)
        if role not in HR3:
            assert {row["id"] for row in data["rows"]} <= heads, (role, data["rows"])
        k = world.db.value(
            "SELECT min_raters FROM internal_customer_campaign WHERE id = %s",
            world[campaign],
        )
        for row in data["rows"]:
            for cell in row["cells"]:
                if cell and cell["raters"] is not None:
                    assert cell["raters"] >= k, (campaign, row, cell)


# ----------------------------------------------------------------------------
# My Feedback and My Team: one's own results, one's org chart's
# ----------------------------------------------------------------------------
BELOW_SQL = """
    WITH RECURSIVE mine AS (
        SELECT id FROM hr_employee WHERE user_id = %s
    ), headed AS (
        SELECT d.id FROM hr_department d JOIN mine ON mine.id = d.manager_id
        UNION
        SELECT d.id FROM hr_department d JOIN headed h ON d.parent_id = h.id
    ), below AS (
        SELECT e.id FROM hr_employee e JOIN mine ON e.parent_id = mine.id
        UNION
        SELECT e.id FROM hr_employee e JOIN headed h ON e.department_id = h.id
        UNION
        SELECT e.id FROM hr_employee e JOIN below b ON e.parent_id = b.id
    )
    SELECT id FROM below WHERE id NOT IN (SELECT id FROM mine)
"""


def _uid(world, role):
    return world.db.value(
        "SELECT id FROM res_users WHERE login = %s",
        "admin" if role == "admin" else world.people[ROLE_PEOPLE[role]]["login"],
    )


def _screen(session, role, model, method, campaign_id, ctx):
    """A screen's data, or None for the portal user (refused)."""
    try:
        return call(session, model, method, campaign_id=campaign_id, ctx=ctx)
    except RpcError as error:
        assert role == "portal", error
        assert error_name(error) == "odoo.exceptions.AccessError", error
        return None


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("forged", [False, True], ids=["plain", "forged-context"])
def test_my_feedback_gives_each_their_own_published_results_only(world, role, forged):
    """Over JSON-RPC, asking for any campaign with any context: the page's
    figures are the caller's own published result, and the campaigns listed
    are published ones the caller was rated in."""
    session = world.session(role)
    ctx = dict(FORGED) if forged else None
    user = _uid(world, role)
    for campaign in ("c_closed", "c_pub", "c_small_ans_closed"):
        data = _screen(
            session,
            role,
            "internal.customer.feedback",
            "get_my_feedback",
            world[campaign],
            ctx,
        )
        if data is None:
            continue
        for listed in data["campaigns"]:
            state = world.db.value(
                "SELECT state FROM internal_customer_campaign WHERE id = %s",
                listed["id"],
            )
            assert state == "published", (role, listed)
        if data.get("result_id"):
            owner = world.db.value(
                "SELECT e.user_id FROM internal_customer_result r"
                " JOIN hr_employee e ON e.id = r.employee_id WHERE r.id = %s",
                data["result_id"],
            )
            assert owner == user, (role, data)
        if role == "ratee" and campaign == "c_pub":
            assert data["campaign_id"] == world["c_pub"], data
            assert data["index"] is not None, data


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("forged", [False, True], ids=["plain", "forged-context"])
def test_the_team_view_shows_the_org_chart_below_the_caller_only(world, role, forged):
    """Over JSON-RPC: every row is a colleague below the caller in the org
    chart (reports, or people of a department they head), never the caller,
    never anybody else, HR included; a hidden result carries no figure."""
    session = world.session(role)
    ctx = dict(FORGED) if forged else None
    user = _uid(world, role)
    below = {row[0] for row in world.db.all(BELOW_SQL, user)}
    for campaign in ("c_closed", "c_pub", "c_small_ans_closed"):
        data = _screen(
            session, role, "internal.customer.team", "get_team", world[campaign], ctx
        )
        if data is None:
            continue
        for row in data["rows"]:
            assert row["employee_id"] in below, (role, row)
            visible = world.db.value(
                "SELECT visible FROM internal_customer_result WHERE id = %s",
                row["result_id"],
            )
            if not visible:
                assert row["index"] is None and row["raters"] is None, row
        if role == "teamlead" and campaign == "c_pub":
            assert data["rows"], data


CAMPAIGN = "internal.customer.campaign"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("forged", [False, True], ids=["plain", "forged-context"])
def test_the_campaign_dashboard_and_its_reminder_are_hr_only(world, role, forged):
    """Over JSON-RPC: only HR of the campaign's company reads the response
    dashboard or sends the next reminder; the dashboard holds counts only,
    never a group of fewer requests than the threshold. The reminder leaves
    nothing in the database that names a rater."""
    session = world.session(role)
    ctx = dict(FORGED) if forged else None
    campaign = world["c_open"]
    try:
        data = call(session, CAMPAIGN, "get_dashboard", campaign_id=campaign, ctx=ctx)
    except RpcError as error:
        assert role not in HR3, error
        assert error_name(error) == "odoo.exceptions.AccessError", error
    else:
        assert role in (*HR3, "other_hr"), (role, data)
        if role == "other_hr":
            assert campaign not in [c["id"] for c in data["campaigns"]], data
        else:
            k = world.db.value(
                "SELECT min_raters FROM internal_customer_campaign WHERE id = %s",
                campaign,
            )
            for group in data["groups"]:
                assert group["requests"] >= k, group
                assert set(group) == {
                    "key",
                    "name",
                    "requests",
                    "answered",
                    "rate",
                    "daily",
                }, group
    before = world.db.value("SELECT count(*) FROM mail_mail")
    try:
        call(session, CAMPAIGN, "action_send_reminders", [campaign], ctx=ctx)
    except RpcError as error:
        assert role not in HR3, error
        assert error_name(error) in (
            "odoo.exceptions.AccessError",
            "odoo.exceptions.UserError",
        ), error
    else:
        assert role in HR3, role
    # Reminders go straight to the mail server: no stored mail names a rater
    assert world.db.value("SELECT count(*) FROM mail_mail") == before


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("forged", [False, True], ids=["plain", "forged-context"])
def test_a_heat_map_pair_opens_for_its_readers_only(world, role, forged):
    """Over JSON-RPC: a pair's figures in every view go to HR and to the head
    of the provider department, the same figures as the map's; anybody else
    asking for any pair of the company's departments is refused."""
    session = world.session(role)
    ctx = dict(FORGED) if forged else None
    campaign = world["c_closed"]
    hr_map = call(world.admin, HEATMAP, "get_heatmap", campaign)
    pairs = [
        (row["id"], cell["customer"], cell)
        for row in hr_map["rows"]
        for cell in row["cells"]
        if cell
    ]
    assert pairs
    user = _uid(world, role)
    heads = _headed(world, user)
    for provider, customer, cell in pairs:
        try:
            data = call(
                session, HEATMAP, "get_pair", campaign, provider, customer, ctx=ctx
            )
        except RpcError as error:
            assert role not in HR3 and provider not in heads, (role, error)
            assert error_name(error) == "odoo.exceptions.AccessError", error
            continue
        assert role in HR3 or provider in heads, (role, provider)
        overall = next(view for view in data["views"] if view["key"] == "all")
        assert (overall["index"], overall["raters"]) == (cell["index"], cell["raters"])
