"""client.yaml: the contract's keys only, each checked, with the period and baseline resolved."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    ValidationInfo,
    field_validator,
)
from pydantic import ValidationError as PydanticError

from .. import vocab
from ..errors import Problem
from ..model import ClientConfig
from ..periods import PREVIOUS, Period, parse_period, resolve_baseline
from ..vocab import CONFIG_FILE
from .problems import problem, short_repr
from .raw import decode, safe_bytes, sha256_hex

_MAX_YAML_BYTES = 1 << 20


_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


def _as_period(value: Any) -> Period:
    if value is None:
        raise ValueError("is empty")
    return parse_period(value)


def _as_baseline(value: Any) -> Any:
    if isinstance(value, str) and value.strip() == PREVIOUS:
        return PREVIOUS
    return _as_period(value)


def _as_list(value: Any) -> Any:
    if value is None:
        return []
    return [value] if isinstance(value, str) else value


def _as_text(value: Any) -> Any:
    return "" if value is None else value


def _as_slug(value: str) -> str:
    if not vocab.SLUG.match(value):
        raise ValueError("is not a slug (lower-case a-z, 0-9, - and _)")
    return value


_PeriodField = Annotated[Period, BeforeValidator(_as_period)]


_BaselineField = Annotated[Period | str, BeforeValidator(_as_baseline)]


_TextField = Annotated[str, BeforeValidator(_as_text)]


_SlugList = Annotated[list[Annotated[str, AfterValidator(_as_slug)]], BeforeValidator(_as_list)]


_FORMS = "YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD..YYYY-MM-DD"


_KEY_HELP = {
    "name": "the client's name as reports show it, e.g. name: Acme Outdoor",
    "period": f"the reporting period: {_FORMS}, e.g. period: 2026-Q3",
    "baseline": f"the comparison period: {_FORMS} or previous, e.g. baseline: 2026-Q2",
    "peer_group": "a slug naming the clients benchmarked together, e.g. peer_group: retail",
    "industry": "free text, e.g. industry: outdoor retail",
    "currency": "free text, e.g. currency: EUR",
    "competitors": "a list of brand slugs, e.g. competitors: [rival-one, rival-two]",
    "brand": "the client's own brand slug as written in mentions.brand, e.g. brand: acme",
    "brand_color": 'a quoted hex colour (# starts a YAML comment), e.g. brand_color: "#1f4e79"',
    "logo": "a file inside the client folder, e.g. logo: logo.png",
    "dimensions": "a list of extra value-dimension slugs, e.g. dimensions: [employer_brand]",
    "language": "the language of the client's mentions when known, as a two-letter ISO 639-1 "
    "code, e.g. language: es (Spanish); without it the kit detects each mention's language",
}


class _ConfigFile(BaseModel):
    """The keys of client.yaml (CONTRACT.md section 1)."""

    model_config = ConfigDict(
        extra="forbid", arbitrary_types_allowed=True, coerce_numbers_to_str=True
    )

    name: str
    period: _PeriodField
    baseline: _BaselineField | None = None
    peer_group: _TextField = ""
    industry: _TextField = ""
    currency: _TextField = ""
    competitors: _SlugList = []
    brand: _TextField = ""
    brand_color: _TextField = ""
    logo: _TextField = ""
    dimensions: _SlugList = []
    language: _TextField = ""

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("is empty")
        return value.strip()

    @field_validator("brand", "peer_group")
    @classmethod
    def _brand(cls, value: str) -> str:
        return _as_slug(value) if value else value

    @field_validator("language")
    @classmethod
    def _language(cls, value: str) -> str:
        code = value.strip().lower()
        if code and code not in vocab.LANGUAGES:
            raise ValueError(
                "is not a two-letter ISO 639-1 language code the kit knows (English en, "
                "Spanish es, German de, ...: `socialworkbook docs client-folder` lists them)"
            )
        return code

    @field_validator("brand_color")
    @classmethod
    def _color(cls, value: str) -> str:
        if value and not _COLOR.match(value):
            raise ValueError("is not a colour written #rrggbb")
        return value.lower()

    @field_validator("logo")
    @classmethod
    def _logo(cls, value: str, info: ValidationInfo) -> str:
        if not value:
            return value
        folder: Path = (info.context or {})["folder"]
        if (
            Path(value).is_absolute()
            or value.startswith(("/", "\\"))
            or re.match(r"^[A-Za-z]:", value)
        ):
            raise ValueError(
                "is an absolute path; the logo must be a file inside the client folder"
            )
        if ".." in re.split(r"[\\/]", value):
            raise ValueError("leaves the client folder ('..'); the logo must be inside it")
        path = folder / value
        try:
            inside = path.resolve().is_relative_to(folder.resolve())
            exists = path.is_file()
        except (OSError, RuntimeError):
            inside, exists = False, False
        if not inside:
            raise ValueError("points outside the client folder")
        if not exists:
            raise ValueError("is not a file in the client folder")
        return Path(value).as_posix()


def read_config(
    folder: Path, listing: set[str], slug: str, sha256: dict[str, str]
) -> tuple[ClientConfig | None, set[str], list[Problem]]:
    """client.yaml as a ClientConfig (None when invalid), the client's own dimensions, problems."""
    if CONFIG_FILE not in listing:
        return (
            None,
            set(),
            [
                problem(
                    CONFIG_FILE,
                    "is missing",
                    "add client.yaml with at least `name:` and `period:` "
                    "(`socialworkbook new` writes a commented one)",
                )
            ],
        )
    data, problems = safe_bytes(folder, CONFIG_FILE, _MAX_YAML_BYTES)
    if data is None:
        return None, set(), problems
    sha256[CONFIG_FILE] = sha256_hex(data)
    text, problems = decode(data, CONFIG_FILE)
    if text is None:
        return None, set(), problems
    content, lines, problems = _load_yaml(text)
    if problems:
        return None, set(), problems
    own = content.get("dimensions") if isinstance(content, dict) else None
    dimensions = (
        {d for d in _as_list(own) if isinstance(d, str)} if isinstance(own, (list, str)) else set()
    )
    if not isinstance(content, dict):
        kind = "empty" if content is None else f"a {type(content).__name__}, not a set of keys"
        return (
            None,
            dimensions,
            [
                problem(
                    CONFIG_FILE,
                    f"is {kind}",
                    "write `key: value` lines, at least name: and period:",
                )
            ],
        )
    if "brand_color" in content and content["brand_color"] is None:
        return (
            None,
            dimensions,
            [
                problem(
                    CONFIG_FILE,
                    "is empty: a colour written #rrggbb without quotes is a YAML comment",
                    'put the colour in quotes, e.g. brand_color: "#1f4e79", or remove the line',
                    row=lines.get("brand_color"),
                    column="brand_color",
                )
            ],
        )
    try:
        parsed = _ConfigFile.model_validate(content, context={"folder": folder})
    except PydanticError as exc:
        problems = [_config_problem(error, lines) for error in exc.errors()]
        return None, dimensions, sorted(problems, key=lambda p: p.row or 0)
    config = ClientConfig(
        name=parsed.name,
        period=parsed.period,
        baseline=parsed.baseline,
        peer_group=parsed.peer_group,
        industry=parsed.industry,
        currency=parsed.currency,
        competitors=tuple(parsed.competitors),
        brand=parsed.brand or slug,
        brand_color=parsed.brand_color or ClientConfig.brand_color,
        logo=parsed.logo or None,
        dimensions=tuple(dict.fromkeys(parsed.dimensions)),
        language=parsed.language,
    )
    if config.brand in config.competitors:
        return (
            None,
            dimensions,
            [
                problem(
                    CONFIG_FILE,
                    "lists the client's own brand as a competitor",
                    "remove it from competitors (brand: names the client's own brand)",
                    row=lines.get("competitors"),
                    column="competitors",
                    value=config.brand,
                )
            ],
        )
    return config, dimensions, []


