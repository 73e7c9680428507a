"""The spec the server implements: `pieces_spec`, plus what a servable spec must have."""

from __future__ import annotations

from pathlib import Path

from pieces_spec import RECORD_SCHEMA as DISTRIBUTION_SCHEMA
from pieces_spec import SEED_SCHEMA, Spec, SpecError
from pieces_spec import default_path as default_spec_path

__all__ = ["DISTRIBUTION_SCHEMA", "SEED_SCHEMA", "Spec", "SpecError", "default_spec_path", "load"]


def load(path: Path | None = None) -> Spec:
    """The spec at `path` (default: the bundled or checkout copy), checked for the seed schema.

    Checked here, where the supervisor of worker processes also loads the spec, so a spec
    without it is reported once, before any worker starts.
    """
    spec = Spec.load(path)
    spec.schema(SEED_SCHEMA)
    return spec
