# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Load: 200 colleagues rate at once on a multi-worker Odoo over HTTP.

A real server (8 workers, no cron, 127.0.0.1 on a free port), 200 raters
logged in with web sessions making the web client's JSON calls
(tests/load/locustfile.py), while an HR officer closes another campaign.
Bounded: 201 users, each with a fixed amount of work, stopped by locust's
--run-time and by a hard timeout. Afterwards, as the superuser straight in
the database: every acknowledged submission is stored once with its scores,
no rating is half-written, the closed campaign is consistent, Odoo's retries
after serialization failures duplicated no mail, activity or message, and
the server log has no traceback. Prints locust's figures with the dataset
size and the machine.
"""

import csv
import importlib.util
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from . import server
from .server import DATASETS

LOCUSTFILE = Path(__file__).resolve().parent / "load" / "locustfile.py"
RATERS = 200
# The pace keeps this 2-core machine below saturation, where a prefork server
# overflows its listen backlog (8 x workers): connections then stall past the
# workers' 2 s read timeout or reset. Logins arrive 4 a second: each costs Odoo
# 0.2 s of CPU (600,000 PBKDF2 rounds), so 200 in the same second would queue
# 40 s of CPU.
SPAWN_RATE = 4
# A person's pauses, in seconds: picking a colleague in the list, then reading the
# form, scoring six dimensions and writing comments (the README: about a minute)
THINK = {"pick": (1, 3), "fill": (35, 50)}
RUN_TIME = 270  # seconds: locust's hard stop; the raters normally finish well before
# A prefork server queues 8 connections per worker in its listen backlog
WORKERS = 8
CLOSE_AFTER_SUBMITTED = 150  # HR closes campaign B once this many A answers are in


def _report(request, lines):
    """Print past pytest's capture: the figures are the point of this test."""
    capture = request.config.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled():
        print("\n" + "\n".join(lines), flush=True)


def _run_locust(url, plan_path, journal_path, csv_prefix, log_path):
    command = [
        sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless",
        "--host", url, "-u", str(RATERS + 1), "-r", str(SPAWN_RATE),
        "--run-time", f"{RUN_TIME}s", "--stop-timeout", "10",
        "--csv", str(csv_prefix), "--only-summary", "--loglevel", "WARNING",
        "--exit-code-on-error", "0",
    ]  # fmt: skip
    env = dict(
        os.environ,
        IC360_LOAD_PLAN=str(plan_path),
        IC360_LOAD_JOURNAL=str(journal_path),
    )
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            command,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
        try:
            process.wait(timeout=RUN_TIME + 60)
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
    return process.returncode


def _cpu_times():
    with open("/proc/stat") as stat:
        fields = [int(value) for value in stat.readline().split()[1:]]
    return sum(fields), fields[3] + fields[4]  # total, idle + iowait


def _busy_share(before, after):
    total, idle = (b - a for a, b in zip(before, after, strict=True))
    return 1 - idle / total if total else 0.0


def _stats(csv_prefix):
    with open(f"{csv_prefix}_stats.csv") as stats:
        rows = {row["Name"]: row for row in csv.DictReader(stats)}
    return rows


@pytest.fixture(scope="module")
def locust_installed():
    if importlib.util.find_spec("locust") is None:
        pytest.fail("locust is missing: pip install -r requirements-test.txt")


