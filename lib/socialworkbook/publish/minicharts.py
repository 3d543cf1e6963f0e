"""Small inline SVG charts for the kit's own pages (client history, portfolio).

Python computes the geometry; the Jinja templates (`minicharts.html.j2`) write the markup with
escaping on, so a page stays one offline file that runs no script and every point can be a link.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["WIDTH", "HEIGHT", "series_chart", "strip_chart", "sparkline"]

WIDTH, HEIGHT = 320, 150
_LEFT, _RIGHT, _TOP, _BOTTOM = 44, 12, 10, 28


def series_chart(points: list[dict], *, fmt: str = "{:.1f}") -> dict:
    """A chart of values over periods: points with optional interval, each with a link.

    `points`: dicts with `label` (the period), `value` (None: left out), optional `low` and
    `high` (the interval), `href` and `text` (the tooltip). Returns the geometry for the template.
    """
    shown = [p for p in points if p.get("value") is not None]
    bounds = [p[k] for p in shown for k in ("value", "low", "high") if p.get(k) is not None]
    scale = _scale(bounds)
    step = (WIDTH - _LEFT - _RIGHT) / max(len(points), 1)
    placed = []
    for i, point in enumerate(points):
        x = _LEFT + step * (i + 0.5)
        item = {"x": round(x, 1), "label": point["label"], "href": point.get("href", "")}
        if point.get("value") is not None:
            item |= {"y": scale(point["value"]), "text": point.get("text", "")}
            if point.get("low") is not None and point.get("high") is not None:
                item |= {"low": scale(point["low"]), "high": scale(point["high"])}
        placed.append(item)
    line = " ".join(f"{p['x']},{p['y']}" for p in placed if "y" in p)
    return _frame(bounds, scale, fmt) | {"points": placed, "line": line}


def strip_chart(values: list[dict], *, fmt: str = "{:.1f}") -> dict:
    """One figure's distribution across clients: a dot per client on a horizontal axis.

    `values`: dicts with `value`, `text` (the tooltip) and `href`; the quartiles are marked.
    """
    numbers = sorted(v["value"] for v in values)
    if not numbers:
        return {"width": WIDTH, "dots": [], "ticks": [], "quartiles": []}
    low, high = _nice(numbers[0], numbers[-1])
    span = high - low

    def x(value: float) -> float:
        return round(_LEFT + (WIDTH - _LEFT - _RIGHT) * (value - low) / span, 1)

    ordered = sorted(values, key=lambda v: v["value"])
    dots = [
        {"x": x(v["value"]), "y": 22 + 8 * (i % 3), "text": v["text"], "href": v.get("href", "")}
        for i, v in enumerate(ordered)
    ]
    ticks = [{"x": x(t), "text": text} for t, text in _labelled_ticks(low, high, fmt)]
    quartiles = [x(float(q)) for q in np.percentile(numbers, [25, 50, 75])]
    return {"width": WIDTH, "dots": dots, "ticks": ticks, "quartiles": quartiles}


def sparkline(values: list[float | None], *, width: int = 90, height: int = 22) -> str:
    """The `points` of a polyline through `values` (None: a gap is bridged), "" under two."""
    known = [(i, v) for i, v in enumerate(values) if v is not None]
    if len(known) < 2:
        return ""
    low, high = min(v for _, v in known), max(v for _, v in known)
    step = (width - 4) / (len(values) - 1)

    def y(value: float) -> float:  # a flat series runs through the middle
        return (
            height / 2 if high == low else height - 2 - (height - 4) * (value - low) / (high - low)
        )

    return " ".join(f"{2 + step * i:.1f},{y(v):.1f}" for i, v in known)


def _frame(bounds: list[float], scale, fmt: str) -> dict:
    low, high = _nice(min(bounds), max(bounds)) if bounds else (0.0, 1.0)
    ticks = [{"y": scale(t), "text": text} for t, text in _labelled_ticks(low, high, fmt)]
    zero = scale(0.0) if low < 0 < high else None
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": _LEFT,
        "right": WIDTH - _RIGHT,
        "bottom": HEIGHT - _BOTTOM,
        "ticks": ticks,
        "zero": zero,
    }


def _scale(bounds: list[float]):
    low, high = _nice(min(bounds), max(bounds)) if bounds else (0.0, 1.0)
    top, bottom = _TOP, HEIGHT - _BOTTOM

    def y(value: float) -> float:
        return round(bottom - (bottom - top) * (value - low) / (high - low), 1)

    return y


def _nice(low: float, high: float) -> tuple[float, float]:
    """Round bounds around [low, high] (a span of at least one unit of the data's size)."""
    if low == high:
        pad = abs(low) * 0.1 or 1.0
        low, high = low - pad, high + pad
    step = _step(low, high)
    return math.floor(low / step) * step, math.ceil(high / step) * step


def _step(low: float, high: float) -> float:
    raw = (high - low) / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)


def _ticks(low: float, high: float) -> list[float]:
    step = _step(low, high)
    count = round((high - low) / step)
    return [low + i * step for i in range(count + 1)]


def _labelled_ticks(low: float, high: float, fmt: str) -> list[tuple[float, str]]:
    """The ticks with their labels in `fmt`, or with as many decimals as the step needs where
    `fmt` would round a tick (2.2 for 2.25, or 0.6 twice for a step of 0.05)."""
    ticks, step = _ticks(low, high), _step(low, high)
    percent = "%" in fmt  # "{:.0%}": 0.25 is printed 25%
    texts = [fmt.format(t) for t in ticks]
    shown = [_number(text, percent) for text in texts]
    if any(not math.isclose(s, t, abs_tol=step / 1e6) for s, t in zip(shown, ticks, strict=True)):
        unit = 100 * step if percent else step
        decimals = next(d for d in range(12) if math.isclose(round(unit, d), unit))
        texts = [f"{t:.{decimals}%}" if percent else f"{t:,.{decimals}f}" for t in ticks]
    return list(zip(ticks, texts, strict=True))


def _number(text: str, percent: bool) -> float:
    value = float(text.replace(",", "").rstrip("%"))
    return value / 100 if percent else value
