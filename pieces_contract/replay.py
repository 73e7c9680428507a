"""`pieces-contract replay`: re-send a cassette's failing cases and judge the answers again.

Each case goes out on a fresh connection (a keep-alive connection the failing run left in a bad
state cannot make it look fixed). A delete that succeeded in the run named a distribution that
existed then; replay creates a fresh one first and deletes that. The checks that one request
can show are judged again; the ones that need the run's whole history (fresh ids, order, other
distributions) are said to need a new run.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import yaml

from pieces_contract import bounded, inert, spec

# Each request: one total deadline and a byte cap (bounded.exchange), whatever the server does.
TIMEOUT = bounded.DEADLINE_SECONDS
NOISE_HEADERS = frozenset({"content-length", "host", "connection", "accept-encoding"})
ALONE = frozenset(
    {
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
        "negative_data_rejection",
        "positive_data_acceptance",
        "seed_is_kept",
        "created_distribution_is_listed",
        "deleted_distribution_is_gone",
    }
)


@dataclass
class Recorded:
    """One exchange of a run, as the event log or a VCR cassette keeps it."""

    id: str
    failed: list[str]
    method: str
    uri: str
    headers: dict[str, str]
    body: bytes | None
    status: str
    mode: str


def _events(path: Path, wanted: Sequence[str]) -> list[Recorded]:
    """The cases of schemathesis' event log (NDJSON): failing ones, or those asked for."""
    found = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if '"ScenarioFinished"' not in line[:40]:
                continue
            recorder = json.loads(line)["ScenarioFinished"]["recorder"]
            for case_id, checks in (recorder.get("checks") or {}).items():
                failed = [c["name"] for c in checks if c["status"] == "failure"]
                if not (case_id in wanted if wanted else failed):
                    continue
                interaction = recorder["interactions"].get(case_id) or {}
                request = interaction.get("request") or {}
                meta = recorder["cases"][case_id]["value"].get("meta") or {}
                found.append(
                    Recorded(
                        id=case_id,
                        failed=failed,
                        method=str(request.get("method", "GET")),
                        uri=str(request.get("uri", "")),
                        headers={
                            k: str(v[0] if isinstance(v, list) else v)
                            for k, v in (request.get("headers") or {}).items()
                        },
                        body=_body(request.get("body")),
                        status=str((interaction.get("response") or {}).get("status_code", "")),
                        mode=str((meta.get("generation") or {}).get("mode", "positive")),
                    )
                )
    return found


def _body(node: Any) -> bytes | None:
    if node is None:
        return None
    if isinstance(node, dict) and "$base64" in node:
        return base64.b64decode(node["$base64"])
    return str(node).encode()


