# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The compose file users start: checked without a Docker engine (CI has none)."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_official_images():
    services = _compose()["services"]
    assert services["odoo"]["image"] == "odoo:18.0"
    assert services["db"]["image"] == "postgres:16"
    assert services["tests"]["image"] == "odoo:18.0"


def test_addons_are_mounted_and_installed_with_demo():
    odoo = _compose()["services"]["odoo"]
    assert "./addons:/mnt/extra-addons:ro" in odoo["volumes"]
    command = " ".join(odoo["command"].split())
    assert "-i internal_customer,internal_kpi" in command
    assert "/mnt/extra-addons" in command
    assert "without-demo" not in command
    assert odoo["healthcheck"]["test"]
    assert odoo["depends_on"]["db"]["condition"] == "service_healthy"


def test_workers_service_runs_odoo_multi_process_with_limits():
    services = _compose()["services"]
    workers = services["odoo-workers"]
    assert workers["image"] == "odoo:18.0"
    assert workers["profiles"] == ["workers"]
    assert workers["depends_on"]["odoo"]["condition"] == "service_healthy"
    options = dict(
        arg.lstrip("-").split("=", 1)
        for arg in workers["command"].split()
        if arg.startswith("--") and "=" in arg
    )
    assert int(options["workers"]) >= 2
    # A prefork server runs crons in their own worker processes
    assert int(options["max-cron-threads"]) >= 1
    assert int(options["limit-time-real"]) >= int(options["limit-time-cpu"]) >= 120
    assert int(options["limit-memory-hard"]) > int(options["limit-memory-soft"])
    assert options["gevent-port"] == "8072"
    assert "-i" not in workers["command"].split(), "the odoo service installs"
    # Both services keep their own host port
    assert set(workers["ports"]).isdisjoint(services["odoo"]["ports"])


def test_tests_service_runs_the_readme_command():
    tests = _compose()["services"]["tests"]
    assert tests["profiles"] == ["test"]
    assert "bash scripts/test.sh" in " ".join(tests["command"])
    readme = (ROOT / "README.md").read_text()
    assert "bash scripts/test.sh" in readme
    assert "docker compose up -d" in readme
    ci = (ROOT / ".ci" / "run").read_text()
    assert "bash scripts/test.sh" in ci
