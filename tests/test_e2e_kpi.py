# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""End to end over JSON-RPC: a campaign feeds an appraisal cycle.

HR sets a rule (internal customers 40 %, two manual KPIs 30 % each), runs a
campaign and a cycle; three colleagues rate Rosa; her manager fills the manual
KPIs and submits; the final score equals the hand computation below.
"""

import uuid

import pytest

from .conftest import RpcError


@pytest.fixture(scope="module")
def hr(odoo_server):
    return odoo_server.login("admin", "admin")


def test_final_score_matches_the_hand_computation(odoo_server, hr):
    tag = uuid.uuid4().hex[:6]
    department = hr("hr.department", "create", {"name": f"E2E KPI {tag}"})

    def person(name, parent=None, with_user=True):
        vals = {
            "name": f"{name} {tag}",
            "department_id": department,
            "parent_id": parent,
        }
        login = f"{name.lower()}_{tag}"
        if with_user:
            vals["user_id"] = hr(
                "res.users",
                "create",
                {"name": vals["name"], "login": login, "password": login + "_pw"},
            )
        return hr("hr.employee", "create", vals), login

    manager, manager_login = person("Mona")
    hr(
        "res.users",
        "write",
        [hr("hr.employee", "read", [manager], ["user_id"])[0]["user_id"][0]],
        {
            "groups_id": [
                (
                    4,
                    hr(
                        "ir.model.data",
                        "search_read",
                        [
                            ("module", "=", "internal_customer"),
                            ("name", "=", "group_manager"),
                        ],
                        fields=["res_id"],
                    )[0]["res_id"],
                )
            ]
        },
    )
    rosa, _ = person("Rosa", parent=manager)
    raters = [person(name) for name in ("Ray", "Rex", "Roy")]

    kpi_ic = hr("internal.kpi.definition", "search", [("code", "=", "ICI")])[0]
    kpi_obj = hr(
        "internal.kpi.definition",
        "create",
        {"name": f"Objectives {tag}", "code": f"OBJ-{tag}", "target": 100, "unit": "%"},
    )
    kpi_lead = hr(
        "internal.kpi.definition",
        "create",
        {
            "name": f"Lead time {tag}",
            "code": f"LEAD-{tag}",
            "target": 4,
            "direction": "lower",
            "unit": "days",
        },
    )
    # Weights that do not sum to 100 are refused, and nothing is written
    with pytest.raises(RpcError) as error:
        hr(
            "internal.kpi.weighting.rule",
            "create",
            {
                "name": f"Broken {tag}",
                "line_ids": [(0, 0, {"kpi_id": kpi_ic, "weight": 40})],
            },
        )
    assert "100" in str(error.value.args[0]["data"]["message"])
    assert not hr(
        "internal.kpi.weighting.rule", "search", [("name", "=", f"Broken {tag}")]
    )
    hr(
        "internal.kpi.weighting.rule",
        "create",
        {
            "name": f"E2E rule {tag}",
            "sequence": 1,
            "department_ids": [(6, 0, [department])],
            "line_ids": [
                (0, 0, {"kpi_id": kpi_ic, "weight": 40}),
                (0, 0, {"kpi_id": kpi_obj, "weight": 30}),
                (0, 0, {"kpi_id": kpi_lead, "weight": 30}),
            ],
        },
    )
    for rater, _login in raters:
        relation = hr(
            "internal.customer.relation",
            "create",
            {"provider_id": rosa, "customer_id": rater, "date_start": "2020-01-01"},
        )
        hr("internal.customer.relation", "action_approve", [relation])
    cycle = hr(
        "internal.kpi.cycle",
        "create",
        {
            "name": f"E2E cycle {tag}",
            "date_start": "2026-01-01",
            "date_end": "2026-12-31",
            "employee_ids": [(6, 0, [rosa])],
        },
    )
    action = hr("internal.kpi.cycle", "action_create_campaign", [cycle])
    campaign = action["res_id"]
    hr("internal.customer.campaign", "write", [campaign], {"deadline": "2099-01-01"})
    hr("internal.customer.campaign", "action_launch", [campaign])
    hr("internal.kpi.cycle", "action_start", [cycle])

    for (_rater, login), score in zip(raters, (4, 4, 5), strict=True):
        session = odoo_server.login(login, login + "_pw")
        [rating] = session(
            "internal.customer.rating",
            "search_read",
            [("campaign_id", "=", campaign)],
            fields=["line_ids"],
        )
        session(
            "internal.customer.rating",
            "write",
            [rating["id"]],
            {
                "line_ids": [
                    (1, line, {"score": score}) for line in rating["line_ids"]
                ],
                "comment_positive": "Clear and on time",
            },
        )
        session("internal.customer.rating", "action_submit", [rating["id"]])
    hr("internal.customer.campaign", "action_close", [campaign])

    mona = odoo_server.login(manager_login, manager_login + "_pw")
    [card] = mona(
        "internal.kpi.scorecard",
        "search_read",
        [("cycle_id", "=", cycle)],
        fields=["line_ids"],
    )
    lines = mona(
        "internal.kpi.scorecard.line",
        "read",
        card["line_ids"],
        ["kpi_id", "kind", "actual", "note"],
    )
    for line in lines:
        if line["kpi_id"][0] == kpi_obj:
            mona("internal.kpi.scorecard.line", "write", [line["id"]], {"actual": 90})
        elif line["kpi_id"][0] == kpi_lead:
            mona("internal.kpi.scorecard.line", "write", [line["id"]], {"actual": 5})
        else:
            assert line["note"].startswith("3 raters, index 83.3 (calibrated: ")
    mona("internal.kpi.scorecard", "action_submit", [card["id"]])
    [result] = mona(
        "internal.kpi.scorecard",
        "read",
        [card["id"]],
        ["final_score", "band", "state", "internal_index", "internal_rater_count"],
    )
    index = ((4 + 4 + 5) / 3 - 1) / 4 * 100  # 83.33
    expected = 0.4 * min(120, index / 75 * 100) + 0.3 * 90 + 0.3 * (4 / 5 * 100)
    print(f"final score {result['final_score']:.2f} (hand computation {expected:.2f})")
    assert result["state"] == "submitted"
    assert result["final_score"] == pytest.approx(expected, abs=0.01)
    assert result["band"] == "Exceeds expectations"
    assert result["internal_rater_count"] == 3