def _vcr(path: Path, wanted: Sequence[str]) -> list[Recorded]:
    """The cases of a schemathesis VCR cassette (`schemathesis run --report vcr`)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    document = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506
    found = []
    for item in (document or {}).get("http_interactions") or []:
        case_id = str(item.get("id"))
        failed = [c["name"] for c in item.get("checks") or () if c.get("status") == "FAILURE"]
        if not (case_id in wanted if wanted else failed):
            continue
        request = item["request"]
        body_node = request.get("body") or {}
        found.append(
            Recorded(
                id=case_id,
                failed=failed,
                method=str(request["method"]),
                uri=str(request["uri"]),
                headers={
                    name: str(values[0] if isinstance(values, list) else values)
                    for name, values in (request.get("headers") or {}).items()
                },
                body=str(body_node["string"]).encode() if "string" in body_node else None,
                status=str(((item.get("response") or {}).get("status") or {}).get("code", "")),
                mode=str((item.get("generation") or {}).get("mode", "positive")),
            )
        )
    return found


class Judge:
    """Sends requests to the server under replay and judges answers against the spec."""

    def __init__(self, base_url: str, headers: Mapping[str, str], document: Mapping[str, Any]):
        self.base_url = base_url.rstrip("/")
        self.server = bounded.Server.at(self.base_url)
        self.headers = dict(headers)
        self.document = document
        self.operations = spec.find_operations(document)

    def send(
        self, method: str, path: str, headers: Mapping[str, str], body: bytes | None
    ) -> httpx.Response:
        """The answer, read within TIMEOUT seconds in all and bounded.CAP_BYTES, as an
        httpx.Response for the checks (or bounded.Unanswered)."""
        answer = bounded.exchange(
            self.server, method, path, {**headers, **self.headers}, body=body, deadline=TIMEOUT
        )
        # The body as it came: nothing is inflated (an encoding nobody asked for is not JSON).
        kept = [(k, v) for k, v in answer.headers.items() if k != "content-encoding"]
        return httpx.Response(answer.status, headers=kept, content=answer.body)

    def create(self) -> str:
        answer = self.send(
            "POST", self.operations.create.path, {"Content-Type": "application/json"}, b"{}"
        )
        return str(spec.pointer_get(answer.json(), self.operations.id_pointer))

    def listed(self) -> list[Any]:
        answer = self.send("GET", self.operations.snapshot.path, {}, None)
        items = answer.json().get(spec.LIST_PROPERTY, [])
        return [item.get("id") for item in items if isinstance(item, dict)]

    def documented(self, operation: spec.Operation) -> Mapping[str, Any]:
        return operation.raw.get("responses") or {}

    def verdict(
        self,
        check: str,
        operation: spec.Operation,
        answer: httpx.Response,
        mode: str,
        body: bytes | None,
        target: str | None,
    ) -> str | None:
        """None when the check passes now; otherwise why it still fails ("?" when not judged)."""
        status = str(answer.status_code)
        responses = self.documented(operation)
        response = spec.resolve(
            self.document,
            responses.get(status) or responses.get(status[0] + "XX") or responses.get("default"),
        )
        media = answer.headers.get("content-type", "").split(";")[0].strip()
        if check == "not_a_server_error":
            return f"answered {status}" if answer.status_code >= 500 else None
        if check == "status_code_conformance":
            return None if response is not None else f"{status} is not documented"
        if check == "content_type_conformance":
            declared = (response or {}).get("content") or {}
            if declared and media not in declared:
                got = media or "no content type"
                return f"{status} came as {got}, documented {', '.join(declared)}"
            return None
        if check == "response_schema_conformance":
            return self._schema(response, media, answer)
        if check == "negative_data_rejection":
            return (
                f"invalid data answered {status}"
                if mode == "negative" and answer.is_success
                else None
            )
        if check == "positive_data_acceptance":
            return (
                f"valid data answered {status}"
                if mode == "positive" and not answer.is_success
                else None
            )
        if check == "seed_is_kept" and body is not None and answer.status_code == 200:
            seed = json.loads(body)
            expected = spec.seed_expectations(
                self.document,
                seed,
                spec.schema_ref(spec.SEED_SCHEMA),
                spec.schema_ref(spec.RECORD_SCHEMA),
            )
            record = answer.json()
            for pointer, value in expected:
                try:
                    if spec.pointer_get(record, pointer) != value:
                        return f"{pointer} changed"
                except (KeyError, IndexError, TypeError):
                    return f"{pointer} missing"
            return None
        if check == "created_distribution_is_listed" and answer.status_code == 200:
            new_id = spec.pointer_get(answer.json(), self.operations.id_pointer)
            return None if new_id in self.listed() else f"{new_id} is not listed"
        if check == "deleted_distribution_is_gone" and target and answer.status_code == 204:
            if target in self.listed():
                return f"{target} is still listed"
            operations = self.operations
            path = bounded.fill(operations.delete.path, operations.delete_parameter, target)
            again = self.send(self.operations.delete.method.upper(), path, {}, None)
            return (
                None if again.status_code == 404 else f"second delete answered {again.status_code}"
            )
        if check in ALONE:
            return f"answered {status}, which this check does not judge"
        return "?"

    def _schema(self, response: Any, media: str, answer: httpx.Response) -> str | None:
        import jsonschema

        content = ((response or {}).get("content") or {}).get(media) or {}
        schema = content.get("schema")
        if schema is None or "json" not in media:
            return None
        try:
            instance = answer.json()
        except ValueError:
            return "body is not JSON"
        root = {**dict(schema), "components": self.document.get("components", {})}
        try:
            jsonschema.Draft4Validator(root).validate(instance)
        except jsonschema.ValidationError as error:
            return f"body does not match the schema: {error.message}"
        return None


def replay(
    recording: Path,
    base_url: str,
    api_key: str | None,
    headers: Sequence[str],
    cases: Sequence[str],
    spec_path: Path | None,
) -> int:
    try:
        if recording.suffix in (".yaml", ".yml"):
            chosen = _vcr(recording, cases)
        else:
            chosen = _events(recording, cases)
    except (OSError, ValueError, KeyError, yaml.YAMLError) as error:
        print(f"replay: cannot read {recording}: {error}")
        return 2
    if not chosen:
        print(f"replay: no {'such' if cases else 'failing'} case in {recording}")
        return 2
    document = spec.load(spec_path or spec.default_spec_path())
    extra = {name.strip(): value.strip() for name, _, value in (h.partition(":") for h in headers)}
    if api_key:
        extra[spec.key_header(document)] = api_key
    try:
        judge = Judge(base_url, extra, document)
    except bounded.Unanswered as error:
        print(f"replay: {error}")
        return 2
    still = fixed = unjudged = 0
    for item in chosen:
        parts = urlsplit(item.uri)
        # The run's base URL may have had a path of its own; the replay's base URL replaces it.
        found = spec.operation_at(document, item.method, parts.path)
        if found is None:
            print(f"case {item.id}: {item.method} {parts.path} is no operation of the spec")
            unjudged += 1
            continue
        operation, relative = found
        path = relative + (f"?{parts.query}" if parts.query else "")
        # A masked value was the run's key (or another secret): --api-key gives it again.
        sent_headers = {
            name: value
            for name, value in item.headers.items()
            if name.lower() not in NOISE_HEADERS and value != inert.REPLACEMENT
        }
        target = None
        try:
            if operation.label == judge.operations.delete.label and item.status == "204":
                # The run deleted this id long ago: delete a distribution created for the replay.
                target = judge.create()
                path = bounded.fill(operation.path, judge.operations.delete_parameter, target)
            answer = judge.send(item.method, path, sent_headers, item.body)
        except bounded.Unanswered as error:
            print(f"case {item.id}: {operation.label}: {error}")
            return 2
        for check in item.failed or ["not_a_server_error"]:
            try:
                reason = judge.verdict(check, operation, answer, item.mode, item.body, target)
            except bounded.Unanswered as error:
                # A follow-up (the snapshot, a second delete) got no usable answer.
                print(f"case {item.id}: {operation.label}: {check}: {error}")
                return 2
            if reason is None:
                fixed += 1
                print(f"case {item.id}: {operation.label}: {check}: passes now")
            elif reason == "?":
                unjudged += 1
                print(
                    f"case {item.id}: {operation.label}: {check}: needs the whole run to "
                    "judge; repeat it with the seed the run printed"
                )
            else:
                still += 1
                print(f"case {item.id}: {operation.label}: {check}: STILL FAILS ({reason})")
    print(f"replay: {still} still fail, {fixed} pass now, {unjudged} not judged alone")
    return 1 if still else 0
