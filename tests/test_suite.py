"""The test suite's own set-up: what `make test` relies on to finish in time."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.xdist_group("suite")


def test_xdist_groups_are_in_effect(request):
    """Under `--dist loadgroup` a grouped test's id carries its group, which keeps the tests
    sharing a costly session fixture (the example run, the client zoo) on one worker; a pytest
    the plugin cannot mark (pytest 9.2 with pytest-xdist 3.8) would build each one per worker."""
    if not getattr(request.config.option, "loadgroup", False):
        pytest.skip("not run with --dist loadgroup")
    assert request.node.nodeid.endswith("@suite"), request.node.nodeid
