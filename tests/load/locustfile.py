# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Locust: colleagues rate their internal suppliers while HR closes a campaign.

Driven by tests/test_load.py, which prepares the database and passes the
plan (a JSON file named by IC360_LOAD_PLAN). Each rater logs in
(/web/session/authenticate) and makes the web client's own JSON calls:
``web_search_read`` of their "My Ratings to Give" list, ``web_read`` of the
form, ``web_save`` of the scores and comments, and the Submit button
(/web/dataset/call_button, ``action_submit``), until nothing is left to rate,
pausing between two clicks as a person does (about a minute a rating).
Some raters first send an out-of-range score (refused, the form must be
unchanged) and some double-click Submit (two calls at once: exactly one may
succeed). One HR officer closes ANOTHER campaign once the raters are in full
swing. Every answer the server acknowledged goes to a journal (JSON lines,
IC360_LOAD_JOURNAL) that the test compares with the database afterwards.
The run stops by itself when every user is done (or at --run-time).
"""

import itertools
import json
import os
import random
import time
from pathlib import Path

import gevent
from locust import FastHttpUser, between, events, task
from locust.exception import StopUser

PLAN = json.loads(Path(os.environ["IC360_LOAD_PLAN"]).read_text())
JOURNAL = open(os.environ["IC360_LOAD_JOURNAL"], "a", buffering=1)
RATERS = iter(PLAN["raters"])
REQUEST_IDS = itertools.count(1)
STATE = {"submitted": 0, "finished": 0}
USERS = len(PLAN["raters"]) + 1
MODEL = "internal.customer.rating"
# What the web client asks for: the list view, then the form view
LIST_SPEC = {
    "ratee_id": {"fields": {"display_name": {}}},
    "service_name": {},
    "relation_type": {},
    "campaign_id": {"fields": {"display_name": {}}},
    "deadline": {},
    "state": {},
}
FORM_SPEC = {
    "display_name": {},
    "ratee_job_title": {},
    "ratee_id": {"fields": {"display_name": {}}},
    "is_self": {},
    "service_name": {},
    "relation_type": {},
    "campaign_id": {"fields": {"display_name": {}}},
    "campaign_description": {},
    "deadline": {},
    "expectation": {},
    "commitment_ids": {
        "fields": {"name": {}, "dimension_id": {"fields": {"display_name": {}}}}
    },
    "line_ids": {
        "fields": {
            "dimension_id": {"fields": {"display_name": {}}},
            "anchor_low": {},
            "score_choice": {},
            "anchor_high": {},
        }
    },
    "comment_positive": {},
    "comment_improve": {},
    "decline_reason": {},
    "state": {},
}
# One request per connection, as behind the usual reverse proxy: a prefork
# worker kept on an idle keep-alive connection would wait 2 s for nothing
CLOSE = {"Connection": "close"}
CHOICES = ("3", "4", "2", "4", "5", "na", "3", "1", "4", "2", "3", "4")


def answer_for(rating_id, line_ids):
    """The answer a rater gives to one request: deterministic, varied, valid.

    Scores 1..5 and "not applicable", never all N/A; comments whenever a 1
    or a 5 is given (and on most others).
    """
    choices = {
        line_id: CHOICES[(rating_id * 7 + n * 5) % len(CHOICES)]
        for n, line_id in enumerate(line_ids)
    }
    if all(choice == "na" for choice in choices.values()):
        choices[line_ids[0]] = "3"
    extreme = any(choice in ("1", "5") for choice in choices.values())
    with_comment = extreme or rating_id % 3
    return {
        "lines": choices,
        "comment_positive": f"Answered within the day ({rating_id})"
        if with_comment
        else False,
        "comment_improve": f"Confirm when a request arrives ({rating_id})"
        if with_comment
        else False,
    }


def journal(event, **values):
    JOURNAL.write(json.dumps({"event": event, "t": time.time(), **values}) + "\n")


class RpcError(Exception):
    """An answer the rater did not expect: the test fails on it."""


class Refused:
    """An error the rater expected (a refused save, a second Submit)."""

    def __init__(self, message):
        self.message = message


class WebClient(FastHttpUser):
    """JSON-RPC the way the Odoo web client sends it, with a session cookie."""

    abstract = True
    # Back on the list right after a Submit; the pauses of a person are in think()
    wait_time = between(0.5, 1.5)
    network_timeout = connection_timeout = 120.0

    def rpc(self, path, params, name, tolerate=None, must_refuse=False):
        """POST one JSON-RPC call and return its result.

        An error whose message contains ``tolerate`` comes back as ``Refused``;
        with ``must_refuse``, success is a failure too.
        """
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": params,
            "id": next(REQUEST_IDS),
        }
        with self.client.post(
            path, json=payload, name=name, catch_response=True, headers=CLOSE
        ) as response:
            try:
                body = response.json()
            except ValueError:
                problem = getattr(response, "error", None) or response.text[:200]
                response.failure(f"HTTP {response.status_code}: {problem!r}")
                raise RpcError(
                    f"{name}: HTTP {response.status_code} {problem!r}"
                ) from None
            error = body.get("error")
            if error is None:
                if must_refuse:
                    response.failure(f"accepted, expected '{tolerate}'")
                    raise RpcError(f"{name} accepted, expected '{tolerate}'")
                response.success()
                return body["result"]
            message = error.get("data", {}).get("message") or error.get("message", "")
            if tolerate and tolerate in message:
                response.success()
                return Refused(message)
            response.failure(message[:300])
            raise RpcError(f"{name}: {message[:300]}")

    def login(self, login):
        result = self.rpc(
            "/web/session/authenticate",
            {"db": PLAN["db"], "login": login, "password": PLAN["password"]},
            "/web/session/authenticate",
        )
        self.login_name = login
        self.uid = result["uid"]
        self.odoo_context = {
            "lang": "en_US",
            "tz": "UTC",
            "uid": self.uid,
            "allowed_company_ids": [result["user_companies"]["current_company"]],
        }

    def call_kw(self, model, method, args, kwargs=None, **options):
        kwargs = dict(kwargs or {}, context=self.odoo_context)
        return self.rpc(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs},
            f"call_kw {method}",
            **options,
        )

    def call_button(self, model, method, record_id, **options):
        return self.rpc(
            f"/web/dataset/call_button/{model}/{method}",
            {
                "model": model,
                "method": method,
                "args": [[record_id]],
                "kwargs": {"context": self.odoo_context},
            },
            f"call_button {method}",
            **options,
        )

    def think(self, what):
        """The pause of a person: PLAN["think"][what] = (min, max) seconds."""
        gevent.sleep(random.uniform(*PLAN["think"][what]))

    def finish(self):
        STATE["finished"] += 1
        if STATE["finished"] == USERS:
            # Everyone is done: end the run now rather than at --run-time
            gevent.spawn_later(0.5, self.environment.runner.quit)
        raise StopUser()


class Rater(WebClient):
    weight = 1

    def on_start(self):
        login = next(RATERS, None)
        if login is None:
            self.finish()
        try:
            self.login(login)
        except RpcError as error:
            journal("unexpected", login=login, error=str(error))
            self.finish()

    @task
    def rate_the_next_colleague(self):
        try:
            self._rate_next()
        except RpcError as error:
            journal("unexpected", login=self.login_name, error=str(error))
            self.finish()

    def _rate_next(self):
        listing = self.call_kw(
            MODEL,
            "web_search_read",
            [],
            {
                "specification": LIST_SPEC,
                "domain": [
                    ("rater_id.user_id", "=", self.uid),
                    ("campaign_id", "=", PLAN["campaign_a"]),
                    ("state", "=", "pending"),
                ],
                "offset": 0,
                "limit": 80,
                "order": "",
                "count_limit": 10001,
            },
        )
        if not listing["records"]:
            journal("rater_done", login=self.login_name)
            self.finish()
        rating_id = listing["records"][0]["id"]
        self.think("pick")  # picks a colleague in the list
        form = self.call_kw(
            MODEL, "web_read", [[rating_id]], {"specification": FORM_SPEC}
        )
        line_ids = [line["id"] for line in form[0]["line_ids"]]
        self.think("fill")  # reads the form, scores, writes comments
        if rating_id % 6 == 1:
            self._refused_save(rating_id, line_ids)
            self.think("pick")  # reads the error, corrects the score
        answer = answer_for(rating_id, line_ids)
        self.call_kw(
            MODEL,
            "web_save",
            [
                [rating_id],
                {
                    "line_ids": [
                        [1, line_id, {"score_choice": choice}]
                        for line_id, choice in answer["lines"].items()
                    ],
                    "comment_positive": answer["comment_positive"],
                    "comment_improve": answer["comment_improve"],
                },
            ],
            {"specification": FORM_SPEC},
        )
        journal("save_ok", rating=rating_id, login=self.login_name, **answer)
        if rating_id % 5 == 0:
            self._double_click_submit(rating_id)
        else:
            self.call_button(MODEL, "action_submit", rating_id)
            self._submitted(rating_id)

    def _submitted(self, rating_id):
        STATE["submitted"] += 1
        journal("submit_ok", rating=rating_id, login=self.login_name)

    def _refused_save(self, rating_id, line_ids):
        """A score out of the scale with valid ones: refused as a whole."""
        refused = self.call_kw(
            MODEL,
            "web_save",
            [
                [rating_id],
                {
                    "line_ids": [
                        [1, line_id, {"score_choice": "4"}] for line_id in line_ids
                    ]
                    + [[1, line_ids[-1], {"score": 7}]],
                    "comment_positive": "Half of this must not be kept",
                },
            ],
            {"specification": FORM_SPEC},
            tolerate="1 to 5",
            must_refuse=True,
        )
        form = self.call_kw(
            MODEL, "web_read", [[rating_id]], {"specification": FORM_SPEC}
        )
        untouched = not form[0]["comment_positive"] and all(
            not line["score_choice"] for line in form[0]["line_ids"]
        )
        journal(
            "save_refused",
            rating=rating_id,
            message=refused.message,
            untouched=untouched,
        )

    def _double_click_submit(self, rating_id):
        """Submit twice at once: one call succeeds, the other is refused."""
        outcomes = []

        def click():
            try:
                result = self.call_button(
                    MODEL, "action_submit", rating_id, tolerate="already answered"
                )
            except RpcError as error:
                outcomes.append(("error", str(error)))
            else:
                if isinstance(result, Refused):
                    outcomes.append(("refused", result.message))
                else:
                    outcomes.append(("ok", ""))

        gevent.joinall([gevent.spawn(click), gevent.spawn(click)])
        journal("double_submit", rating=rating_id, outcomes=outcomes)
        if any(kind == "error" for kind, _ in outcomes):
            raise RpcError(f"double submit of {rating_id}: {outcomes}")
        if any(kind == "ok" for kind, _ in outcomes):
            self._submitted(rating_id)


class HrOfficer(WebClient):
    """Closes campaign B once a share of campaign A's answers are in."""

    fixed_count = 1

    def on_start(self):
        self.login(PLAN["hr"])

    @task
    def close_the_other_campaign(self):
        while STATE["submitted"] < PLAN["close_after_submitted"]:
            gevent.sleep(0.2)
        start = time.time()
        journal("close_start", submitted_before=STATE["submitted"])
        try:
            self.call_button(
                "internal.customer.campaign", "action_close", PLAN["campaign_b"]
            )
            journal("close_ok", seconds=time.time() - start)
        except RpcError as error:
            journal("unexpected", login=PLAN["hr"], error=str(error))
        self.finish()


@events.quitting.add_listener
def _close_journal(environment, **_kwargs):
    JOURNAL.close()
