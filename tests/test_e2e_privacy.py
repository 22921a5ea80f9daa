# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""End to end over JSON-RPC: a ratee and her manager try to learn who rated her.

A real Odoo server, a real database: three colleagues rate Rita, HR closes and
publishes the campaign, then Rita and her manager Max use every door an
integration has (read, search, group by, export, messages, tracking,
activities) and never get a rater's identity next to a score.
"""

import json
import uuid

import pytest

from .conftest import RpcError

SCORES = {"rater1": 2, "rater2": 4, "rater3": 5}


@pytest.fixture(scope="module")
def world(odoo_server):
    tag = uuid.uuid4().hex[:6]
    admin = odoo_server.login("admin", "admin")

    def ref(xmlid):
        module, name = xmlid.split(".")
        return admin(
            "ir.model.data",
            "search_read",
            [("module", "=", module), ("name", "=", name)],
            fields=["res_id"],
        )[0]["res_id"]

    user_group = ref("base.group_user")
    manager_group = ref("internal_customer.group_manager")

    def person(login, name, parent=None, manager=False):
        groups = [user_group] + ([manager_group] if manager else [])
        uid = admin(
            "res.users",
            "create",
            {
                "name": name,
                "login": f"{login}_{tag}",
                "password": f"{login}_{tag}_pw",
                "groups_id": [(6, 0, groups)],
            },
        )
        employee = admin(
            "hr.employee",
            "create",
            {
                "name": name,
                "user_id": uid,
                "parent_id": parent,
                "work_email": f"{login}@e2e.test",
            },
        )
        return {
            "uid": uid,
            "employee": employee,
            "login": f"{login}_{tag}",
            "name": name,
        }

    people = {"max": person("max", f"Max Manager {tag}", manager=True)}
    people["rita"] = person(
        "rita", f"Rita Ratee {tag}", parent=people["max"]["employee"]
    )
    for key in SCORES:
        people[key] = person(key, f"{key.title()} Rater {tag}")
    for key in SCORES:
        relation = admin(
            "internal.customer.relation",
            "create",
            {
                "provider_id": people["rita"]["employee"],
                "customer_id": people[key]["employee"],
                "service_name": "payroll questions",
                "date_start": "2020-01-01",
            },
        )
        admin("internal.customer.relation", "action_approve", [relation])
    campaign = admin(
        "internal.customer.campaign",
        "create",
        {
            "name": f"E2E campaign {tag}",
            "employee_ids": [(6, 0, [people["rita"]["employee"]])],
        },
    )
    admin("internal.customer.campaign", "action_launch", [campaign])

    rating_ids = []
    for key, score in SCORES.items():
        rater = odoo_server.login(people[key]["login"], f"{key}_{tag}_pw")
        [rating] = rater(
            "internal.customer.rating",
            "search_read",
            [("campaign_id", "=", campaign)],
            fields=["line_ids", "ratee_id"],
        )
        assert rating["ratee_id"][0] == people["rita"]["employee"]
        rater(
            "internal.customer.rating",
            "write",
            [rating["id"]],
            {
                "line_ids": [
                    (1, line, {"score": score}) for line in rating["line_ids"]
                ],
                "comment_positive": f"Signed {people[key]['name']}",
                "comment_improve": "More self-service answers",
            },
        )
        rater("internal.customer.rating", "action_submit", [rating["id"]])
        rating_ids.append(rating["id"])
    admin("internal.customer.campaign", "action_close", [campaign])
    admin("internal.customer.campaign", "action_publish", [campaign])
    # A second round, open, with its invitations sent (the cron run as its
    # worker would): the raters have to-dos that nobody else may see
    open_campaign = admin(
        "internal.customer.campaign",
        "create",
        {
            "name": f"E2E open campaign {tag}",
            "employee_ids": [(6, 0, [people["rita"]["employee"]])],
        },
    )
    admin("internal.customer.campaign", "action_launch", [open_campaign])
    admin(
        "ir.cron",
        "method_direct_trigger",
        [ref("internal_customer.ir_cron_send_invitations")],
    )
    rater_names = [people[key]["name"] for key in SCORES]
    rater_employees = [people[key]["employee"] for key in SCORES]
    rater_uids = [people[key]["uid"] for key in SCORES]
    return {
        "server": odoo_server,
        "admin": admin,
        "people": people,
        "tag": tag,
        "campaign": campaign,
        "rating_ids": rating_ids,
        "rater_names": rater_names,
        "rater_employees": rater_employees,
        "rater_uids": rater_uids,
    }


def _session(world, key):
    person = world["people"][key]
    return world["server"].login(person["login"], f"{key}_{world['tag']}_pw")


def _assert_no_rater_in(world, payload):
    text = json.dumps(payload)
    for name in world["rater_names"]:
        assert name not in text, f"{name} leaked"


@pytest.mark.parametrize("who", ["rita", "max", "admin"])
def test_nobody_reads_individual_ratings(world, who):
    session = world["admin"] if who == "admin" else _session(world, who)
    ids = world["rating_ids"]
    assert session("internal.customer.rating", "search", []) == []
    assert (
        session("internal.customer.rating", "search_count", [("rater_id", "!=", False)])
        == 0
    )
    assert (
        session("internal.customer.rating.line", "search_read", [], fields=["score"])
        == []
    )
    groups = session(
        "internal.customer.rating",
        "read_group",
        [],
        fields=["rater_id"],
        groupby=["rater_id"],
    )
    assert groups == []
    for method, args in (
        ("read", [ids, ["rater_id", "line_ids"]]),
        ("export_data", [ids, ["rater_id/name", "line_ids/score"]]),
    ):
        with pytest.raises(RpcError) as error:
            session("internal.customer.rating", method, *args)
        assert error.value.name in (
            "odoo.exceptions.AccessError",
            "odoo.exceptions.UserError",
        )


@pytest.mark.parametrize("who", ["rita", "max"])
def test_results_and_comments_carry_no_rater(world, who):
    session = _session(world, who)
    rita = world["people"]["rita"]["employee"]
    results = session(
        "internal.customer.result",
        "search_read",
        [("employee_id", "=", rita), ("campaign_id", "=", world["campaign"])],
    )
    overall = [r for r in results if not r["dimension_id"] and not r["relation_type"]]
    assert len(overall) == 1
    assert overall[0]["rater_count"] == 3
    assert overall[0]["mean"] == pytest.approx(11 / 3)
    _assert_no_rater_in(world, results)
    fields = session("internal.customer.result", "fields_get", attributes=["relation"])
    assert not {"rater_id", "rating_id", "rating_ids"} & set(fields)

    comments = session(
        "internal.customer.comment",
        "search_read",
        [("employee_id", "=", rita)],
    )
    # The text is the rater's own words; nothing else points back to them
    assert len(comments) == 6
    for comment in comments:
        assert comment["create_uid"][0] not in world["rater_uids"]
        assert comment["write_uid"][0] not in world["rater_uids"]
    fields = session("internal.customer.comment", "fields_get", attributes=["relation"])
    assert not any(
        f.get("relation") == "internal.customer.rating" for f in fields.values()
    )
    # Group by what could identify someone: one group for all of them
    groups = session(
        "internal.customer.comment",
        "read_group",
        [("employee_id", "=", rita)],
        fields=["create_uid"],
        groupby=["create_uid"],
        lazy=False,
    )
    assert len(groups) == 1
    # All copied at the same instant, in random order: time tells nothing
    assert len({c["create_date"] for c in comments}) == 1


@pytest.mark.parametrize("who", ["rita", "max"])
def test_messages_tracking_and_activities_reveal_nothing(world, who):
    session = _session(world, who)
    messages = session(
        "mail.message",
        "search_read",
        [
            (
                "model",
                "in",
                ["internal.customer.rating", "internal.customer.rating.line"],
            )
        ],
        fields=["body", "author_id"],
    )
    assert messages == []
    campaign_messages = session(
        "mail.message",
        "search_read",
        [
            ("model", "=", "internal.customer.campaign"),
            ("res_id", "=", world["campaign"]),
        ],
        fields=["body", "author_id"],
    )
    _assert_no_rater_in(world, campaign_messages)
    # Tracking values (readable by system administrators only) name no rater either
    tracking = world["admin"](
        "mail.tracking.value",
        "search_read",
        [("mail_message_id.model", "like", "internal.customer.%")],
        fields=[
            "old_value_char",
            "new_value_char",
            "old_value_integer",
            "new_value_integer",
        ],
    )
    _assert_no_rater_in(world, tracking)
    activities = session(
        "mail.activity",
        "search_read",
        [("res_model", "=", "internal.customer.rating")],
        fields=["res_id", "user_id"],
    )
    assert activities == []


def test_to_dos_are_the_raters_own(world):
    """The open round's to-dos exist (so the checks above can fail) and each
    rater reads only their own; the ratee, her manager and the admin none."""
    for key in SCORES:
        todos = _session(world, key)(
            "mail.activity",
            "search_read",
            [("res_model", "=", "internal.customer.rating")],
            fields=["user_id", "res_name"],
        )
        assert [t["user_id"][0] for t in todos] == [world["people"][key]["uid"]]
    for session in (_session(world, "rita"), _session(world, "max"), world["admin"]):
        assert (
            session(
                "mail.activity",
                "search_count",
                [("res_model", "=", "internal.customer.rating")],
            )
            == 0
        )
    followers = world["admin"](
        "mail.followers",
        "search_count",
        [("res_model", "=", "internal.customer.rating")],
    )
    assert followers == 0


def test_a_rater_reads_only_their_own_answer(world):
    rater = _session(world, "rater1")
    mine = rater(
        "internal.customer.rating",
        "search_read",
        [("campaign_id", "=", world["campaign"])],
        fields=["rater_id"],
    )
    assert len(mine) == 1
    others = [i for i in world["rating_ids"] if i != mine[0]["id"]]
    with pytest.raises(RpcError):
        rater("internal.customer.rating", "read", others, ["line_ids"])
