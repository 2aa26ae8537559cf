"""The role x URL matrix: which status each user gets on each page, one line per URL name
(rapidpro's ``CRUDLTestMixin`` idea), checked on the same walk as the leak test
(:mod:`tipnet.core.tests.test_no_leaks`), over the world of :mod:`leakworld`.

``only(users)``: those users get 200 on every visit of the URL, everyone else 403;
``only(users, {user: "404 200 ..."})``: the statuses of a user, visit by visit, where they
differ by record (the visits of a URL are listed in :func:`leakworld.visits`, in order).
A change of access shows here as a changed line: review it like a change of the policy table.
"""

from __future__ import annotations


def only(users: set[str], by_visit: dict[str, str] | None = None) -> dict[str, str | int]:
    statuses: dict[str, str | int] = {user: 200 for user in users}
    statuses.update(by_visit or {})
    return statuses


def everyone(status: int) -> dict[str, str | int]:
    return {"*": status}


def expected(matrix: dict[str, dict[str, str | int]], name: str, user: str, n: int) -> list[int]:
    """The statuses ``user`` should get on the ``n`` visits of URL ``name``."""
    assert name in matrix, f"{name}: add its line to url_matrix.MATRIX (who gets which status)"
    row = matrix[name]
    status = row.get(user, row.get("*", 403))
    if isinstance(status, int):
        return [status] * n
    return [int(s) for s in status.split()]


