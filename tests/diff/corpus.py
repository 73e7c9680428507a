"""The spec-change corpus: base.yaml and one JSON Patch per variant, with the verdict it must get.

Read by the corpus test, which holds our wire rules to the expected verdicts.
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import jsonpatch
import yaml

HERE = Path(__file__).resolve().parent
Verdict = Literal["breaking", "safe"]


@dataclass(frozen=True)
class Variant:
    id: str
    verdict: Verdict
    pointer: str | None
    patch: tuple[dict[str, Any], ...]

    def spec(self) -> dict[str, Any]:
        """base.yaml with this variant's patch applied (a fresh copy)."""
        patched = jsonpatch.apply_patch(load_base(), list(self.patch))
        assert isinstance(patched, dict)
        return patched


@functools.cache
def _base() -> dict[str, Any]:
    loaded = yaml.safe_load((HERE / "base.yaml").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def load_base() -> dict[str, Any]:
    return copy.deepcopy(_base())


def load_corpus() -> list[Variant]:
    entries = yaml.safe_load((HERE / "corpus.yaml").read_text(encoding="utf-8"))
    return [Variant(e["id"], e["verdict"], e.get("pointer"), tuple(e["patch"])) for e in entries]
