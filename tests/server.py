# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A real Odoo server and its databases, for the load and crash-safety tests.

``OdooServer`` runs ``python3 -m odoo`` in a process group of its own (its
prefork workers and gevent process included) on a free port of 127.0.0.1,
waits for ``/web/health``, kills the whole group with SIGKILL when a test
wants a crash, restarts it on the same port and reads its log. The database
helpers copy an installed database (``createdb -T``), query it as its owner
and run Odoo code in it from a separate process (``run_job``), the way
``odoo shell`` would.
"""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psycopg2
import requests

from . import odoo_paths
from .conftest import JsonRpc

ROOT = Path(__file__).resolve().parent.parent
MODULES = "internal_customer,internal_kpi"
# The Odoo-side jobs of these tests (run with run_job)
DATASETS = ROOT / "tests" / "datasets.py"
# One log record: "2026-01-31 12:00:00,123 4242 LEVEL db logger: message"
RECORD_START = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} \d+ (\w+) ")
# Odoo logs each retry of a request after a serialization failure (odoo.service.model)
RETRY_MARKER = "tries left, try again in"
RETRIES_EXHAUSTED = "maximum number of tries reached"
# The errors Odoo retries (PG_CONCURRENCY_EXCEPTIONS_TO_RETRY); odoo.sql_db logs the
# failed statement at ERROR level ("bad query") before the request is retried.
CONCURRENCY_ERRORS = (
    "could not serialize access",
    "deadlock detected",
    "could not obtain lock",
)
# A prefork worker waits 2 s for the request of a connection it accepted, then logs
# this at ERROR level and drops the connection: a saturated machine (a client
# starved of CPU, a connection held in a full listen backlog), not an application
# error. The load test counts them; a request lost that way fails it.
SLOW_CLIENT = "Request timed out"


def addons_path():
    return os.environ.get("IC360_ADDONS_PATH") or odoo_paths.addons_path()


def odoo_bin():
    """How to start Odoo so that its prefork master can respawn it.

    In multi-worker mode the master starts the gevent process (websockets) as
    ``sys.executable sys.argv[0] gevent``: ``python3 -m odoo`` makes that
    ``odoo/__main__.py``, which fails. The source checkout's ``odoo-bin`` (or
    an installed ``odoo`` script) works.
    """
    import odoo

    script = Path(odoo.__file__).resolve().parent.parent / "odoo-bin"
    if script.is_file():
        return [sys.executable, str(script)]
    installed = shutil.which("odoo")
    assert installed, "neither odoo-bin nor an odoo script found: install Odoo 18"
    return [installed]


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def machine():
    """Cores, memory and CPU model of this machine, for the printed figures."""
    memory = model = "?"
    with open("/proc/meminfo") as meminfo:
        for line in meminfo:
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{os.cpu_count()} cores ({model}), {memory} RAM"


# ----------------------------------------------------------------------
# Databases
# ----------------------------------------------------------------------
def drop_db(name):
    terminate_connections(name)
    subprocess.run(
        ["dropdb", "--if-exists", "--force", name], check=True, capture_output=True
    )


def copy_db(template, name):
    """A copy of an installed database: ``createdb -T``, a file copy."""
    drop_db(name)
    subprocess.run(["createdb", "-T", template, name], check=True)


def install_db(name, modules=MODULES):
    """A fresh database with the addons installed, without demo data."""
    drop_db(name)
    run = subprocess.run(
        [
            sys.executable, "-m", "odoo", "-d", name, "--addons-path", addons_path(),
            "-i", modules, "--without-demo=all", "--stop-after-init", "--log-level=warn",
            "--max-cron-threads=0", "--no-http",
        ],
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    assert run.returncode == 0, (
        f"installing {modules} in {name} failed:\n" + (run.stdout + run.stderr)[-3000:]
    )


def connect(db):
    """A connection as the database owner: the superuser's view, no Odoo rule."""
    conn = psycopg2.connect(dbname=db)
    conn.autocommit = True
    return conn


