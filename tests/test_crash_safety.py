# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Crash safety: SIGKILL the server in the middle of the long actions.

A real multi-worker server over JSON-RPC and a company large enough that
each action takes seconds (2,500 employees, ~12,500 relations). For each of
launching a campaign, closing one with submitted ratings and starting an
appraisal cycle: the action runs in a background thread, the whole server
process group is killed with SIGKILL while the action's statements run,
the server restarts; nothing is half done (the state is unchanged and no row
of the action is left), running the action again gives exactly what an
uninterrupted run gives on a copy of the same database (``createdb -T``).
Then two HR officers press Launch (and Close) on the same campaign at the
same moment: one wins, the other gets a UserError saying why, and nothing is
duplicated.
"""

import os
import threading
import time
from decimal import Decimal

import pytest
import requests

from . import server
from .conftest import RpcError
from .server import DATASETS

EMPLOYEES = 2500
WORKERS = 2
ADMIN = ("admin", "admin")
# Columns that differ between two identical runs: ids, audit, timestamps
VOLATILE = {"id", "create_uid", "create_date", "write_uid", "write_date"}


class Company:
    """The databases of the test, the server and what the jobs returned."""

    def __init__(self, odoo, dbs, facts):
        self.odoo, self.dbs, self.facts = odoo, dbs, facts
        self.campaign = facts["campaign"]
        self.cycle = facts["cycle"]
        self.seconds = {}
        self._references = {}

    def rpc(self, db, user=ADMIN):
        return self.odoo.rpc(self.dbs[db]).login(*user)

    def warm(self, db, user=ADMIN):
        """Every worker loads the database's registry (a few seconds, once)."""
        session = self.rpc(db, user)
        threads = [
            threading.Thread(target=session, args=("res.users", "search_count", []))
            for _ in range(WORKERS)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return session

    def reference(self, action):
        """The action run without interruption on its own copy, and its outcome."""
        if action not in self._references:
            model, method, record_id, outcome = ACTIONS[action](self)
            db = f"{action}_ref"
            session = self.warm(db)
            started = time.time()
            session(model, method, [record_id])
            self.seconds[action] = time.time() - started
            self._references[action] = outcome(self.dbs[db], record_id)
        return self._references[action]


@pytest.fixture(scope="module")
def company(installed_template, tmp_path_factory):
    pid = os.getpid()
    templates = {
        name: f"ic360_conc_crashtpl_{pid}_{name}"
        for name in ("draft", "open", "closed")
    }
    # The server serves only the copies (the templates stay free for createdb -T)
    copies = {
        name: f"ic360_conc_crash_{pid}_{name}"
        for name in (
            "launch_ref",
            "launch_kill",
            "launch_race",
            "close_ref",
            "close_kill",
            "close_race",
            "start_ref",
            "start_kill",
            "bglaunch_ref",
            "bglaunch_kill",
        )
    }
    odoo = server.OdooServer(
        f"^ic360_conc_crash_{pid}_",
        tmp_path_factory.mktemp("crash") / "odoo.log",
        workers=WORKERS,
    )
    try:
        started = time.time()
        draft = templates["draft"]
        server.copy_db(installed_template, draft)
        facts = server.run_job(draft, DATASETS, "crash_company", employees=EMPLOYEES)
        campaign = facts["campaign"]
        # A launched campaign with 70 % of its requests answered
        server.copy_db(draft, templates["open"])
        server.run_job(templates["open"], DATASETS, "launch", campaign_id=campaign)
        facts.update(
            server.run_job(
                templates["open"], DATASETS, "answer_most", campaign_id=campaign
            )
        )
        # That campaign closed, and a draft appraisal cycle fed by it
        server.copy_db(templates["open"], templates["closed"])
        server.run_job(templates["closed"], DATASETS, "close", campaign_id=campaign)
        facts["cycle"] = server.run_job(
            templates["closed"], DATASETS, "draft_cycle", campaign_id=campaign
        )
        for name, db in copies.items():
            source = {
                "launch": "draft",
                "close": "open",
                "start": "closed",
                "bglaunch": "draft",
            }
            server.copy_db(templates[source[name.split("_")[0]]], db)
        for db in (copies["bglaunch_ref"], copies["bglaunch_kill"]):
            # Every launch of these copies runs in the background, cron batches
            server.query(
                db,
                "UPDATE ir_config_parameter SET value = '1'"
                " WHERE key = 'internal_customer.background_from'",
            )
        facts["setup_seconds"] = time.time() - started
        odoo.start()
        yield Company(odoo, copies, facts)
    finally:
        odoo.stop()
        for db in (*copies.values(), *templates.values()):
            server.drop_db(db)


# ----------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------
def _columns(db, table):
    rows = server.query(
        db,
        "SELECT column_name, data_type FROM information_schema.columns"
        " WHERE table_name = %s",
        (table,),
    )
    return sorted(
        name
        for name, kind in rows
        if name not in VOLATILE and not kind.startswith("timestamp")
    )


def _normal(value):
    if isinstance(value, float | Decimal):
        return round(float(value), 6)
    return value


def rows(db, table, where, params, join="", key=(), exclude=()):
    """Every row of ``table`` matching ``where``, without ids, audit columns or
    timestamps: what two identical runs must have in common. ``key`` names
    columns of the joined tables that stand for the foreign keys excluded."""
    columns = [c for c in _columns(db, table) if c not in exclude]
    select = ", ".join([*key, *(f"t.{c}" for c in columns)])
    found = server.query(
        db, f"SELECT {select} FROM {table} t {join} WHERE {where}", params
    )
    return sorted((tuple(_normal(v) for v in row) for row in found), key=repr)


def launch_outcome(db, campaign):
    rating_join = "JOIN internal_customer_rating r ON r.id = t.rating_id"
    return {
        "campaign": rows(db, "internal_customer_campaign", "t.id = %s", (campaign,)),
        "ratings": rows(
            db, "internal_customer_rating", "t.campaign_id = %s", (campaign,)
        ),
        "lines": rows(
            db,
            "internal_customer_rating_line",
            "r.campaign_id = %s",
            (campaign,),
            join=rating_join,
            key=("r.relation_id", "r.rater_id", "r.is_self"),
            exclude=("rating_id",),
        ),
        "messages": _messages(db, "internal.customer.campaign", campaign),
    }


def close_outcome(db, campaign):
    return {
        "campaign": rows(db, "internal_customer_campaign", "t.id = %s", (campaign,)),
        "ratings": rows(
            db, "internal_customer_rating", "t.campaign_id = %s", (campaign,)
        ),
        "results": rows(
            db, "internal_customer_result", "t.campaign_id = %s", (campaign,)
        ),
        # Comments come in a random order (sort_key): compare them as a set
        "comments": rows(
            db,
            "internal_customer_comment",
            "t.campaign_id = %s",
            (campaign,),
            exclude=("sort_key",),
        ),
        "activities": _activities(db, campaign),
        "messages": _messages(db, "internal.customer.campaign", campaign),
    }


def start_outcome(db, cycle):
    card_join = "JOIN internal_kpi_scorecard s ON s.id = t.scorecard_id"
    return {
        "cycle": rows(db, "internal_kpi_cycle", "t.id = %s", (cycle,)),
        "scorecards": rows(db, "internal_kpi_scorecard", "t.cycle_id = %s", (cycle,)),
        "lines": rows(
            db,
            "internal_kpi_scorecard_line",
            "s.cycle_id = %s",
            (cycle,),
            join=card_join,
            key=("s.employee_id",),
            exclude=("scorecard_id",),
        ),
        "messages": _messages(db, "internal.kpi.cycle", cycle),
    }


def _messages(db, model, res_id):
    """The record's chatter: bodies and tracked changes, in order."""
    return server.query(
        db,
        "SELECT m.message_type, m.body::text,"
        "       (SELECT string_agg(concat(v.old_value_char, '>', v.new_value_char), ',')"
        "          FROM mail_tracking_value v WHERE v.mail_message_id = m.id)"
        "  FROM mail_message m WHERE m.model = %s AND m.res_id = %s ORDER BY m.id",
        (model, res_id),
    )


def _activities(db, campaign):
    return server.query(
        db,
        "SELECT user_id, count(*) FROM mail_activity"
        " WHERE res_model = 'internal.customer.campaign' AND res_id = %s"
        " GROUP BY user_id ORDER BY user_id",
        (campaign,),
    )


def kill_during(company, db, model, method, record_id, marker):
    """Run the action in a thread; SIGKILL the server while the action's
    transaction, having written already, runs a statement containing
    ``marker``; then restart the server."""
    name = company.dbs[db]
    session = company.warm(db)
    outcome = {}

    def call():
        try:
            outcome["result"] = session(model, method, [record_id])
        except (requests.RequestException, RpcError) as error:  # the kill cuts it
            outcome["error"] = error

    thread = threading.Thread(target=call, daemon=True)
    thread.start()
    seen = []
    deadline = time.time() + 120
    while thread.is_alive() and time.time() < deadline and not seen:
        seen = [q for q in server.writing_queries(name) if marker in q]
        if not seen:
            time.sleep(0.01)
    assert seen and thread.is_alive(), (
        f"{method} was not caught running ({marker}): {outcome}"
    )
    company.odoo.kill()
    thread.join(timeout=60)
    assert "result" not in outcome, f"{method} answered although killed"
    # The dead server's PostgreSQL sessions end (rolled back) once they notice
    server.wait_no_sessions(name)
    company.odoo.start()
    return seen[0]


def race(company, db, model, method, record_id):
    """Two HR officers press the same button at the same moment."""
    officers = company.facts["officers"]
    password = company.facts["password"]
    sessions = [company.warm(db, (login, password)) for login in officers]
    barrier = threading.Barrier(len(sessions))
    outcomes = [None] * len(sessions)

    def press(index):
        barrier.wait()
        started = time.time()
        try:
            sessions[index](model, method, [record_id])
            outcomes[index] = ("ok", None, None, time.time() - started)
        except RpcError as error:
            data = error.args[0].get("data", {})
            outcomes[index] = (
                "error",
                data.get("name"),
                data.get("message", str(error)),
                time.time() - started,
            )

    threads = [threading.Thread(target=press, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert None not in outcomes, outcomes
    return sorted(outcomes, key=lambda outcome: outcome[0] != "ok")


def _state(db, table, record_id):
    return server.query(db, f"SELECT state FROM {table} WHERE id = %s", (record_id,))[
        0
    ][0]


def _count(db, sql, params):
    return server.query(db, sql, params)[0][0]


# ----------------------------------------------------------------------
# Kill -9 in the middle of each action
# ----------------------------------------------------------------------
ACTIONS = {
    "launch": lambda c: (
        "internal.customer.campaign",
        "action_launch",
        c.campaign,
        launch_outcome,
    ),
    "close": lambda c: (
        "internal.customer.campaign",
        "action_close",
        c.campaign,
        close_outcome,
    ),
    "start": lambda c: ("internal.kpi.cycle", "action_start", c.cycle, start_outcome),
}


def test_launch_killed_halfway_leaves_nothing_and_relaunches_the_same(company):
    reference = company.reference("launch")
    assert reference["ratings"], "the reference launch created no request"
    campaign, db = company.campaign, company.dbs["launch_kill"]
    before = launch_outcome(db, campaign)
    kill_during(
        company,
        "launch_kill",
        "internal.customer.campaign",
        "action_launch",
        campaign,
        "INSERT INTO internal_customer_rating",
    )
    assert _state(db, "internal_customer_campaign", campaign) == "draft"
    assert launch_outcome(db, campaign) == before, "a killed launch left a trace"

    company.rpc("launch_kill")(
        "internal.customer.campaign", "action_launch", [campaign]
    )
    assert launch_outcome(db, campaign) == reference


def test_close_killed_halfway_leaves_nothing_and_recloses_the_same(company):
    reference = company.reference("close")
    assert reference["results"], "the reference close computed no result"
    campaign, db = company.campaign, company.dbs["close_kill"]
    before = close_outcome(db, campaign)
    # Killed while computing the results, after the pending requests expired
    kill_during(
        company,
        "close_kill",
        "internal.customer.campaign",
        "action_close",
        campaign,
        "internal_customer_rating_line",
    )
    assert _state(db, "internal_customer_campaign", campaign) == "open"
    assert close_outcome(db, campaign) == before, "a killed close left a trace"

    company.rpc("close_kill")("internal.customer.campaign", "action_close", [campaign])
    assert close_outcome(db, campaign) == reference


def test_cycle_start_killed_halfway_leaves_nothing_and_restarts_the_same(company):
    reference = company.reference("start")
    in_scope = _count(
        company.dbs["start_ref"], "SELECT count(*) FROM hr_employee WHERE active", ()
    )
    assert len(reference["scorecards"]) == in_scope > company.facts["employees"] - 1
    cycle, db = company.cycle, company.dbs["start_kill"]
    before = start_outcome(db, cycle)
    kill_during(
        company,
        "start_kill",
        "internal.kpi.cycle",
        "action_start",
        cycle,
        "INSERT INTO internal_kpi_scorecard_line",
    )
    assert _state(db, "internal_kpi_cycle", cycle) == "draft"
    assert start_outcome(db, cycle) == before, "a killed start left a trace"

    company.rpc("start_kill")("internal.kpi.cycle", "action_start", [cycle])
    assert start_outcome(db, cycle) == reference


# ----------------------------------------------------------------------
# Two HR officers press the same button at the same moment
# ----------------------------------------------------------------------
def _cron(session, xmlid):
    module, name = xmlid.split(".")
    return session(
        "ir.model.data",
        "search_read",
        [("module", "=", module), ("name", "=", name)],
        fields=["res_id"],
    )[0]["res_id"]


def _drain(session, db, campaign, cron):
    """Run the campaign jobs' cron as a cron worker would (one batch a call)
    until the launch is done."""
    for _call in range(20):
        job = server.query(
            db, "SELECT job FROM internal_customer_campaign WHERE id = %s", (campaign,)
        )[0][0]
        if not job:
            return
        session("ir.cron", "method_direct_trigger", [cron])
    raise AssertionError("the background launch did not finish in 20 batches")


def test_background_launch_killed_mid_batch_resumes_the_same(company):
    """A large launch runs as cron batches, each committed: killing the server
    during a batch loses that batch only, and the next calls complete the
    launch exactly as an uninterrupted one."""
    campaign = company.campaign
    ref_db, db = company.dbs["bglaunch_ref"], company.dbs["bglaunch_kill"]
    ref = company.warm("bglaunch_ref")
    cron = _cron(ref, "internal_customer.ir_cron_campaign_jobs")
    ref("internal.customer.campaign", "action_launch", [campaign])
    _drain(ref, ref_db, campaign, cron)
    reference = launch_outcome(ref_db, campaign)
    assert reference["ratings"], "the background launch created no request"

    session = company.warm("bglaunch_kill")
    session("internal.customer.campaign", "action_launch", [campaign])
    assert _state(db, "internal_customer_campaign", campaign) == "draft"
    kill_during(
        company,
        "bglaunch_kill",
        "ir.cron",
        "method_direct_trigger",
        cron,
        "INSERT INTO internal_customer_rating",
    )
    # Killed in its first batch: nothing of it, the job still waiting
    assert not _count(
        db,
        "SELECT count(*) FROM internal_customer_rating WHERE campaign_id = %s",
        (campaign,),
    )
    assert (
        server.query(
            db, "SELECT job FROM internal_customer_campaign WHERE id = %s", (campaign,)
        )[0][0]
        == "launch"
    )
    _drain(company.rpc("bglaunch_kill"), db, campaign, cron)
    assert launch_outcome(db, campaign) == reference


def test_two_officers_launch_at_once_one_wins_nothing_doubles(company):
    campaign = company.campaign
    winner, loser = race(
        company, "launch_race", "internal.customer.campaign", "action_launch", campaign
    )
    assert winner[0] == "ok", (winner, loser)
    assert loser[:2] == ("error", "odoo.exceptions.UserError"), loser
    assert "launched once" in loser[2], loser
    outcome = launch_outcome(company.dbs["launch_race"], campaign)
    assert outcome == company.reference("launch")
    launched = [m for m in outcome["messages"] if "launched" in (m[1] or "")]
    assert len(launched) == 1


def test_two_officers_close_at_once_one_wins_nothing_doubles(company):
    campaign = company.campaign
    winner, loser = race(
        company, "close_race", "internal.customer.campaign", "action_close", campaign
    )
    assert winner[0] == "ok", (winner, loser)
    assert loser[:2] == ("error", "odoo.exceptions.UserError"), loser
    assert "closed" in loser[2].lower() and "serializ" not in loser[2].lower(), loser
    outcome = close_outcome(company.dbs["close_race"], campaign)
    assert outcome == company.reference("close")
    closed = [m for m in outcome["messages"] if "closed" in (m[1] or "")]
    assert len(closed) == 1


def test_report_and_clean_log(company, request):
    odoo = company.odoo
    capture = request.config.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled():
        print(
            f"\nCrash safety: {company.facts['employees']} employees, "
            f"{company.facts['relations']} relations, "
            f"{company.facts['answered']} answered / {company.facts['pending']} pending "
            f"requests; setup {company.facts['setup_seconds']:.0f} s; "
            "uninterrupted action times: "
            + ", ".join(f"{k} {v:.1f} s" for k, v in company.seconds.items())
            + f"; server starts: {odoo.starts}; retries logged: {len(odoo.retries())}",
            flush=True,
        )
    assert not odoo.problems(), "\n".join(odoo.problems()[:20])
