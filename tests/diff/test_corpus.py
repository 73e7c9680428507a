"""make diff's wire rules give every corpus variant its expected verdict, naming the change.

The corpus (corpus.yaml, on base.yaml) holds each kind of change the wire section must judge,
safe and breaking; tests/diff/README.md has the same corpus scored for the other tools measured.
"""

from __future__ import annotations

from collections import Counter

import pytest

from scripts.spec_check import strict_problems, validator_problems
from scripts.wire_diff import wire_changes
from tests.diff.corpus import Variant, load_base, load_corpus

CORPUS = load_corpus()


def check_variant(variant: Variant) -> None:
    """Fails (AssertionError) unless the rules give `variant` its verdict at its pointer."""
    changes = wire_changes(load_base(), variant.spec())
    breaking = [c for c in changes if c.breaking]
    verdict = "breaking" if breaking else "safe"
    assert verdict == variant.verdict, f"{variant.id}: {verdict}, expected {variant.verdict}"
    if variant.pointer is not None:
        deciding = breaking if breaking else changes
        pointers = [c.pointer for c in deciding]
        assert variant.pointer in pointers, f"{variant.id}: {variant.pointer} not in {pointers}"
    else:
        assert changes == [], f"{variant.id}: expected no change, got {changes}"


def test_corpus_covers_both_verdicts_and_at_least_twenty_variants() -> None:
    counts = Counter(v.verdict for v in CORPUS)
    assert len(CORPUS) >= 20
    assert counts["breaking"] >= 10
    assert counts["safe"] >= 10
    assert len({v.id for v in CORPUS}) == len(CORPUS), "variant ids must be unique"


def test_corpus_base_is_valid_openapi() -> None:
    base = load_base()
    assert strict_problems(base) + validator_problems(base) == []


@pytest.mark.parametrize("variant", CORPUS, ids=[v.id for v in CORPUS])
def test_variant_is_valid_openapi(variant: Variant) -> None:
    # A variant that is no valid document would test the parser, not the rules.
    spec = variant.spec()
    assert strict_problems(spec) + validator_problems(spec) == []


@pytest.mark.parametrize("variant", CORPUS, ids=[v.id for v in CORPUS])
def test_variant_gets_expected_verdict(variant: Variant) -> None:
    check_variant(variant)


def test_check_variant_fails_on_a_wrong_expectation() -> None:
    # The harness must be able to fail: the same variant with the opposite verdict is rejected.
    right = next(v for v in CORPUS if v.id == "request-body-made-required")
    wrong = Variant(right.id, "safe", right.pointer, right.patch)
    with pytest.raises(AssertionError, match="breaking, expected safe"):
        check_variant(wrong)


def test_check_variant_fails_on_a_wrong_pointer() -> None:
    right = next(v for v in CORPUS if v.id == "response-property-removed")
    wrong = Variant(
        right.id, right.verdict, "#/components/schemas/Thing/properties/id", right.patch
    )
    with pytest.raises(AssertionError, match="not in"):
        check_variant(wrong)
