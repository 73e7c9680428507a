"""What a run found, read back from schemathesis' event log (its NDJSON report).

One pass over the log gives everything the reports need: cases per phase, passes and failures
per operation and check, the statuses and media types each operation answered with, and every
failure with its request and response.
"""

from __future__ import annotations

import base64
import json
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PHASES = ("examples", "coverage", "fuzzing", "stateful")
# Lines of a server's body a failure shows; the cassette keeps all of it.
BODY_LINES = 4
BODY_CHARS = 300


@dataclass
class Failure:
    check: str
    operation: str
    title: str
    message: str
    case_id: str
    phase: str
    mode: str
    method: str
    uri: str
    path: str
    request_headers: dict[str, str]
    request_body: bytes | None
    status: int | None
    media_type: str
    body: str
    # The strictest level this failure breaks: "upstream" (both) or "strict" (only ours).
    level: str = "upstream"
    # The shell line that reproduces it (report.curl_line).
    curl: str = ""
    # In the run's baseline of accepted failures (baseline.py): reported, not counted.
    known: bool = False

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.check, self.operation, self.title)


@dataclass
class Results:
    cases: Counter[str] = field(default_factory=Counter)
    scenarios: Counter[str] = field(default_factory=Counter)
    # (operation, check) -> Counter of "success"/"failure"/"skip".
    checks: dict[tuple[str, str], Counter[str]] = field(
        default_factory=lambda: defaultdict(Counter)
    )
    # operation -> status -> media types seen ("" for no body).
    seen: dict[str, dict[str, set[str]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(set))
    )
    failures: list[Failure] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    operations: set[str] = field(default_factory=set)
    # Cases sent per operation: a check neither passed nor failed on the rest (not applicable).
    per_operation: Counter[str] = field(default_factory=Counter)
    seed: int | None = None
    # Requests the probes judged (probes.py, security.py), beside schemathesis' cases.
    probes: int = 0
    probe_checks: set[str] = field(default_factory=set)

    @property
    def total_cases(self) -> int:
        return sum(self.cases.values())

    def grouped(self) -> dict[tuple[str, str, str], list[Failure]]:
        groups: dict[tuple[str, str, str], list[Failure]] = {}
        for failure in self.failures:
            groups.setdefault(failure.key, []).append(failure)
        return groups


def keep_first(found: Results, limit: int) -> None:
    """Only the first `limit` failures, as `--max-failures` asks; the rest are not counted."""
    for failure in found.failures[limit:]:
        found.checks[(failure.operation, failure.check)]["failure"] -= 1
    del found.failures[limit:]


def _decode(body: Any) -> bytes | None:
    if body is None:
        return None
    if isinstance(body, dict) and "$base64" in body:
        return base64.b64decode(body["$base64"])
    if isinstance(body, str):
        return body.encode()
    return json.dumps(body).encode()


def short_body(content: bytes | None) -> str:
    """The first few lines of a body, cut: enough to see what the server said."""
    if not content:
        return ""
    text = content.decode("utf-8", "replace")
    lines = text.strip().splitlines()
    cut = "\n".join(lines[:BODY_LINES])
    if len(cut) > BODY_CHARS:
        cut = cut[:BODY_CHARS]
    if cut != text.strip():
        cut += f"\n... ({len(content)} bytes in all)"
    return cut


def _header(headers: Mapping[str, Any], name: str) -> str:
    for key, value in headers.items():
        if key.lower() == name:
            return str(value[0] if isinstance(value, list) else value)
    return ""


def read(events: Path) -> Results:
    results = Results()
    with events.open(encoding="utf-8") as lines:
        for line in lines:
            feed(results, json.loads(line))
    return results


def feed(results: Results, event: Mapping[str, Any]) -> None:
    """Take one event of the log into `results` (the runner feeds them as the run goes)."""
    if "Initialize" in event:
        results.seed = event["Initialize"].get("seed")
    if "NonFatalError" in event or "FatalError" in event:
        error = event.get("NonFatalError") or event.get("FatalError") or {}
        info = error.get("info") or error.get("value") or error
        results.errors.append(_one_line(info))
    finished = event.get("ScenarioFinished")
    if finished is not None:
        _scenario(results, finished)


def _one_line(info: Any) -> str:
    if isinstance(info, dict):
        for key in ("message", "title", "exception"):
            if info.get(key):
                return str(info[key]).strip().splitlines()[0]
    return str(info)[:200]


def _scenario(results: Results, finished: Mapping[str, Any]) -> None:
    recorder, phase = finished["recorder"], finished["phase"]
    if "cases" not in recorder:
        return
    cases = recorder["cases"]
    results.scenarios[phase] += 1
    results.cases[phase] += len(cases)
    interactions = recorder.get("interactions", {})
    for case_id, node in cases.items():
        value = node["value"]
        # A stateful scenario spans operations; elsewhere the scenario is one operation, which a
        # case may call with another method (the unsupported-method probes).
        if phase == "stateful":
            operation = f"{value['method'].upper()} {value['path']}"
        else:
            operation = str(recorder["label"])
        results.operations.add(operation)
        results.per_operation[operation] += 1
        interaction = interactions.get(case_id) or {}
        response = interaction.get("response") or {}
        request = interaction.get("request") or {}
        status = response.get("status_code")
        media = _header(response.get("headers") or {}, "content-type").split(";")[0].strip()
        if status is not None and operation.startswith(
            str(request.get("method", "")).upper() + " "
        ):
            results.seen[operation][str(status)].add(media)
        meta = value.get("meta") or {}
        mode = (meta.get("generation") or {}).get("mode", "positive")
        for check in recorder.get("checks", {}).get(case_id, ()):
            name, outcome = check["name"], check["status"]
            results.checks[(operation, name)][outcome] += 1
            if outcome != "failure":
                continue
            info = (check.get("failure_info") or {}).get("failure") or {}
            results.failures.append(
                Failure(
                    check=name,
                    operation=operation,
                    title=str(info.get("title", name)),
                    message=str(info.get("message", "")),
                    case_id=case_id,
                    phase=phase,
                    mode=str(mode),
                    method=str(request.get("method", value["method"])).upper(),
                    uri=str(request.get("uri", "")),
                    path=value["path"],
                    request_headers={
                        k: str(v[0] if isinstance(v, list) else v)
                        for k, v in (request.get("headers") or {}).items()
                    },
                    request_body=_decode(request.get("body")),
                    status=status,
                    media_type=media,
                    body=short_body(_decode(response.get("content"))),
                )
            )