def query(db, sql, params=None):
    conn = connect(db)
    try:
        with conn.cursor() as cr:
            cr.execute(sql, params)
            return cr.fetchall() if cr.description else []
    finally:
        conn.close()


def terminate_connections(db):
    """End the sessions still open on ``db`` (left by a killed server)."""
    conn = psycopg2.connect(dbname="postgres")
    conn.autocommit = True
    try:
        with conn.cursor() as cr:
            cr.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid()",
                (db,),
            )
    finally:
        conn.close()


def writing_queries(db):
    """Statements running right now on ``db`` in transactions that have
    already written (PostgreSQL gave them a transaction id)."""
    conn = psycopg2.connect(dbname="postgres")
    conn.autocommit = True
    try:
        with conn.cursor() as cr:
            cr.execute(
                "SELECT query FROM pg_stat_activity"
                " WHERE datname = %s AND state = 'active' AND backend_xid IS NOT NULL"
                " AND pid <> pg_backend_pid()",
                (db,),
            )
            return [row[0] for row in cr.fetchall()]
    finally:
        conn.close()


def wait_no_sessions(db, timeout=60):
    """Wait until no session is left on ``db``.

    A killed Odoo leaves its PostgreSQL backends behind until they notice
    that the client is gone (when the running statement ends): the
    transaction is then rolled back, as it would be after a real crash.
    """
    deadline = time.time() + timeout
    while time.time() < deadline:
        left = query(
            "postgres",
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s"
            " AND pid <> pg_backend_pid()",
            (db,),
        )[0][0]
        if not left:
            return
        time.sleep(0.2)
    raise AssertionError(f"sessions of a killed server still run on {db}")


_JOB_RUNNER = """
import importlib.util, json, sys
import odoo
from odoo import SUPERUSER_ID, api

db, addons_path, path, function, kwargs = sys.argv[1:6]
odoo.tools.config.parse_config(
    ["-d", db, "--addons-path", addons_path, "--log-level=warn", "--no-http"]
)
spec = importlib.util.spec_from_file_location("ic360_job", path)
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
registry = odoo.modules.registry.Registry(db)
with registry.cursor() as cr:
    env = api.Environment(cr, SUPERUSER_ID, {})
    result = getattr(module, function)(env, **json.loads(kwargs))
    cr.commit()
print("IC360-JOB-RESULT " + json.dumps(result))
"""


def run_job(db, path, function, timeout=600, **kwargs):
    """Run ``function(env, **kwargs)`` from the file ``path`` in Odoo, in ``db``.

    A separate process, as ``odoo shell`` would: the environment is the
    superuser's, the transaction is committed at the end, and the function's
    JSON-serialisable return value comes back.
    """
    run = subprocess.run(
        [
            sys.executable, "-c", _JOB_RUNNER, db, addons_path(), str(path), function,
            json.dumps(kwargs),
        ],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )  # fmt: skip
    lines = [
        line for line in run.stdout.splitlines() if line.startswith("IC360-JOB-RESULT ")
    ]
    assert run.returncode == 0 and lines, (
        f"{function} failed in {db}:\n{(run.stdout + run.stderr)[-4000:]}"
    )
    return json.loads(lines[-1].split(" ", 1)[1])


