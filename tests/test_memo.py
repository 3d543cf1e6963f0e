"""The figures a batch run's notebooks share (`memo`): computed once per run and inputs, never
outside a batch run, never for other arguments or other inputs, and a damaged file is a miss."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from socialworkbook import memo
from tests.factories import make_client


@pytest.fixture
def calls():
    return []


@pytest.fixture
def sharing(tmp_path):
    memo.share_in(tmp_path / "derived")
    yield tmp_path / "derived"
    memo.share_in(None)


def _figure(calls, value=1.5):
    def compute():
        calls.append(value)
        return {"value": value, "frame": pd.DataFrame({"x": [value]})}

    return compute


def test_a_figure_is_computed_once_per_run_and_read_back_as_computed(sharing, calls):
    client = make_client()
    first = memo.remembered("figure", client, _figure(calls), "a")
    memo.share_in(sharing)  # the next notebook of the run: a new kernel reads the file
    again = memo.remembered("figure", client, _figure(calls), "a")
    assert calls == [1.5]
    assert again["value"] == 1.5
    pd.testing.assert_frame_equal(again["frame"], first["frame"])
    again["frame"].loc[0, "x"] = 9  # a caller changing its copy changes no other's
    assert memo.remembered("figure", client, _figure(calls), "a")["frame"].loc[0, "x"] == 1.5


def test_other_arguments_or_inputs_compute_their_own(sharing, calls):
    client = make_client()
    memo.remembered("figure", client, _figure(calls, 1.0), pd.DataFrame({"a": [1, 2]}))
    memo.remembered("figure", client, _figure(calls, 2.0), pd.DataFrame({"a": [1, 3]}))
    memo.remembered("other", client, _figure(calls, 3.0), pd.DataFrame({"a": [1, 2]}))
    edited = dataclasses.replace(client, inputs_sha256={"inputs.xlsx": "0" * 64})
    memo.remembered("figure", edited, _figure(calls, 4.0), pd.DataFrame({"a": [1, 2]}))
    assert calls == [1.0, 2.0, 3.0, 4.0]


def test_outside_a_batch_run_nothing_is_kept(tmp_path, calls):
    memo.share_in(None)
    client = make_client()
    for _ in range(2):
        memo.remembered("figure", client, _figure(calls), "a")
    assert calls == [1.5, 1.5]
    assert memo._state["folder"] is None and memo._state["kept"] == {}


def test_a_damaged_file_is_computed_again(sharing, calls):
    client = make_client()
    memo.remembered("figure", client, _figure(calls), "a")
    (kept,) = sharing.iterdir()
    kept.write_bytes(b"not a pickle")
    memo.share_in(sharing)
    assert memo.remembered("figure", client, _figure(calls), "a")["value"] == 1.5
    assert calls == [1.5, 1.5]


def test_shared_functions_compute_again_when_told_what_to_use(sharing, calls):
    @memo.shared("goals", unless=("estimates",))
    def goals(client, as_of=None, *, estimates=None):
        calls.append((as_of, estimates))
        return [as_of, estimates]

    client = make_client()
    assert goals(client) == goals(client, None) == [None, None]  # defaults bound alike
    assert goals(client, "2026-09-30") == ["2026-09-30", None]
    assert goals(client, estimates="given") == [None, "given"]
    assert goals(client, estimates="given") == [None, "given"]
    assert calls == [(None, None), ("2026-09-30", None), (None, "given"), (None, "given")]


def test_a_kept_file_that_would_call_anything_but_figures_is_a_miss(sharing, calls, tmp_path):
    """A kept file is read as data: a pickle naming a function outside numpy/pandas' own
    rebuilders and the kit's dataclasses (here `os.remove`) is refused, and the figure computed."""
    import os
    import pickle

    client = make_client()
    memo.remembered("figure", client, _figure(calls), "a")
    (kept,) = sharing.iterdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("still here")

    class Remove:
        def __reduce__(self):
            return (os.remove, (str(victim),))

    kept.write_bytes(pickle.dumps(Remove()))
    memo.share_in(sharing)
    assert memo.remembered("figure", client, _figure(calls), "a")["value"] == 1.5
    assert calls == [1.5, 1.5]
    assert victim.read_text() == "still here"