@pytest.fixture(scope="module")
def load_run(locust_installed, installed_template, tmp_path_factory, request):
    tmp = tmp_path_factory.mktemp("load")
    db = f"ic360_conc_load_{os.getpid()}"
    server.copy_db(installed_template, db)
    odoo = server.OdooServer(f"^{db}$", tmp / "odoo.log", workers=WORKERS)
    try:
        started = time.time()
        plan = server.run_job(db, DATASETS, "load_company", raters=RATERS)
        setup_seconds = time.time() - started
        plan.update(db=db, close_after_submitted=CLOSE_AFTER_SUBMITTED, think=THINK)
        plan_path = tmp / "plan.json"
        plan_path.write_text(json.dumps(plan))
        before = _mail_counts(db)
        odoo.start()
        journal_path = tmp / "journal.jsonl"
        idle_check = _cpu_times()
        time.sleep(2)
        busy_before = _busy_share(idle_check, _cpu_times())
        started, cpu = time.time(), _cpu_times()
        rc = _run_locust(
            odoo.url, plan_path, journal_path, tmp / "locust", tmp / "locust.log"
        )
        load_seconds = time.time() - started
        busy = _busy_share(cpu, _cpu_times())
        odoo.stop()
        locust_log = (tmp / "locust.log").read_text()
        assert rc == 0, f"locust exited {rc}:\n{locust_log[-3000:]}"
        journal = [json.loads(line) for line in journal_path.read_text().splitlines()]
        stats = _stats(tmp / "locust")
        run = {
            "db": db,
            "plan": plan,
            "journal": journal,
            "stats": stats,
            "server": odoo,
            "mail_before": before,
            "locust_log": locust_log,
        }
        total = stats["Aggregated"]
        _report(
            request,
            [
                "Load test: 200 raters on a multi-worker Odoo 18 over HTTP",
                f"  machine: {server.machine()}; Odoo --workers {WORKERS}, "
                "locust 1 process on the same machine",
                f"  dataset: {plan['employees']} employees, {plan['users']} users, "
                f"{plan['relations']} approved relations; campaign A "
                f"{plan['requests_a']} requests ({plan['lines_a']} score lines), "
                f"campaign B {plan['requests_b']} requests "
                f"({plan['submitted_b']} answered before the run), closed during it",
                f"  setup {setup_seconds:.0f} s, load {load_seconds:.0f} s, "
                f"CPU {busy:.0%} busy ({busy_before:.0%} before the run) "
                f"(201 users, spawn rate {SPAWN_RATE}/s, pauses {THINK} s, "
                f"run-time cap {RUN_TIME} s)",
                f"  requests: {total['Request Count']}, failures: "
                f"{total['Failure Count']}, {float(total['Requests/s']):.1f} req/s, "
                f"median {total['50%']} ms, p95 {total['95%']} ms, "
                f"max {float(total['Max Response Time']):.0f} ms",
                *(
                    f"    {name:<42} n={row['Request Count']:>5} "
                    f"fail={row['Failure Count']:>3} median={row['50%']:>5} ms "
                    f"p95={row['95%']:>5} ms"
                    for name, row in sorted(stats.items())
                    if name != "Aggregated"
                ),
                f"  serialization failures retried by the server: {len(odoo.retries())}; "
                "connections a worker dropped after 2 s without their request "
                f"(Odoo's 'Request timed out'): {len(odoo.slow_clients())}",
            ],
        )
        yield run
    finally:
        odoo.stop()
        server.drop_db(db)


def _mail_counts(db):
    return dict(
        server.query(
            db,
            "SELECT 'mail.mail', count(*) FROM mail_mail"
            " UNION ALL SELECT 'mail.activity', count(*) FROM mail_activity"
            " UNION ALL SELECT 'mail.message', count(*) FROM mail_message",
        )
    )


def _events(run, kind):
    return [entry for entry in run["journal"] if entry["event"] == kind]


def _db_ratings(run):
    """{rating id: (state, submit_date set, comments, {line id: score})} of A."""
    rows = server.query(
        run["db"],
        "SELECT r.id, r.state, r.submit_date IS NOT NULL, r.comment_positive,"
        "       r.comment_improve, l.id, l.score"
        "  FROM internal_customer_rating r"
        "  JOIN internal_customer_rating_line l ON l.rating_id = r.id"
        " WHERE r.campaign_id = %s",
        (run["plan"]["campaign_a"],),
    )
    ratings = {}
    for rid, state, dated, positive, improve, line_id, score in rows:
        rating = ratings.setdefault(
            rid, {"state": state, "dated": dated, "comments": (positive, improve)}
        )
        rating.setdefault("lines", {})[line_id] = score
    return ratings