# ----------------------------------------------------------------------
# The server
# ----------------------------------------------------------------------
class OdooServer:
    """``python3 -m odoo`` with N workers, in its own process group.

    ``db_filter`` is a regular expression: one server may serve several
    copies of a database. With ``workers=0`` Odoo runs threaded in one process.
    """

    def __init__(
        self,
        db_filter,
        log_path,
        workers=4,
        limit_time_real=900,
        extra_args=(),
    ):
        self.db_filter = db_filter
        self.workers = workers
        self.log_path = Path(log_path)
        self.limit_time_real = limit_time_real
        self.extra_args = list(extra_args)
        self.port = free_port()
        self.gevent_port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = None
        self.starts = 0

    def command(self):
        return [
            *odoo_bin(), "--addons-path", addons_path(),
            "--db-filter", self.db_filter, "--no-database-list",
            "--http-interface", "127.0.0.1", "--http-port", str(self.port),
            "--gevent-port", str(self.gevent_port),
            "--workers", str(self.workers), "--max-cron-threads", "0",
            "--limit-time-real", str(self.limit_time_real),
            "--limit-time-cpu", str(self.limit_time_real),
            "--limit-memory-soft", str(2 * 1024**3),
            "--limit-memory-hard", str(3 * 1024**3),
            "--log-level", "warn",
            # one INFO line per retry after a serialization failure
            "--log-handler", "odoo.service.model:INFO",
            *self.extra_args,
        ]  # fmt: skip

    def start(self, timeout=120):
        assert self.process is None or self.process.poll() is not None, "running"
        with self.log_path.open("a") as log:
            log.write(f"\n===== start #{self.starts + 1}: {time.ctime()}\n")
            log.flush()
            self.process = subprocess.Popen(
                self.command(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=ROOT,
                start_new_session=True,  # its own process group, workers included
            )
        self.starts += 1
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(
                    f"the Odoo server stopped at start:\n{self.log()[-3000:]}"
                )
            try:
                if requests.get(f"{self.url}/web/health", timeout=2).ok:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.3)
        self.stop()
        raise AssertionError(f"the Odoo server did not answer within {timeout} s")

    def _signal_group(self, sig):
        try:
            os.killpg(self.process.pid, sig)
        except ProcessLookupError:
            pass

    def kill(self):
        """SIGKILL to the whole process group: master, workers, gevent."""
        if self.process is None:
            return
        self._signal_group(signal.SIGKILL)
        self.process.wait(timeout=30)
        self._wait_group_gone()

    def stop(self, timeout=30):
        """A graceful stop (SIGTERM to the group), SIGKILL if it lingers."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self._signal_group(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                pass
        # The master may be gone while a worker is not: the group goes too
        self._signal_group(signal.SIGKILL)
        if self.process.poll() is None:
            self.process.wait(timeout=30)
        self._wait_group_gone()

    def _wait_group_gone(self, timeout=10):
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                os.killpg(self.process.pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.1)
        raise AssertionError(f"processes of group {self.process.pid} survive")

    def restart(self):
        self.kill()
        return self.start()

    @property
    def running(self):
        return self.process is not None and self.process.poll() is None

    def rpc(self, db):
        return JsonRpc(self.url, db)

    def log(self):
        return self.log_path.read_text() if self.log_path.exists() else ""

    def records(self):
        """The log as (level, text) records; a traceback stays with its record."""
        records = []
        for line in self.log().splitlines():
            start = RECORD_START.match(line)
            if start:
                records.append([start.group(1), line])
            elif records:
                records[-1][1] += "\n" + line
            elif "Traceback" in line:
                records.append(["ERROR", line])
        return [tuple(record) for record in records]

    def _is_error(self, level, text):
        return level in ("ERROR", "CRITICAL") or "Traceback" in text

    def concurrency_errors(self):
        """The statements that failed on a concurrent transaction (then retried)."""
        return [
            text
            for level, text in self.records()
            if self._is_error(level, text)
            and "bad query" in text
            and any(error in text for error in CONCURRENCY_ERRORS)
        ]

    def slow_clients(self):
        """Connections a worker dropped because their request came too late."""
        return [
            text
            for level, text in self.records()
            if level == "ERROR" and SLOW_CLIENT in text and "Traceback" not in text
        ]

    def problems(self):
        """Records with a traceback, an error or a critical message, except the
        concurrency errors Odoo retries (``concurrency_errors``) and the requests
        that came too late to be read (``slow_clients``): the callers count those."""
        explained = {*self.concurrency_errors(), *self.slow_clients()}
        return [
            text
            for level, text in self.records()
            if self._is_error(level, text) and text not in explained
        ]

    def retries(self):
        """Retries after serialization failures that the server logged."""
        return [text for _level, text in self.records() if RETRY_MARKER in text]

    def exhausted_retries(self):
        return [text for _level, text in self.records() if RETRIES_EXHAUSTED in text]

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
