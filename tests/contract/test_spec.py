"""pieces_contract.spec: what a created record must keep of its seed."""

from __future__ import annotations

from typing import Any

from pieces_contract import spec

DOCUMENT = spec.load(spec.default_spec_path())


def _kept(seed: dict[str, Any]) -> list[str]:
    return [
        pointer
        for pointer, _ in spec.seed_expectations(
            DOCUMENT,
            seed,
            spec.schema_ref(spec.SEED_SCHEMA),
            spec.schema_ref(spec.RECORD_SCHEMA),
        )
    ]


def test_seed_expectations_leave_the_layout_version_to_the_server() -> None:
    # EmbeddedModelSchema is "the version of the model layout that produced an object": on a
    # created distribution, the server's, at the top and nested alike.
    layout = {"migration": 0, "semantic": "MAJOR_0_MINOR_0_PATCH_1"}
    seed = {
        "schema": layout,
        "mailgun": {
            "schema": layout,
            "recipients": {"schema": layout, "iterable": [{"schema": layout, "email": "a@b.c"}]},
        },
    }
    assert _kept(seed) == ["/mailgun/recipients/iterable/0/email"]
