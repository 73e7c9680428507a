"""Hypothesis strategies for documents that openapi.yaml allows.

`documents(name)` draws instances of a component schema, from a strategy compiled once from the
schema. Date-times come from `rfc3339_datetimes()`, which covers all of RFC 3339 (a JSON Schema
generator's own usually writes only the common shape, upper-case `T`/`Z` and six-digit
fractions): lower-case `t`/`z`, any number of fraction digits, `-00:00` and every offset up to
+/-23:59. Leap seconds (`:60`) are left out: Python's datetime cannot hold them and the JSON
Schema format checkers reject them, so no part of this project accepts them.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

from hypothesis import strategies as st

from tests.support.spec import load_spec

_COMPONENT = "#/components/schemas/"
MAX_ITEMS = 2
MAX_EXTRA_PROPERTIES = 1

RFC3339_DATE_TIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))"
)


def _offset(sign: str, hours: int, minutes: int) -> str:
    return f"{sign}{hours:02d}:{minutes:02d}"


def rfc3339_datetimes() -> st.SearchStrategy[str]:
    """RFC 3339 date-time strings in all the spellings the grammar allows (bar leap seconds)."""
    # One to nine digits as one text draw (st.from_regex costs about four times as much).
    digits = st.text(alphabet="0123456789", min_size=1, max_size=9).map(".{}".format)
    fraction = st.one_of(st.just(""), digits)
    offset = st.one_of(
        st.sampled_from(["Z", "z", "+00:00", "-00:00"]),
        st.builds(_offset, st.sampled_from("+-"), st.integers(0, 23), st.integers(0, 59)),
    )
    return st.builds(
        "{}{}{}{}{}".format,
        st.dates(min_value=dt.date(1, 1, 1)).map(dt.date.isoformat),
        st.sampled_from("Tt"),
        st.times().map(lambda t: t.replace(microsecond=0).isoformat()),
        fraction,
        offset,
    )


def instant_of(text: str) -> int:
    """Microseconds since 0001-01-01T00:00Z of an RFC 3339 date-time (fraction truncated).

    Written independently of the generated client, so comparing two strings by their instants
    does not trust the code under test. Raises ValueError for anything that is not RFC 3339.
    """
    match = RFC3339_DATE_TIME.fullmatch(text)
    if match is None:
        raise ValueError(f"not an RFC 3339 date-time: {text!r}")
    year, month, day, hour, minute, second = (int(g) for g in match.groups()[:6])
    fraction, zulu, sign, off_h, off_m = match.groups()[6:]
    local = dt.datetime(
        year, month, day, hour, minute, second, int((fraction or "0")[:6].ljust(6, "0"))
    )
    offset = 0 if zulu else (1 if sign == "+" else -1) * (int(off_h) * 60 + int(off_m))
    since = local - dt.datetime(1, 1, 1)
    return (since.days * 86_400 + since.seconds - offset * 60) * 1_000_000 + since.microseconds


# Keywords that only describe a schema; drawing ignores them.
_ANNOTATIONS = frozenset(
    {"description", "example", "externalDocs", "xml", "discriminator", "deprecated", "default"}
)
# The keywords _compiled() draws; any other one fails loudly instead of being drawn wrong.
_COMPILED = frozenset(
    {"$ref", "type", "nullable", "enum", "format", "items", "properties", "required"}
    | {"additionalProperties"}
)
_SCALAR_TYPES: dict[str, st.SearchStrategy[Any]] = {
    "string": st.text(),
    "integer": st.integers(),
    "number": st.integers() | st.floats(allow_nan=False, allow_infinity=False),
    "boolean": st.booleans(),
}


def _merged(pair: tuple[dict[str, Any], dict[str, Any]]) -> dict[str, Any]:
    declared, undeclared = pair
    return {**declared, **undeclared}


def _object(schema: dict[str, Any], at_least: int) -> st.SearchStrategy[dict[str, Any]]:
    """Every required property, any subset of the optional ones, and undeclared keys."""
    properties: dict[str, Any] = schema.get("properties", {})
    required = set(schema.get("required", []))
    declared = st.fixed_dictionaries(
        {key: _compiled(sub, at_least) for key, sub in properties.items() if key in required},
        optional={
            key: _compiled(sub, at_least) for key, sub in properties.items() if key not in required
        },
    )
    extra = schema.get("additionalProperties", True)
    if extra is False:
        return declared
    # Any JSON, or under a map (additionalProperties with a schema) values of the map's schema.
    values = JSON_VALUES if extra is True else _compiled(extra, at_least)
    names = frozenset(properties)
    keys = st.text(max_size=12).filter(lambda key: key not in names)
    undeclared = st.dictionaries(
        keys, values, min_size=at_least, max_size=at_least + MAX_EXTRA_PROPERTIES
    )
    return st.tuples(declared, undeclared).map(_merged)


def _compiled(schema: dict[str, Any], at_least: int) -> st.SearchStrategy[Any]:
    """A strategy for OpenAPI 3.0 `schema`, built once; each `$ref` draws from documents()."""
    unknown = set(schema) - _ANNOTATIONS - _COMPILED
    if unknown:
        raise NotImplementedError(f"documents() cannot draw {sorted(unknown)} yet: {schema}")
    ref = schema.get("$ref")
    if isinstance(ref, str):
        # OpenAPI 3.0 ignores a reference's siblings. Deferred: the target is built on first use.
        target = ref.removeprefix(_COMPONENT)
        return st.deferred(lambda: documents(target, undeclared=at_least > 0))
    kind, form = schema.get("type"), schema.get("format")
    strategy: st.SearchStrategy[Any]
    if "enum" in schema:
        strategy = st.sampled_from(schema["enum"])
    elif kind == "object":
        strategy = _object(schema, at_least)
    elif kind == "array":
        strategy = st.lists(_compiled(schema.get("items", {}), at_least), max_size=MAX_ITEMS)
    elif kind == "string" and form == "date-time":
        strategy = rfc3339_datetimes()
    elif kind in _SCALAR_TYPES and form is None:
        strategy = _SCALAR_TYPES[kind]
    elif kind is None and set(schema) <= _ANNOTATIONS | {"nullable"}:
        strategy = JSON_VALUES
    else:
        raise NotImplementedError(f"documents() cannot draw type {kind!r}, format {form!r} yet")
    return strategy | st.none() if schema.get("nullable") is True else strategy


@functools.cache
def documents(name: str, *, undeclared: bool = False) -> st.SearchStrategy[Any]:
    """Instances of component schema `name`, date-times drawn from rfc3339_datetimes().

    Every object has its required properties, any subset of its optional ones and up to
    MAX_EXTRA_PROPERTIES undeclared ones (any JSON; a map's entries are of the map's schema);
    with `undeclared=True`, at least one undeclared key more in every object at every depth.
    Arrays hold up to MAX_ITEMS items: the document tree nests a dozen levels deep, and longer
    arrays multiply its size without drawing a new shape.

    The strategy is built once per schema from Hypothesis's own strategies (fixed_dictionaries,
    lists, sampled_from ...); a keyword it does not know fails loudly. hypothesis-jsonschema,
    which drew these documents before, builds new strategies for every object it draws, which
    cost several times the drawing itself. Callers check the documents against the spec.
    """
    schema = load_spec()["components"]["schemas"][name]
    return _compiled(schema, 1 if undeclared else 0)


# JSON values of any shape, for properties a schema does not declare: every JSON type, and
# arrays and objects nested two deep (at most four leaves), containers two times in three.
# Spelled out rather than drawn with st.recursive, which retries a draw each time it overruns
# its leaf budget and cost about twice as much per value; undeclared values are most of what a
# document with extras draws.
_SCALARS: st.SearchStrategy[Any] = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)


def _same(value: Any) -> Any:
    return value


# One branch for all scalars: in `|` the five kinds would count as five, and containers would be
# drawn two times in seven.
_SCALAR: st.SearchStrategy[Any] = st.builds(_same, _SCALARS)
_SHALLOW: st.SearchStrategy[Any] = (
    _SCALAR | st.lists(_SCALARS, max_size=2) | st.dictionaries(st.text(), _SCALARS, max_size=2)
)
JSON_VALUES: st.SearchStrategy[Any] = (
    _SCALAR | st.lists(_SHALLOW, max_size=2) | st.dictionaries(st.text(), _SHALLOW, max_size=2)
)
