"""Spectral, with every rule of its OpenAPI ruleset (.spectral.yaml), finds nothing in openapi.yaml.

Any result fails, hints included. The ruleset must say why it switches a rule off, and the lint
must still see what it is there to see: a scratch copy of the spec with known defects fails it.
One Spectral run lints both documents, since starting Spectral is most of its cost.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.interop.tools import ROOT, SPEC_PATH, node_tool
from tests.support.spec import load_spec

RULESET = ROOT / ".spectral.yaml"
Results = list[dict[str, Any]]


def _unused_example(spec: dict[str, Any]) -> None:
    # What Spectral first found here: a named example that no operation refers to.
    spec["components"]["examples"]["Orphan"] = {"value": {"iterable": []}}


def _example_breaking_its_schema(spec: dict[str, Any]) -> None:
    created = spec["paths"]["/distributions/create"]["post"]["responses"]["200"]
    created["content"]["application/json"]["examples"]["broken"] = {"value": {"id": 7}}


def _operation_without_id(spec: dict[str, Any]) -> None:
    del spec["paths"]["/distributions"]["get"]["operationId"]


# The rule each scratch defect must trip.
BREAKS: dict[str, Callable[[dict[str, Any]], None]] = {
    "oas3-unused-component": _unused_example,
    "oas3-valid-media-example": _example_breaking_its_schema,
    "operation-operationId": _operation_without_id,
}


def spectral(*documents: Path) -> dict[Path, Results]:
    """Spectral's results for each document (an empty list when it finds nothing)."""
    done = subprocess.run(
        [
            str(node_tool("spectral")),
            "lint",
            "--ruleset",
            str(RULESET),
            "--format",
            "json",
            "--fail-severity",
            "hint",
            "--quiet",
            *map(str, documents),
        ],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    # Exit 1 means "results found"; anything else is Spectral itself failing.
    assert done.returncode in (0, 1), f"spectral exited {done.returncode}: {done.stderr}"
    results: Results = json.loads(done.stdout) if done.stdout.strip() else []
    assert (done.returncode == 1) == bool(results), done.stdout + done.stderr
    by_document: dict[Path, Results] = {document: [] for document in documents}
    for result in results:
        by_document[Path(result["source"])].append(result)
    return by_document


@pytest.fixture(scope="module")
def broken_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch copy of openapi.yaml with every defect in BREAKS."""
    spec = load_spec()
    for break_spec in BREAKS.values():
        break_spec(spec)
    path = tmp_path_factory.mktemp("spectral") / "openapi.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def lint(broken_copy: Path) -> dict[Path, Results]:
    return spectral(SPEC_PATH, broken_copy)


def describe(results: Results) -> str:
    return "\n".join(
        f"{'/'.join(map(str, r['path']))}: {r['code']} (severity {r['severity']}): {r['message']}"
        for r in results
    )


def test_spectral_openapi_yaml_has_no_findings(lint: dict[Path, Results]) -> None:
    assert lint[SPEC_PATH] == [], describe(lint[SPEC_PATH])


@pytest.mark.parametrize("expected_rule", BREAKS)
def test_spectral_broken_spec_copy_is_reported(
    lint: dict[Path, Results], broken_copy: Path, expected_rule: str
) -> None:
    codes = {result["code"] for result in lint[broken_copy]}
    assert expected_rule in codes, describe(lint[broken_copy])


def test_spectral_ruleset_gives_a_reason_for_each_rule_switched_off() -> None:
    text = RULESET.read_text(encoding="utf-8")
    lines = text.splitlines()
    for name, setting in yaml.safe_load(text).get("rules", {}).items():
        if setting not in ("off", False):
            continue
        index = next(i for i, line in enumerate(lines) if re.match(rf"\s*{name}\s*:", line))
        assert lines[index - 1].strip().startswith("#"), f"{name} is switched off without a reason"