def _expected_score(choice):
    return None if choice == "na" else int(choice)


def test_locust_saw_no_error_and_every_rater_finished(load_run):
    """No request failed: also what proves that the connections a saturated
    worker dropped unread (Odoo's "Request timed out") were sent again."""
    stats = load_run["stats"]["Aggregated"]
    unexpected = _events(load_run, "unexpected")
    assert not unexpected, unexpected[:5]
    assert int(stats["Failure Count"]) == 0, load_run["locust_log"][-3000:]
    done = {entry["login"] for entry in _events(load_run, "rater_done")}
    assert done == set(load_run["plan"]["raters"])
    assert _events(load_run, "close_ok"), "HR's close of campaign B did not happen"


def test_every_acknowledged_submission_is_stored_once_with_its_scores(load_run):
    ratings = _db_ratings(load_run)
    plan = load_run["plan"]
    assert len(ratings) == plan["requests_a"]
    # One request per relation, one line per dimension: nothing was duplicated
    assert not server.query(
        load_run["db"],
        "SELECT relation_id FROM internal_customer_rating WHERE campaign_id = %s"
        " GROUP BY relation_id HAVING count(*) > 1",
        (plan["campaign_a"],),
    )
    assert {len(r["lines"]) for r in ratings.values()} == {plan["dimensions"]}
    submits = Counter(entry["rating"] for entry in _events(load_run, "submit_ok"))
    assert set(submits.values()) == {1}, "a submission was acknowledged twice"
    last_save = {entry["rating"]: entry for entry in _events(load_run, "save_ok")}
    for rating_id in submits:
        rating, sent = ratings[rating_id], last_save[rating_id]
        assert rating["state"] == "submitted" and rating["dated"], rating_id
        assert rating["lines"] == {
            int(line_id): _expected_score(choice)
            for line_id, choice in sent["lines"].items()
        }, f"rating {rating_id}: stored scores differ from the scores sent"
        assert rating["comments"] == (
            sent["comment_positive"] or None,
            sent["comment_improve"] or None,
        )
    submitted = {rid for rid, r in ratings.items() if r["state"] == "submitted"}
    assert submitted == set(submits), "submitted in the database without an ack"


def test_no_rating_is_half_written(load_run):
    """Half-written: a rating whose lines or comments do not all come from one
    accepted save. A refused save leaves the form as it was; a rating nobody
    saved has every line empty; a submitted one has every line as sent (a
    score, or N/A sent as such: never a line left empty by accident)."""
    ratings = _db_ratings(load_run)
    saves = defaultdict(list)
    for entry in _events(load_run, "save_ok"):
        saves[entry["rating"]].append(entry)
    refused = _events(load_run, "save_refused")
    assert refused, "the load sent no invalid save"
    for entry in refused:
        assert "1 to 5" in entry["message"]
        assert entry["untouched"], f"refused save of {entry['rating']} left a trace"
    for rating_id, rating in ratings.items():
        if rating_id not in saves:
            assert rating["state"] == "pending"
            assert set(rating["lines"].values()) == {None}
            assert rating["comments"] == (None, None)
            continue
        sent = saves[rating_id][-1]
        assert rating["lines"] == {
            int(line_id): _expected_score(choice)
            for line_id, choice in sent["lines"].items()
        }, f"rating {rating_id} is half-written"
    # "Not applicable" is stored as no score, only where the rater said so
    assert any(None in r["lines"].values() for r in ratings.values())


def test_double_clicked_submit_is_stored_once(load_run):
    doubles = _events(load_run, "double_submit")
    assert doubles, "the load sent no double submit"
    for entry in doubles:
        kinds = sorted(kind for kind, _ in entry["outcomes"])
        assert kinds == ["ok", "refused"], entry


