import pytest

from socialworkbook import ranking


@pytest.mark.parametrize(
    ("values", "n", "expected"),
    [
        ({}, 1, []),  # nothing to lead
        ({"a": 1, "b": 3, "c": 2}, 1, ["b"]),  # one leader
        ({"a": 3, "b": 1, "c": 3}, 1, ["a", "c"]),  # two tied, in the given order
        ({"a": 4, "b": 4, "c": 4, "d": 4}, 1, ["a", "b", "c", "d"]),  # all four tied
        ({"a": 5, "b": 2, "c": 3}, 2, ["a", "c"]),  # the two largest, largest first
        ({"a": 5, "b": 3, "c": 3, "d": 1}, 2, ["a", "b", "c"]),  # a tie at second place
        ({"a": 1}, 2, ["a"]),
    ],
)
def test_leaders_keep_every_tie(values, n, expected):
    assert ranking.leaders(values, n=n) == expected
