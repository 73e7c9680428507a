"""The OpenAPI document the server implements, read once at start-up."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

SPEC_NAME = "openapi.yaml"
# The request body schema the server validates creates against: a spec without it cannot be served.
SEED_SCHEMA = "SeededDistribution"
# The response schema of a create: what the server completes a seed into.
DISTRIBUTION_SCHEMA = "Distribution"


class SpecError(RuntimeError):
    """openapi.yaml is missing or is not the document the server expects."""


def default_spec_path() -> Path:
    """openapi.yaml next to the package (a bundled copy) or at the project root (a checkout)."""
    package_dir = Path(__file__).resolve().parent
    candidates = [package_dir / SPEC_NAME, package_dir.parent / SPEC_NAME]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    tried = ", ".join(str(c) for c in candidates)
    raise SpecError(f"cannot find {SPEC_NAME} (tried {tried}); pass --spec PATH")


@dataclass(frozen=True)
class Spec:
    path: Path
    document: Mapping[str, Any]

    @classmethod
    def load(cls, path: Path | None = None) -> Spec:
        path = path or default_spec_path()
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            raise SpecError(f"cannot read {path}: {error.strerror}") from None
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        try:
            document = yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader either way
        except yaml.YAMLError as error:
            raise SpecError(f"{path} is not valid YAML: {error}") from None
        if not isinstance(document, dict) or not str(document.get("openapi", "")).startswith("3."):
            raise SpecError(f"{path} is not an OpenAPI 3 document")
        spec = cls(path=path, document=document)
        # Checked here, where the supervisor of worker processes also loads the spec, so a spec
        # without it is reported once, before any worker starts.
        spec.schema(SEED_SCHEMA)
        return spec

    def schema(self, name: str) -> Mapping[str, Any]:
        """A schema from components/schemas, as written (refs unresolved)."""
        try:
            found = self.document["components"]["schemas"][name]
        except (KeyError, TypeError):
            raise SpecError(f"{self.path} has no components/schemas/{name}") from None
        if not isinstance(found, Mapping):
            raise SpecError(f"{self.path}: components/schemas/{name} is not a schema object")
        return found

    def property_names(self, schema_name: str) -> frozenset[str]:
        """The property names a schema declares."""
        return frozenset(self.schema(schema_name).get("properties", {}))
