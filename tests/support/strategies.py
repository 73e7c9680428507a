"""Hypothesis strategies for documents that openapi.yaml allows.

`documents(name)` draws instances of a component schema with hypothesis-jsonschema. Its own
date-time generator only writes the common shape (upper-case `T`/`Z`, six-digit fractions), so
date-times come from `rfc3339_datetimes()` instead, which covers the rest of RFC 3339: lower-case
`t`/`z`, any number of fraction digits, `-00:00` and every offset up to +/-23:59. Leap seconds
(`:60`) are left out: Python's datetime cannot hold them and the JSON Schema format checkers
reject them, so no part of this project accepts them.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

from tests.support.spec import load_spec, to_json_schema

_COMPONENT = "#/components/schemas/"
_GENERATED_DATE_TIME = "x-rfc3339-date-time"
MAX_ITEMS = 2
MAX_EXTRA_PROPERTIES = 1

RFC3339_DATE_TIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))"
)


def _offset(sign: str, hours: int, minutes: int) -> str:
    return f"{sign}{hours:02d}:{minutes:02d}"


def rfc3339_datetimes() -> st.SearchStrategy[str]:
    """RFC 3339 date-time strings in all the spellings the grammar allows (bar leap seconds)."""
    fraction = st.one_of(st.just(""), st.from_regex(r"\.[0-9]{1,9}", fullmatch=True))
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


def _for_generation(schema: Any) -> Any:
    """`schema` narrowed for drawing: date-times retagged, and sizes capped.

    The full document tree nests a dozen levels deep; without caps on array length and on the
    number of undeclared properties per object, drawn documents overrun Hypothesis's size
    budget and most draws are thrown away. Every capped document is still valid for `schema`.
    """
    if isinstance(schema, list):
        return [_for_generation(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out = {key: _for_generation(value) for key, value in schema.items() if key != "properties"}
    if "properties" in schema:
        out["properties"] = {k: _for_generation(v) for k, v in schema["properties"].items()}
    if schema.get("format") == "date-time":
        out["format"] = _GENERATED_DATE_TIME
    if schema.get("type") == "array":
        out.setdefault("maxItems", MAX_ITEMS)
    if schema.get("type") == "object":
        out.setdefault("maxProperties", len(schema.get("properties", {})) + MAX_EXTRA_PROPERTIES)
    return out


def _stub_refs(schema: Any) -> Any:
    """`schema` with each `$ref` replaced by a stub that always draws None."""
    if isinstance(schema, list):
        return [_stub_refs(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        return {"const": None}
    return {key: _stub_refs(value) for key, value in schema.items()}


def _fill(schema: dict[str, Any], value: Any, draw: Any) -> Any:
    """`value`, drawn from the stubbed `schema`, with every stub replaced by a real document."""
    ref = schema.get("$ref")
    if isinstance(ref, str):
        return draw(documents(ref.removeprefix(_COMPONENT)))
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        extra = schema.get("additionalProperties")
        for key, item in value.items():
            sub = properties.get(key, extra if isinstance(extra, dict) else None)
            if sub is not None:
                value[key] = _fill(sub, item, draw)
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        return [_fill(schema["items"], item, draw) for item in value]
    return value


@st.composite
def _component_documents(draw: Any, own: dict[str, Any], level: st.SearchStrategy[Any]) -> Any:
    return _fill(own, draw(level), draw)


@functools.cache
def documents(name: str) -> st.SearchStrategy[Any]:
    """Instances of component schema `name`, date-times drawn from rfc3339_datetimes().

    hypothesis-jsonschema draws each schema's own level (required and optional properties,
    types, formats, undeclared extras) from that schema with its references stubbed out; each
    stub is then filled with a document of the referenced schema, drawn the same way. The result
    is an instance of the fully inlined schema (tests check that), but generation cost grows
    with the document instead of with the square of its depth: hypothesis-jsonschema
    re-canonicalises a subschema on every draw, which makes drawing the inlined Distributions
    schema take about half a second per document.
    """
    own = load_spec()["components"]["schemas"][name]
    shallow = _for_generation(to_json_schema(_stub_refs(own)))
    level = from_schema(shallow, custom_formats={_GENERATED_DATE_TIME: rfc3339_datetimes()})
    return _component_documents(own, level)


# JSON values of any shape, for properties a schema does not declare.
JSON_VALUES: st.SearchStrategy[Any] = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=4,
)
