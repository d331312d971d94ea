"""`trusting_lecturekit`: the tests of a check run it with lecturekit's own implementation as the learner."""

import sys
from contextlib import contextmanager

import pytest


@contextmanager
def trusting_lecturekit():
    """Within it, a check accepts lecturekit's own code as the learner's (a learner's check rejects it)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys.modules["lecturekit.checks.compare"], "_reject_own", lambda name, own: None)
        yield


@pytest.fixture
def trusted():
    """`trusting_lecturekit` for a whole test (``@pytest.mark.usefixtures("trusted")``)."""
    with trusting_lecturekit():
        yield