def test_the_campaign_closed_during_the_load_is_consistent(load_run):
    plan, db = load_run["plan"], load_run["db"]
    close = _events(load_run, "close_start")[0]
    submits = [entry["t"] for entry in _events(load_run, "submit_ok")]
    # The close really overlapped the raters' work
    assert min(submits) < close["t"] < max(submits)
    state, closed = server.query(
        db,
        "SELECT state, close_date IS NOT NULL FROM internal_customer_campaign"
        " WHERE id = %s",
        (plan["campaign_b"],),
    )[0]
    assert (state, closed) == ("closed", True)
    by_state = dict(
        server.query(
            db,
            "SELECT state, count(*) FROM internal_customer_rating"
            " WHERE campaign_id = %s GROUP BY state",
            (plan["campaign_b"],),
        )
    )
    assert by_state == {
        "submitted": plan["submitted_b"],
        "expired": plan["requests_b"] - plan["submitted_b"],
    }
    # Its results are those its stored ratings give (nothing read half-way)
    results = server.run_job(
        db, DATASETS, "recompute_results", campaign_id=plan["campaign_b"]
    )
    assert results["stored"], "closing computed no result"
    assert results["stored"] == results["fresh"]


def test_retries_duplicated_no_mail_activity_or_message(load_run):
    plan, db = load_run["plan"], load_run["db"]
    campaigns = [plan["campaign_a"], plan["campaign_b"]]
    # The load sends no mail: invitations went out once, before it
    after = _mail_counts(db)
    assert after["mail.mail"] == load_run["mail_before"]["mail.mail"]
    assert not server.query(
        db,
        "SELECT m.model, m.res_id, m.subject, mm.email_to, count(*)"
        "  FROM mail_mail mm JOIN mail_message m ON m.id = mm.mail_message_id"
        " GROUP BY m.model, m.res_id, m.subject, mm.email_to HAVING count(*) > 1",
    )
    # To-dos: at most one per rater and campaign; none left once all is rated
    assert not server.query(
        db,
        "SELECT res_id, user_id, count(*) FROM mail_activity"
        " WHERE res_model = 'internal.customer.campaign'"
        " GROUP BY res_id, user_id, activity_type_id HAVING count(*) > 1",
    )
    assert not server.query(
        db,
        "SELECT id FROM mail_activity WHERE res_model = 'internal.customer.campaign'"
        " AND res_id = ANY(%s)",
        (campaigns,),
    ), "to-dos left on campaigns with nothing pending"
    # Chatter: each event once (the launch, the close, each tracked change)
    messages = server.query(
        db,
        "SELECT m.res_id, m.body::text, m.message_type,"
        "       (SELECT string_agg(concat(v.old_value_char, '>', v.new_value_char), ',')"
        "          FROM mail_tracking_value v WHERE v.mail_message_id = m.id)"
        "  FROM mail_message m"
        " WHERE m.model = 'internal.customer.campaign' AND m.res_id = ANY(%s)",
        (campaigns,),
    )
    assert len(messages) == len(set(messages)), Counter(messages).most_common(3)
    closed = [m for m in messages if m[0] == plan["campaign_b"] and "closed" in m[1]]
    assert len(closed) == 1, closed
    # Nothing about a rating reaches a chatter
    assert not server.query(
        db, "SELECT id FROM mail_message WHERE model = 'internal.customer.rating'"
    )


def test_server_log_has_no_traceback(load_run):
    odoo = load_run["server"]
    problems = odoo.problems()
    assert not problems, "\n".join(problems[:20])
    # A statement that failed on a concurrent transaction was retried, never
    # given up on (Odoo logs it as "bad query" at ERROR level, then retries)
    assert not odoo.exhausted_retries()
    assert len(odoo.retries()) >= len(odoo.concurrency_errors())
