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


# Groups that hold several test modules, and what they share. Any other group is one module's:
# a group serialises its tests on one worker, so independent modules in one group (the five
# runner modules were: about 10 min on one worker) keep `make test` long while the other idles.
SHARED_GROUPS = {
    "example_run": "the example run, a session fixture built once per worker",
    "jupyterlab": "JupyterLab servers driven in a browser, kept one at a time",
}


def test_a_group_spans_several_modules_only_when_they_share_something():
    import re
    from pathlib import Path

    tests = Path(__file__).parent
    modules: dict[str, set[str]] = {}
    for path in tests.rglob("test_*.py"):
        for name in re.findall(r"xdist_group\(\s*[\"']([^\"']+)[\"']", path.read_text()):
            modules.setdefault(name, set()).add(str(path.relative_to(tests)))
    assert modules, "no xdist_group found: the scan is broken"
    spanning = {name: sorted(found) for name, found in modules.items() if len(found) > 1}
    assert set(spanning) <= set(SHARED_GROUPS), spanning
