# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Fixtures for the tests that drive a real Odoo server over JSON-RPC."""

import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest
import requests

from . import odoo_paths


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _addons_path():
    return os.environ.get("IC360_ADDONS_PATH") or odoo_paths.addons_path()


class JsonRpc:
    """A minimal JSON-RPC client, as an external integration would use."""

    def __init__(self, url, db):
        self.url, self.db = url, db

    def call(self, service, method, *args):
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {"service": service, "method": method, "args": args},
            "id": uuid.uuid4().hex,
        }
        reply = requests.post(f"{self.url}/jsonrpc", json=payload, timeout=120).json()
        if "error" in reply:
            raise RpcError(reply["error"])
        return reply["result"]

    def login(self, login, password):
        uid = self.call("common", "login", self.db, login, password)
        assert uid, f"cannot log in as {login}"
        return Session(self, uid, password)


class RpcError(Exception):
    @property
    def name(self):
        return self.args[0].get("data", {}).get("name", "")


class Session:
    def __init__(self, rpc, uid, password):
        self.rpc, self.uid, self.password = rpc, uid, password

    def __call__(self, model, method, *args, **kwargs):
        return self.rpc.call(
            "object",
            "execute_kw",
            self.rpc.db,
            self.uid,
            self.password,
            model,
            method,
            list(args),
            kwargs,
        )


@pytest.fixture(scope="session", autouse=True)
def load_registry():
    """Replaces pytest-odoo's fixture of that name for the tests of this folder.

    pytest-odoo loads the registry of --odoo-database into the pytest process
    before every test; the tests here start their own servers and need none,
    so they also run without that option (``python3 -m pytest tests/...``).
    """
    yield


@pytest.fixture(scope="session")
def odoo_server():
    """A real Odoo server process on a database with both addons installed.

    ``scripts/test.sh`` prepares the database (IC360_E2E_DB); run alone, the
    fixture installs one itself.
    """
    addons_path = _addons_path()
    db = os.environ.get("IC360_E2E_DB")
    if not db:
        db = f"ic360_e2e_{os.getpid()}"
        subprocess.run(
            [
                sys.executable, "-m", "odoo", "-d", db, "--addons-path", addons_path,
                "-i", "internal_customer,internal_kpi", "--without-demo=all",
                "--stop-after-init", "--log-level=warn",
            ],
            check=True,
        )  # fmt: skip
    port = _free_port()
    log = tempfile.NamedTemporaryFile(prefix="ic360-e2e-", suffix=".log", delete=False)
    process = subprocess.Popen(
        [
            sys.executable, "-m", "odoo", "-d", db, "--addons-path", addons_path,
            "--http-port", str(port), "--http-interface", "127.0.0.1",
            "--db-filter", f"^{db}$", "--max-cron-threads", "0",
            "--log-level", "warn", "--no-database-list",
        ],
        stdout=subprocess.DEVNULL,
        stderr=log,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 120
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(Path(log.name).read_text()[-3000:])
        try:
            if requests.get(f"{url}/web/health", timeout=2).ok:
                break
        except requests.RequestException:
            time.sleep(0.5)
    else:
        process.kill()
        raise RuntimeError("the Odoo server did not start within 120 s")
    yield JsonRpc(url, db)
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="session")
def installed_template():
    """A database with both addons installed, no demo: copied by the tests that
    break or load a server (tests/test_load.py, tests/test_crash_safety.py)."""
    from . import server

    name = f"ic360_conc_tpl_{os.getpid()}"
    server.install_db(name)
    yield name
    server.drop_db(name)