def config_values(folder: Path | str) -> dict[str, Any]:
    """client.yaml's keys as written, unchecked; {} when it cannot be read or is not a mapping.

    For what must work on a client that is not valid (`socialworkbook list`, the confidentiality
    check's terms); everything else reads a ClientConfig through `read_config`.
    """
    data, _ = safe_bytes(Path(folder), CONFIG_FILE, _MAX_YAML_BYTES)
    text = decode(data, CONFIG_FILE)[0] if data is not None else None
    try:
        content = yaml.safe_load(text) if text is not None else None
    except (yaml.YAMLError, RecursionError):
        return {}
    return content if isinstance(content, dict) else {}


def load_yaml(text: str) -> tuple[Any, list[Problem]]:
    """Safe-load a YAML text of the workspace (practice.yaml): the value and its problems (a
    syntax error, a repeated key); the one YAML reader of the kit is this module's."""
    value, _, problems = _load_yaml(text)
    return value, problems


def _load_yaml(text: str) -> tuple[Any, dict[str, int], list[Problem]]:
    """Safe-load YAML text: the value, the line of each top-level key, problems."""
    loader = None
    try:
        loader = yaml.SafeLoader(text)
        node = loader.get_single_node()
        lines = _key_lines(node)
        duplicates = _duplicate_keys(node)
        if duplicates:
            return None, lines, duplicates
        return loader.construct_document(node) if node is not None else None, lines, []
    except yaml.YAMLError as exc:
        return None, {}, [_yaml_problem(exc, text)]
    except RecursionError:
        return (
            None,
            {},
            [problem(CONFIG_FILE, "is nested too deeply", "write plain `key: value` lines")],
        )
    finally:
        if loader is not None:
            loader.dispose()


