#!/usr/bin/env python3
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Take the README's screenshots from a running Odoo with the demo data.

    python3 scripts/screenshots.py --url http://127.0.0.1:8069 --db ic360

Logs in as admin, drives headless Chromium over the DevTools protocol and
writes PNG files to docs/screenshots/.
"""

import argparse
import base64
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time

import requests
import websocket

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

SHOTS = [
    # (file, path, width, height)
    (
        "ratings-to-give.png",
        "/odoo/action-internal_customer.internal_customer_rating_action_mine",
        1280,
        720,
    ),
    (
        "rate-phone.png",
        "/odoo/action-internal_customer.internal_customer_rating_action_mine/{rating}",
        390,
        844,
    ),
    (
        "service-map.png",
        "/odoo/action-internal_customer.internal_customer_relation_action",
        1280,
        720,
    ),
    (
        "campaign.png",
        "/odoo/action-internal_customer.internal_customer_campaign_action/{campaign}",
        1280,
        800,
    ),
    (
        "my-feedback.png",
        "/odoo/action-internal_customer.internal_customer_result_action/{result}",
        1280,
        900,
    ),
    (
        "results-pivot.png",
        "/odoo/action-internal_customer.internal_customer_result_action?view_type=pivot",
        1280,
        720,
    ),
    (
        "scorecard.png",
        "/odoo/action-internal_kpi.internal_kpi_scorecard_action/{scorecard}",
        1280,
        900,
    ),
    (
        "weighting-rule.png",
        "/odoo/action-internal_kpi.internal_kpi_weighting_rule_action/{rule}",
        1280,
        800,
    ),
]


def rpc(url, db, model, method, *args, **kwargs):
    payload = {
        "jsonrpc": "2.0",
        "method": "call",
        "params": {
            "service": "object",
            "method": "execute_kw",
            "args": [db, 2, "admin", model, method, list(args), kwargs],
        },
    }
    return requests.post(f"{url}/jsonrpc", json=payload, timeout=60).json()["result"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://127.0.0.1:8069")
    parser.add_argument("--db", default="ic360")
    args = parser.parse_args()
    session = requests.Session()
    session.post(
        f"{args.url}/web/session/authenticate",
        json={"params": {"db": args.db, "login": "admin", "password": "admin"}},
        timeout=60,
    ).raise_for_status()
    ids = {
        "rating": rpc(args.url, args.db, "internal.customer.rating", "search", [("state", "=", "pending")], limit=1)[0],
        "campaign": rpc(args.url, args.db, "internal.customer.campaign", "search", [("state", "=", "published")], limit=1)[0],
        "result": rpc(
            args.url, args.db, "internal.customer.result", "search",
            [("level", "=", "employee"), ("visible", "=", True), ("dimension_id", "=", False), ("relation_type", "=", False)],
            limit=1,
        )[0],
        "scorecard": rpc(args.url, args.db, "internal.kpi.scorecard", "search", [("internal_rater_count", ">", 2)], limit=1)[0],
        "rule": rpc(args.url, args.db, "internal.kpi.weighting.rule", "search", [("relation_weight_ids", "!=", False)], limit=1)[0],
    }  # fmt: skip
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    profile = tempfile.mkdtemp()
    chrome = subprocess.Popen(
        [
            shutil.which("chromium") or "chromium", "--headless", "--no-sandbox", "--disable-gpu",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", f"--user-data-dir={profile}", f"--remote-debugging-port={port}",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(50):
            try:
                targets = requests.get(
                    f"http://127.0.0.1:{port}/json", timeout=1
                ).json()
                break
            except requests.RequestException:
                time.sleep(0.2)
        page = next(t for t in targets if t["type"] == "page")
        ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60)
        counter = iter(range(1, 10**6))

        def send(method, **params):
            msg_id = next(counter)
            ws.send(json.dumps({"id": msg_id, "method": method, "params": params}))
            while True:
                reply = json.loads(ws.recv())
                if reply.get("id") == msg_id:
                    return reply.get("result", {})

        host = args.url.split("//", 1)[1].split(":")[0]
        send(
            "Network.setCookie",
            name="session_id",
            value=session.cookies["session_id"],
            domain=host,
            path="/",
        )
        # The first page load builds the asset bundles: let it finish first.
        send("Page.navigate", url=args.url + "/odoo")
        time.sleep(20)
        out_dir = os.path.join(ROOT, "docs", "screenshots")
        os.makedirs(out_dir, exist_ok=True)
        for name, path, width, height in SHOTS:
            mobile = width < 600
            send(
                "Emulation.setDeviceMetricsOverride",
                width=width,
                height=height,
                deviceScaleFactor=1,
                mobile=mobile,
            )
            send("Page.navigate", url=args.url + path.format(**ids))
            time.sleep(6)
            data = send("Page.captureScreenshot", format="png")["data"]
            with open(os.path.join(out_dir, name), "wb") as handle:
                handle.write(base64.b64decode(data))
            print("wrote", name)
        ws.close()
    finally:
        chrome.terminate()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main()
