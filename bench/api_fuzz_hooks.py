"""Schemathesis hooks of `bench/api_fuzz.py` (loaded through SCHEMATHESIS_HOOKS).

The fuzzer signs in as a province manager, who may remove or change any membership, its own
included. A run that demoted its own user would test only 403s from then on, so every call that
would touch the fuzzing user's membership is pointed at a membership that does not exist (404)
or at another user; everything else is sent as generated.
"""

from __future__ import annotations

import os
from typing import Any

import schemathesis

MEMBERSHIPS = "/api/v1/memberships/"
# The membership id and username of the fuzzing user (set by bench/api_fuzz.py).
OWN_MEMBERSHIP = os.environ.get("API_FUZZ_MEMBERSHIP_ID", "")
OWN_USERNAME = os.environ.get("API_FUZZ_USERNAME", "").lower()
NO_SUCH_MEMBERSHIP = "999999999"
ANOTHER_USERNAME = "admin"


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    """Keep the fuzzing user's own membership out of reach of the calls that change one."""
    if not case.operation.path.startswith(MEMBERSHIPS):
        return
    method = case.method.upper()
    own_id = str((case.path_parameters or {}).get("id")) == OWN_MEMBERSHIP
    if method == "DELETE" and own_id:
        case.path_parameters["id"] = NO_SUCH_MEMBERSHIP
    body = case.body if isinstance(case.body, dict) else {}
    if method == "POST" and str(body.get("username", "")).lower() == OWN_USERNAME:
        body["username"] = ANOTHER_USERNAME