def _yaml_problem(exc: yaml.YAMLError, text: str) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    if isinstance(exc, yaml.reader.ReaderError):
        line = text.count("\n", 0, exc.position) + 1
        what = f"character #x{exc.character:04x} is not allowed"
    else:
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    if "constructor for the tag" in str(what):
        message = (
            f"uses a YAML tag that is not allowed ({what}): client.yaml holds plain values only"
        )
        fix = "remove the !!tag and write a plain value"
    else:
        message = f"is not valid YAML ({context + ', ' if context else ''}{what})"
        fix = "check indentation, colons and quotes on this line (`key: value`)"
    return problem(CONFIG_FILE, message, fix, row=line)


def _key_lines(node: yaml.Node | None) -> dict[str, int]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {
        str(k.value): k.start_mark.line + 1 for k, _ in node.value if isinstance(k, yaml.ScalarNode)
    }


def _duplicate_keys(node: yaml.Node | None) -> list[Problem]:
    if not isinstance(node, yaml.MappingNode):
        return []
    seen: dict[str, int] = {}
    problems = []
    for key, _ in node.value:
        if not isinstance(key, yaml.ScalarNode):
            continue
        line = key.start_mark.line + 1
        if key.value in seen:
            problems.append(
                problem(
                    CONFIG_FILE,
                    f"key '{key.value}' is given twice (first on line {seen[key.value]})",
                    "keep one of the two lines",
                    row=line,
                    column=str(key.value),
                )
            )
        else:
            seen[key.value] = line
    return problems


def _config_problem(error: dict[str, Any], lines: dict[str, int]) -> Problem:
    key = str(error["loc"][0]) if error["loc"] else ""
    value = None if error["type"] == "missing" else short_repr(error.get("input"))
    if error["type"] == "missing":
        message, fix = "is missing", f"add `{key}:` ({_KEY_HELP.get(key, '')})"
    elif error["type"] == "extra_forbidden":
        message = "is not a key client.yaml knows"
        fix = (
            f"check the spelling; the keys are: {', '.join(_KEY_HELP)} "
            "(`socialworkbook docs client-folder` explains each)"
        )
    else:
        message = str(error["msg"]).removeprefix("Value error, ").split("; write ")[0]
        if len(error["loc"]) > 1 and isinstance(error["loc"][1], int):
            message = f"item {error['loc'][1] + 1} {message}"
        fix = f"write {key} as {_KEY_HELP.get(key, '`socialworkbook docs client-folder` says')}"
    return Problem(CONFIG_FILE, lines.get(key), key or None, value, message, fix)


def reporting_period(
    period: str | None, config: ClientConfig | None
) -> tuple[Period | None, list[Problem]]:
    """The reporting period: `--period` when given, else client.yaml's."""
    if period is None:
        return (config.period if config else None), []
    try:
        return parse_period(period), []
    except ValueError as exc:
        return None, [
            Problem(
                "--period", None, None, str(period), str(exc), "pass --period as in client.yaml"
            )
        ]


def comparison_period(
    baseline: str | None, config: ClientConfig | None, period: Period | None
) -> tuple[Period | None, list[Problem]]:
    """The comparison period: `--baseline` when given, else client.yaml's; `previous` resolved."""
    if period is None:
        return None, []
    if baseline is None:
        return resolve_baseline(config.baseline if config else None, period), []
    try:
        value = PREVIOUS if baseline.strip() == PREVIOUS else parse_period(baseline)
    except ValueError as exc:
        return None, [
            Problem(
                "--baseline",
                None,
                None,
                str(baseline),
                str(exc),
                "pass --baseline as in client.yaml, or --baseline previous",
            )
        ]
    return resolve_baseline(value, period), []
