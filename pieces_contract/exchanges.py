"""Which exchanges of a run its reports keep: the failing ones by default, all on request.

A ci run sends about a thousand requests and answers grow with every distribution it creates;
kept whole, its event log and HAR file come to tens of megabytes on every run, passing or not.
What a team looks at, and what `pieces-contract replay` re-sends, are the failing cases: so by
default the event log keeps every small event (start, phases, errors, the end) and, of the
scenarios, only those with a failure, cut to their failing cases and the cases those follow
from; the HAR file is written from the same cases. `--keep-exchanges all` keeps every exchange
(schemathesis then writes the HAR file itself).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from pieces_contract import inert

FAILING = "failing"
ALL = "all"
CHOICES = (FAILING, ALL)


def failing_cases(recorder: Mapping[str, Any]) -> set[str]:
    return {
        case_id
        for case_id, checks in (recorder.get("checks") or {}).items()
        if any(check.get("status") == "failure" for check in checks)
    }


def kept_scenario(finished: Mapping[str, Any]) -> dict[str, Any] | None:
    """The scenario cut to its failing cases and their ancestors; None when nothing failed.

    A stateful scenario is a sequence whose steps explain each other: it is kept whole.
    """
    recorder = finished.get("recorder") or {}
    failing = failing_cases(recorder)
    if not failing:
        return None
    if finished.get("phase") == "stateful":
        return dict(finished)
    cases = recorder.get("cases") or {}
    keep: set[str] = set()
    for case_id in failing:
        current: str | None = case_id
        while current is not None and current not in keep:
            keep.add(current)
            current = (cases.get(current) or {}).get("parent_id")
    cut = {
        name: ({k: v for k, v in value.items() if k in keep} if isinstance(value, dict) else value)
        for name, value in recorder.items()
        if name in ("cases", "checks", "interactions")
    }
    return {**finished, "recorder": {**recorder, **cut}}


def _text(body: Any) -> str | None:
    if body is None:
        return None
    if isinstance(body, dict) and "$base64" in body:
        return base64.b64decode(body["$base64"]).decode("utf-8", "replace")
    return body if isinstance(body, str) else json.dumps(body)


def _records(headers: Mapping[str, Any]) -> list[dict[str, str]]:
    return [
        {"name": name, "value": str(value[0] if isinstance(value, list) else value)}
        for name, value in headers.items()
    ]


def har_entry(interaction: Mapping[str, Any]) -> dict[str, Any]:
    """One HAR 1.2 entry from one interaction of the event log."""
    request = interaction.get("request") or {}
    response = interaction.get("response") or {}
    headers = request.get("headers") or {}
    media = next((v for k, v in headers.items() if k.lower() == "content-type"), [""])
    body = _text(request.get("body"))
    started = datetime.fromtimestamp(float(interaction.get("timestamp") or 0), UTC)
    uri = str(request.get("uri", ""))
    entry: dict[str, Any] = {
        "startedDateTime": started.isoformat(),
        "time": round(float(response.get("elapsed") or 0) * 1000, 2),
        "request": {
            "method": str(request.get("method", "")).upper(),
            "url": uri,
            "httpVersion": "HTTP/1.1",
            "cookies": [],
            "headers": _records(headers),
            "queryString": [
                {"name": n, "value": v}
                for n, v in parse_qsl(urlsplit(uri).query, keep_blank_values=True)
            ],
            "headersSize": -1,
            "bodySize": len(body.encode()) if body is not None else 0,
        },
        "cache": {},
        "timings": {"send": 0, "wait": 0, "receive": 0},
    }
    if body is not None:
        entry["request"]["postData"] = {
            "mimeType": str(media[0] if isinstance(media, list) else media),
            "text": body,
        }
    content = _text(response.get("content"))
    response_headers = response.get("headers") or {}
    response_media = next(
        (v for k, v in response_headers.items() if k.lower() == "content-type"), [""]
    )
    entry["response"] = {
        "status": int(response.get("status_code") or 0),
        "statusText": str(response.get("message") or ""),
        "httpVersion": "HTTP/1.1",
        "cookies": [],
        "headers": _records(response_headers),
        "content": {
            "size": len(content.encode()) if content is not None else 0,
            "mimeType": str(response_media[0] if isinstance(response_media, list) else ""),
            **({"text": content} if content is not None else {}),
        },
        "redirectURL": "",
        "headersSize": -1,
        "bodySize": len(content.encode()) if content is not None else 0,
    }
    return entry


def write_har(scenarios: Iterable[Mapping[str, Any]], path: Path) -> int:
    """The HAR file of the kept scenarios' exchanges; returns how many entries it holds."""
    entries = [
        har_entry(interaction)
        for finished in scenarios
        for interaction in ((finished.get("recorder") or {}).get("interactions") or {}).values()
    ]
    document = {
        "log": {
            "version": "1.2",
            "creator": {"name": "pieces-contract", "version": "1"},
            "comment": "the failing cases of the run (pieces-contract run --keep-exchanges all "
            "keeps every exchange)",
            "entries": entries,
        }
    }
    inert.write_private(path, json.dumps(document, indent=1))
    return len(entries)


def merge_har(part: Path, into: Path) -> None:
    """Append the entries of the HAR file `part` (a second schemathesis process') to `into`'s."""
    if not part.exists():
        return
    extra = json.loads(part.read_text(encoding="utf-8"))
    if not into.exists():
        inert.write_private(into, json.dumps(extra))
        return
    document = json.loads(into.read_text(encoding="utf-8"))
    document["log"]["entries"] += extra["log"]["entries"]
    inert.write_private(into, json.dumps(document))
