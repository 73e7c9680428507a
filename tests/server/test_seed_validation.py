"""The create path's fast validity check (jsonschema_rs) never accepts a seed jsonschema rejects.

The server only skips jsonschema when the fast check says "valid", so the two must agree on every
body: drawn from the schema, arbitrary JSON, and valid seeds with one value swapped for junk at
any depth. In process, not over HTTP: this is a property of two validators, not of a response.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft4Validator

from reference_server.settings import Settings
from reference_server.spec import SEED_SCHEMA, Spec
from reference_server.validation import InvalidBody, SeedValidator
from tests.support.strategies import JSON_VALUES, documents

VALIDATOR = SeedValidator(Spec.load(Settings().spec))
FAST = VALIDATOR._fast
SLOW: Draft4Validator = VALIDATOR._validator


def _swap_one_value(value: Any, data: st.DataObject) -> Any:
    """`value` with one member, at a depth the draw picks, replaced by any JSON value."""
    if isinstance(value, dict) and value:
        key = data.draw(st.sampled_from(sorted(value)))
        go_deeper = isinstance(value[key], dict | list) and data.draw(st.booleans())
        new = _swap_one_value(value[key], data) if go_deeper else data.draw(JSON_VALUES)
        return {**value, key: new}
    if isinstance(value, list) and value:
        index = data.draw(st.integers(0, len(value) - 1))
        return [*value[:index], _swap_one_value(value[index], data), *value[index + 1 :]]
    return data.draw(JSON_VALUES)


def _assert_same_verdict(instance: Any) -> None:
    assert FAST is not None
    assert FAST.is_valid(instance) == SLOW.is_valid(instance), instance


def test_fast_check_is_in_use() -> None:
    # Without it the create path silently falls back to the slow validator for every body.
    assert FAST is not None


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(document=JSON_VALUES)
def test_fast_check_agrees_on_arbitrary_json(document: Any) -> None:
    _assert_same_verdict(document)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(data=st.data())
def test_fast_check_agrees_on_seeds_and_on_them_with_one_bad_value(data: st.DataObject) -> None:
    # Each example checks the seed as drawn from the schema, then the same seed with one value
    # swapped: the drawn seeds need no test of their own, and get twice the examples here.
    document = data.draw(documents(SEED_SCHEMA))
    _assert_same_verdict(document)
    _assert_same_verdict(_swap_one_value(document, data))


@pytest.mark.parametrize(
    "instance",
    [
        {"github": {"gist": {"name": "a", "public": 1}}},
        {
            "mailgun": {
                "recipients": {"iterable": [{"schema": {"migration": 1.0, "semantic": "UNKNOWN"}}]}
            }
        },
        {
            "mailgun": {
                "recipients": {"iterable": [{"schema": {"migration": True, "semantic": "UNKNOWN"}}]}
            }
        },
        {"mailgun": {"recipients": {"iterable": [{"sourced": "mailgun"}]}}},
        {"mailgun": {}},
        {"github": {"gist": {"name": 3}}},
    ],
)
def test_fast_check_rejects_near_misses_and_jsonschema_words_the_reason(instance: Any) -> None:
    # Integers stay strict as in draft 4 (1.0 and true are not integers), enums are case-exact.
    assert FAST is not None
    assert not FAST.is_valid(instance)
    with pytest.raises(InvalidBody, match=f"^invalid {SEED_SCHEMA}"):
        VALIDATOR.check(instance)
