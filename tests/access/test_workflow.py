"""The request state machine on its own: which step is legal from which state."""

from __future__ import annotations

import pytest

from ckanext.imnet.access import workflow
from ckanext.imnet.model import AccessRequest

STATES = (
    "submitted",
    "needs_info",
    "approved",
    "rejected",
    "withdrawn",
    "expired",
    "revoked",
)
# step -> states it may start from (BRIEF §4)
LEGAL = {
    "request_info": {"submitted"},
    "respond": {"needs_info"},
    "approve": {"submitted"},
    "reject": {"submitted", "needs_info"},
    "withdraw": {"submitted", "needs_info"},
    "revoke": {"approved"},
    "expire": {"approved"},
}
TARGET = {
    "request_info": "needs_info",
    "respond": "submitted",
    "approve": "approved",
    "reject": "rejected",
    "withdraw": "withdrawn",
    "revoke": "revoked",
    "expire": "expired",
}


@pytest.mark.parametrize("step", list(LEGAL))
@pytest.mark.parametrize("state", STATES)
def test_each_step_is_legal_only_from_its_states(step, state):
    request = AccessRequest(state=state)
    if state in LEGAL[step]:
        assert workflow._check(request, step) is True
    elif state == TARGET[step]:
        # Repeating a step that already happened is harmless.
        assert workflow._check(request, step) is False
    else:
        with pytest.raises(workflow.IllegalTransition) as raised:
            workflow._check(request, step)
        assert str(raised.value)  # a message the user can read