# fmt: off
MATRIX: dict[str, dict[str, str | int]] = {
    "audit:export": only({"admin"}),
    "audit:list": only({"admin", "auditor"}),
    # Caseloads: supervisors of their own organisation; a worker's page also to the worker
    # (the visits: the focal point's page, then the police investigator's).
    "caseload": only({"supervisor", "supervisor_btb"}),
    "caseload_unassigned": only({"supervisor", "supervisor_btb"}),
    "caseload_worker": only(set(), {"focalpoint": "200 403", "police": "403 200", "supervisor": "200 403"}),
    # Hand-offs (cases/handoffs.py): the referral of the child of the second case is read by her
    # police and the receiving council; a link request is answered by the case's police only
    # (the second visit: a request for a number that does not exist, which nobody answers).
    "cases:child_referral": only({"focalpoint", "police", "supervisor"}),
    "cases:child_referrals": only({"analyst", "auditor", "dual", "focalpoint", "pcct", "police", "police_other", "prosecutor", "socialworker", "supervisor", "supervisor_btb"}),
    "cases:link_request": only(set(), {"police": "200 403"}),
    "cases:link_request_new": only({"focalpoint", "supervisor"}),
    "cases:link_requests": only({"dual", "focalpoint", "police", "police_other", "prosecutor", "socialworker", "supervisor", "supervisor_btb"}),
    "cases:refer_child": only(set(), {"police": "200 200", "prosecutor": "200 403"}),
    "cases:charge_add": only(set(), {"police": "404 200 404", "prosecutor": "404 200 404"}),
    "cases:charge_correct": only({"police"}),
    "cases:charge_withdraw": only({"police"}),
    "cases:court_calendar": only({"analyst", "auditor", "dual", "pcct", "police", "police_other", "prosecutor", "socialworker"}),
    "cases:court_calendar_pdf": only({"analyst", "auditor", "dual", "pcct", "police", "police_other", "prosecutor", "socialworker"}),
    "cases:create": only({"dual", "police", "police_other", "prosecutor", "socialworker"}),
    "cases:detail": only({"analyst", "auditor", "dual", "pcct", "police", "prosecutor"}),
    "cases:document": only({"police", "prosecutor"}),
    "cases:document_add": only({"police", "prosecutor"}),
    "cases:edit": only({"police", "prosecutor"}),
    "cases:event_add": only({"police", "prosecutor"}),
    "cases:hearing_add": only({"police", "prosecutor"}),
    "cases:hearing_update": only({"police", "prosecutor"}),
    "cases:hearings": only({"analyst", "auditor", "dual", "pcct", "police", "police_other", "prosecutor", "socialworker"}),
    "cases:import": only({"dual", "police", "police_other", "prosecutor", "socialworker"}),
    "cases:import_job": only({"police"}),
    "cases:import_template": only({"dual", "police", "police_other", "prosecutor", "socialworker"}),
    "cases:list": only({"analyst", "auditor", "dual", "pcct", "police", "police_other", "prosecutor", "socialworker"}),
    "cases:person_add": only({"police", "prosecutor"}),
    "cases:person_correct": only({"police"}),
    "cases:person_withdraw": only({"police"}),
    "cases:pipeline": only({"analyst", "auditor", "dual", "pcct", "police", "police_other", "prosecutor", "socialworker"}),
    "cases:step_add": only(set(), {"police": "404 404 404 200 200 200 404 404 404", "prosecutor": "404 404 404 200 200 200 404 404 404"}),
    # Corrections: only the recording organisation (the police recorded the steps); the copy
    # kept by a correction is no longer in force (404).
    "cases:step_correct": only(set(), {"police": "200 200 200 404", "prosecutor": "403 403 403 404"}),
    "cases:step_withdraw": only(set(), {"police": "200 200 200 404", "prosecutor": "403 403 403 404"}),
    # Printed summaries: whoever may open the case page, named as the page names them.
    "cases:summary_pdf": only({"analyst", "auditor", "dual", "pcct", "police", "prosecutor"}),
    "cases:verdict_add": only({"police", "prosecutor"}),
    "cases:verdict_correct": only(set(), {"police": "404", "prosecutor": "404"}),  # no verdict yet
    "cases:verdict_withdraw": only(set(), {"police": "404", "prosecutor": "404"}),
    "geo:children": everyone(200),
    "geo:search": everyone(200),
    "home": everyone(200),
    "login": everyone(302),
    "notifications": everyone(200),
    "password_change": everyone(200),
    "password_forgot": everyone(200),
    "password_reset_confirm": everyone(404),  # email resets are off unless configured
    "password_reset_sent": everyone(200),
    "people:create": only({"dual", "focalpoint", "police", "police_other", "prosecutor", "socialworker", "supervisor", "supervisor_btb"}),
    # The fifth person is the child of the council's protection case referred to the Battambang
    # shelter: its social worker sees her (never identified: the consent decides, on the
    # referral page) while the referral is accepted (people/keys.py, protection/person_keys.py).
    "people:detail": only(set(), {"analyst": "200 200 403 200 200", "pcct": "200 200 403 403 200", "police": "200 200 200 403 403", "police_other": "403 403 403 200 403", "prosecutor": "200 200 403 403 403", "focalpoint": "200 403 403 403 200", "auditor": "200 200 403 200 200", "dual": "200 200 403 403 200", "supervisor": "403 403 403 403 200", "socialworker": "403 403 403 403 200"}),
    "people:document_add": only(set(), {"police": "200 200 200 403 403", "police_other": "403 403 403 200 403", "focalpoint": "403 403 403 403 200", "supervisor": "403 403 403 403 200"}),
    "people:document_edit": only(set(), {"police": "200 200 200 200 403", "police_other": "403 403 403 403 200"}),
    "people:document_remove": only(set(), {"police": "200 200 200 200 403", "police_other": "403 403 403 403 200"}),
    "people:edit": only(set(), {"police": "200 200 200 403 403", "police_other": "403 403 403 200 403", "focalpoint": "403 403 403 403 200", "supervisor": "403 403 403 403 200"}),
    "people:export": only({"dual", "police", "police_other", "prosecutor", "socialworker", "supervisor", "supervisor_btb"}),
    "people:list": only({"analyst", "auditor", "dual", "focalpoint", "pcct", "police", "police_other", "prosecutor", "socialworker", "supervisor", "supervisor_btb"}),
    "people:photo": only(set(), {"police": "200 404 404 403 403", "police_other": "403 403 403 404 403", "prosecutor": "200 404 403 403 403", "focalpoint": "200 403 403 403 404", "supervisor": "403 403 403 403 404"}),
    # Prevention (visits: the NGO's session in Poipet district, the volunteer's village
    # meeting): each recorder its own organisation's, the committees and analysts all of
    # their jurisdiction, as counts (names: prevention/rules.py, the leak markers).
    # The village register (community app): kept by the village's volunteer and the commune's
    # focal point, counted by the analysts, the provincial committee and the auditors. The
    # home page sends the volunteer to the village, the focal point to the commune (302); the
    # second village is in Battambang (outside the province and the commune); the contact
    # and return forms are 404 for the migrant back home.
    "community:home": only({"analyst", "auditor", "dual", "pcct"}, {"focalpoint": "302", "volunteer": "302"}),
    "community:village": only(set(), {"analyst": "200 200", "auditor": "200 200", "dual": "200 403", "focalpoint": "200 403", "pcct": "200 403", "volunteer": "200 403"}),
    "community:commune": only({"analyst", "auditor", "dual", "focalpoint", "pcct"}),
    "community:migrant": only({"analyst", "auditor", "dual", "focalpoint", "pcct", "volunteer"}),
    "community:migrant_new": only({"focalpoint", "volunteer"}),
    "community:migrant_edit": only({"focalpoint", "volunteer"}),
    "community:contact_new": only(set(), {"focalpoint": "200 404", "volunteer": "200 404"}),
    "community:return_new": only(set(), {"focalpoint": "200 404", "volunteer": "200 404"}),
    "prevention:attendance": only({"analyst", "auditor", "dual", "pcct"}, {"prevention": "200 403", "volunteer": "403 200"}),
    "prevention:attendance_remove": only({"prevention"}),
    # The action plan of the session; the village meeting has none (404 to who may change it).
    "prevention:action_add": only(set(), {"prevention": "200 403", "volunteer": "403 404"}),
    "prevention:action_update": only({"prevention"}),
    "prevention:create": only({"dual", "pcct", "prevention", "volunteer"}),
    # Projects and campaigns (visits: the NGO's project in Banteay Meanchey; its campaign of the
    # whole country, open to everyone who may list prevention work): changed by the NGO alone.
    "prevention:projects": only({"analyst", "auditor", "dual", "pcct", "prevention", "volunteer"}),
    "prevention:project_create": only({"dual", "pcct", "prevention", "volunteer"}),
    "prevention:project": only({"analyst", "auditor", "dual", "pcct", "prevention"}),
    "prevention:project_edit": only({"prevention"}),
    "prevention:project_export": only({"analyst", "dual", "pcct", "prevention"}),
    # Deleting asks first (the project has the session: refused until it is moved out).
    "prevention:project_delete": only({"prevention"}),
    "prevention:project_target_remove": only({"prevention"}),
    "prevention:campaigns": only({"analyst", "auditor", "dual", "pcct", "prevention", "volunteer"}),
    "prevention:campaign_create": only({"dual", "pcct", "prevention", "volunteer"}),
    "prevention:campaign": only({"analyst", "auditor", "dual", "pcct", "prevention", "volunteer"}),
    "prevention:campaign_edit": only({"prevention"}),
    "prevention:campaign_export": only({"analyst", "dual", "pcct", "prevention", "volunteer"}),
    "prevention:campaign_delete": only({"prevention"}),
    "prevention:campaign_target_remove": only({"prevention"}),
    # Committees (visits: the provincial committee of Banteay Meanchey, then the NCCT): whoever
    # may list a committee's memberships (services_committees), changed by the committee's own.
    "prevention:committees": only({"analyst", "auditor", "dual", "pcct", "prevention", "volunteer"}),
    "prevention:committee": only(set(), {"analyst": "200 200", "auditor": "200 200", "dual": "200 403", "pcct": "200 403"}),
    "prevention:member_add": only(set(), {"pcct": "200 403"}),
    "prevention:member_end": only({"pcct"}),
    "prevention:member_role": only({"pcct"}),
    # Members present: the committee's meeting, then the NGO's session (no committee: 404).
    "prevention:present": only(set(), {"pcct": "200 403", "prevention": "403 404"}),
    "prevention:detail": only({"analyst", "auditor", "dual", "pcct"}, {"prevention": "200 403", "volunteer": "403 200"}),
    "prevention:edit": only(set(), {"prevention": "200 403", "volunteer": "403 200"}),
    "prevention:list": only({"analyst", "auditor", "dual", "pcct", "prevention", "volunteer"}),
    # Groups and networks: listed as activities are; the NGO's peer group changed by the NGO.
    "prevention:group_list": only({"analyst", "auditor", "dual", "pcct", "prevention", "volunteer"}),
    "prevention:group_create": only({"dual", "pcct", "prevention", "volunteer"}),
    "prevention:group_detail": only({"analyst", "auditor", "dual", "pcct", "prevention"}),
    "prevention:group_edit": only({"prevention"}),
    "prevention:group_member_left": only({"prevention"}),
    "prevention:group_member_role": only({"prevention"}),
    "prevention:overdue": only({"analyst", "auditor", "dual", "pcct", "prevention", "volunteer"}),
    # Photos (visits: the session's ordinary photo, then its photo of recognisable children):
    # the latter is not there (404) for everyone outside the NGO that uploaded it.
    "prevention:photos": only({"analyst", "auditor", "dual", "pcct"}, {"prevention": "200 403", "volunteer": "403 200"}),
    "prevention:photo": only(set(), {"analyst": "200 404", "auditor": "200 404", "dual": "200 404", "pcct": "200 404", "prevention": "200 200"}),
    # Its thumbnail: the same view, so the same statuses.
    "prevention:photo_thumbnail": only(set(), {"analyst": "200 404", "auditor": "200 404", "dual": "200 404", "pcct": "200 404", "prevention": "200 200"}),
    "prevention:photo_delete": only(set(), {"analyst": "403 404", "auditor": "403 404", "dual": "403 404", "pcct": "403 404", "prevention": "200 200"}),
    "prevention:plan": only({"analyst", "auditor", "dual", "pcct"}, {"prevention": "200 403", "volunteer": "403 200"}),
    # Its history: exactly whoever sees the plan.
    "prevention:plan_history": only({"analyst", "auditor", "dual", "pcct"}, {"prevention": "200 403", "volunteer": "403 200"}),
    "prevention:refreshers": only({"dual", "pcct", "prevention", "volunteer"}),
    "prevention:reach": only({"analyst", "auditor", "dual", "pcct", "prevention", "volunteer"}),
    "prevention:reach_export": only({"analyst", "dual", "pcct", "prevention", "volunteer"}),
    "protection:answer": only({"focalpoint", "supervisor"}, {"socialworker": "200 200 200 200 200 403 403 403 403 403"}),
    "protection:assessment_add": only({"focalpoint", "supervisor"}),
    # Corrections: only the recording organisation (the commune council recorded them); the
    # copy kept by a correction is no longer in force (404). Reopening: the supervisor only
    # (protection:reopen).
    "protection:assessment_correct": only({"focalpoint", "supervisor"}),
    "protection:assessment_withdraw": only({"focalpoint", "supervisor"}),
    "protection:care_plan_correct": only({"focalpoint", "supervisor"}),
    "protection:care_plan_withdraw": only({"focalpoint", "supervisor"}),
    "protection:care_plan_add": only({"focalpoint", "supervisor"}),
    "protection:care_plan_progress": only({"focalpoint", "supervisor"}),
    "protection:close": only({"focalpoint", "supervisor"}),
    "protection:consent_add": only({"focalpoint", "supervisor"}),
    "protection:consent_withdraw": only({"focalpoint", "supervisor"}),
    "protection:create": only(set(), {"socialworker": "200 404 404 404 404 404", "focalpoint": "200 200 404 404 404 200", "supervisor": "200 404 404 404 404 200", "supervisor_btb": "200 404 404 404 404 404"}),
    # The shelter that accepted REF1 is sent to the referral's page (what the consent covers).
    "protection:detail": only({"analyst", "auditor", "dual", "focalpoint", "pcct", "supervisor"}, {"socialworker": "302 403"}),
    "protection:directory": only({"analyst", "auditor", "dual", "focalpoint", "pcct", "socialworker", "supervisor", "supervisor_btb"}),
    "protection:edit": only({"focalpoint", "supervisor"}),
    "protection:follow_ups": only({"analyst", "auditor", "dual", "focalpoint", "pcct", "socialworker", "supervisor", "supervisor_btb"}),
    "protection:identification_add": only({"focalpoint", "supervisor"}),
    "protection:identification_correct": only(set(), {"focalpoint": "200 404", "supervisor": "200 404"}),
    "protection:identification_withdraw": only(set(), {"focalpoint": "200 404", "supervisor": "200 404"}),
    "protection:indicators": only({"analyst", "auditor", "dual", "focalpoint", "pcct", "socialworker", "supervisor", "supervisor_btb"}),
    "protection:link_case": only({"focalpoint", "supervisor"}),
    "protection:list": only({"analyst", "auditor", "dual", "focalpoint", "pcct", "socialworker", "supervisor", "supervisor_btb"}),
    "protection:note_add": only(set(), {"socialworker": "200 403"}),  # the receiver of REF1 only
    "protection:refer": only({"focalpoint", "supervisor"}),
    "protection:referral": only({"analyst", "auditor", "dual", "focalpoint", "pcct", "supervisor"}, {"socialworker": "200 403"}),
    "protection:referrals": only({"analyst", "auditor", "dual", "focalpoint", "pcct", "socialworker", "supervisor", "supervisor_btb"}),
    "protection:reopen": only({"supervisor"}),
    "protection:return_add": only({"focalpoint", "supervisor"}),
    "protection:service_add": only(set(), {"socialworker": "200 403"}),
    "protection:stage": only({"focalpoint", "supervisor"}),
    "protection:stay_add": only(set(), {"socialworker": "200 403"}),
    "protection:stay_edit": only(set(), {"socialworker": "200"}),
    "protection:summary_pdf": only({"analyst", "auditor", "dual", "focalpoint", "pcct", "supervisor"}),
    "protection:visit": only({"focalpoint", "supervisor"}),
    "search": only({"analyst", "auditor", "dual", "focalpoint", "pcct", "police", "police_other",
                    "prosecutor", "socialworker", "supervisor", "supervisor_btb"}),
    "two_factor_replace": everyone(200),
    "two_factor_setup": everyone(302),
    "two_factor_verify": everyone(200),
    # The admin site sends everyone but the administrators to its own login. The models that
    # other packages register (groups, two-factor devices, lockouts, the task queue) are not
    # under the access module and stay closed (403): devices are reset from the user's page.
    # The prevention code lists (activity types, topics) are the administrators' too, and so
    # are the register's risk weights and known exploitation list (community app).
    "admin": {"admin": "200 403 403 403 403 403 403 403 200 200 200 200 200 200 200 200 200 200 "
                       "200 200 200 200 200 200 200 200 200 200 200 403", "*": 302},
}
# fmt: on
