"""Every generated model reads any document the spec allows and writes the same document back.

Documents are drawn from openapi.yaml itself (tests/support/strategies.py), checked against the
spec, parsed with the generated class's `from_dict` and written with `to_dict`. Date-times are
compared as instants, because the client may legitimately respell one (`Z` as `+00:00`).
"""

from __future__ import annotations

import copy
import functools
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.models.profile import CASES, PROFILE
from tests.support.spec import (
    component_schema,
    component_schema_names,
    is_enum_class,
    model_classes,
    oas30_validator,
)
from tests.support.strategies import documents, instant_of

CLASSES = model_classes()
NAMES = component_schema_names()
OBJECT_NAMES = [name for name in NAMES if not is_enum_class(CLASSES[name])]


@functools.cache
def _schema(name: str) -> dict[str, Any]:
    return component_schema(name)


@functools.cache
def _validator(name: str) -> Any:
    return oas30_validator(_schema(name))


def _normal(schema: dict[str, Any], value: Any) -> Any:
    """`value` with each date-time replaced by its instant, so equal moments compare equal."""
    if schema.get("format") == "date-time" and isinstance(value, str):
        return {"instant": instant_of(value)}
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        extra = schema.get("additionalProperties")
        return {
            key: _normal(properties.get(key, extra if isinstance(extra, dict) else {}), item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_normal(schema.get("items", {}), item) for item in value]
    return value


def _canonical(schema: dict[str, Any], value: Any) -> str:
    # JSON text, not ==, so True/1/1.0 and key order cannot hide a change.
    return json.dumps(_normal(schema, value), sort_keys=True)


def _assert_round_trip(name: str, document: Any) -> None:
    errors = [e.message for e in _validator(name).iter_errors(document)]
    assert errors == [], f"generator produced a document the spec rejects: {errors}"
    cls = CLASSES[name]
    if is_enum_class(cls):
        assert cls(document).value == document
        return
    written = cls.from_dict(copy.deepcopy(document)).to_dict()
    schema = _schema(name)
    assert _canonical(schema, written) == _canonical(schema, document)


@pytest.mark.parametrize("name", NAMES)
@settings(settings.get_profile(PROFILE))
@given(data=st.data())
def test_model_round_trip_gives_back_the_document(name: str, data: st.DataObject) -> None:
    document = data.draw(documents(name), label=name)
    CASES["round trip"] += 1
    _assert_round_trip(name, document)


def _undeclared_everywhere(schema: dict[str, Any], value: Any) -> bool:
    """Whether every object in `value`, at every depth, has a key its schema does not declare."""
    if isinstance(value, list):
        return all(_undeclared_everywhere(schema.get("items", {}), item) for item in value)
    if not isinstance(value, dict) or schema.get("type") != "object":
        return True
    properties = schema.get("properties", {})
    extra = schema.get("additionalProperties")
    return not set(value) <= set(properties) and all(
        _undeclared_everywhere(properties.get(key, extra if isinstance(extra, dict) else {}), item)
        for key, item in value.items()
    )


# Fewer cases than the plain round trips: these documents carry undeclared keys in every object
# at every depth, so they are the largest drawn, and each model is also drawn inside every
# model that nests it (a Distribution brings its share, recipients, timestamps...), each time
# with undeclared keys of its own.
@pytest.mark.parametrize("name", OBJECT_NAMES)
@settings(settings.get_profile(PROFILE), max_examples=10)
@given(data=st.data())
def test_model_round_trip_keeps_unknown_properties(name: str, data: st.DataObject) -> None:
    document = data.draw(documents(name, undeclared=True), label=name)
    # Checked, not assumed: a generator that stopped adding them would make this test vacuous.
    assert _undeclared_everywhere(_schema(name), document), "an object without undeclared keys"
    CASES["unknown properties"] += 1
    _assert_round_trip(name, document)


# Fewer cases than the round trips: every document shape is still drawn, and a from_dict that
# writes into its argument (popping known keys to find the undeclared ones, say) does so on the
# first document with an undeclared key.
@pytest.mark.parametrize("name", OBJECT_NAMES)
@settings(settings.get_profile(PROFILE), max_examples=8)
@given(data=st.data())
def test_model_from_dict_leaves_its_argument_unchanged(name: str, data: st.DataObject) -> None:
    # With undeclared keys in every object, as the test above draws them.
    document = data.draw(documents(name, undeclared=True), label=name)
    CASES["argument unchanged"] += 1
    before = json.dumps(document)
    CLASSES[name].from_dict(document)
    # JSON text without sorting, so a changed key order or a True turned into 1 shows too.
    assert json.dumps(document) == before
