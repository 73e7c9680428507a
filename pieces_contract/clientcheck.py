"""The generated client in the loop: every response of a run is also read by `pieces_distributions`.

Each response the spec allows (its status documented for the operation, and schemathesis'
status, media type, header and schema checks passed on it) goes through the generated
endpoint's own `_parse_response`, the code a caller of the client runs, and each model it
builds is written back with `to_dict()`. A response the client cannot read (it raises), or
reads with loss (what `to_dict()` gives back differs from what the server sent), is a client
defect: the server did what the spec says, the client did not. The runner reports them in a
section of their own; they fail a run only when asked (`--client-defects fail`, the default
when the run starts our reference server, as `make contract` does).
"""

from __future__ import annotations

import base64
import importlib
import json
import pkgutil
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from types import ModuleType
from typing import Any

from pieces_contract import spec

REPORT = "report"
FAIL = "fail"
CHOICES = (REPORT, FAIL)
# A response any of these checks failed is not one the spec allows: the server's fault, judged
# by that check, not the client's.
SERVER_CHECKS = frozenset(
    {
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
        "response_headers_conformance",
    }
)
SHOWN = 3


@dataclass
class ClientDefect:
    operation: str
    status: int
    case_id: str
    # "cannot read" or "reads with loss".
    kind: str
    detail: str


def _squash(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def endpoint_modules(document: Mapping[str, Any]) -> dict[str, ModuleType]:
    """Operation label -> the generated endpoint module of its operationId."""
    import pieces_distributions.api as api

    found: dict[str, ModuleType] = {}
    names = {
        _squash(info.name.rpartition(".")[2]): info.name
        for info in pkgutil.walk_packages(api.__path__, api.__name__ + ".")
        if not info.ispkg
    }
    for operation in spec.operations_of(document):
        module = names.get(_squash(operation.operation_id))
        if module is not None:
            found[operation.label] = importlib.import_module(module)
    return found


def _instant(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def differences(sent: Any, read: Any, pointer: str = "") -> list[str]:
    """Where `read` (the model written back) differs from `sent` (the server's JSON).

    Two spellings of one instant (`Z` and `+00:00`) are the same value.
    """
    if isinstance(sent, dict) and isinstance(read, dict):
        found = []
        for key in sent.keys() | read.keys():
            where = f"{pointer}/{key}"
            if key not in read:
                found.append(f"{where} dropped (sent {_short(sent[key])})")
            elif key not in sent:
                found.append(f"{where} added ({_short(read[key])})")
            else:
                found += differences(sent[key], read[key], where)
        return sorted(found)
    if isinstance(sent, list) and isinstance(read, list):
        if len(sent) != len(read):
            return [f"{pointer or '/'} has {len(read)} items, sent {len(sent)}"]
        return [
            d
            for i, (a, b) in enumerate(zip(sent, read, strict=True))
            for d in differences(a, b, f"{pointer}/{i}")
        ]
    if sent == read and isinstance(sent, bool) == isinstance(read, bool):
        return []
    if isinstance(sent, str) and isinstance(read, str):
        before, after = _instant(sent), _instant(read)
        if before is not None and before == after:
            return []
    return [f"{pointer or '/'} is {_short(read)}, sent {_short(sent)}"]


def _short(value: Any) -> str:
    text = json.dumps(value) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class ClientCheck:
    def __init__(self, document: Mapping[str, Any]) -> None:
        # Imported here: the CLI reads this module's choices before any run starts.
        import httpx
        from pieces_distributions.client import Client

        self.response = httpx.Response
        self.modules = endpoint_modules(document)
        self.documented = spec.documented(document)
        self.client = Client(base_url="http://contract.invalid")
        self.defects: list[ClientDefect] = []
        self.read = 0
        # Listed items already read, by id (see _unseen).
        self.listed: dict[str, Any] = {}

    def scenario(self, finished: Mapping[str, Any]) -> None:
        """Read every allowed response of one finished scenario of the event log."""
        recorder = finished.get("recorder") or {}
        interactions = recorder.get("interactions") or {}
        checks = recorder.get("checks") or {}
        for case_id, node in (recorder.get("cases") or {}).items():
            value = node.get("value") or {}
            operation = f"{str(value.get('method', '')).upper()} {value.get('path', '')}"
            response = (interactions.get(case_id) or {}).get("response")
            if not response or operation not in self.modules:
                continue
            if any(
                c.get("name") in SERVER_CHECKS and c.get("status") == "failure"
                for c in checks.get(case_id, ())
            ):
                continue
            status = int(response.get("status_code") or 0)
            if str(status) not in self.documented.get(operation, {}):
                continue
            defect = self.judge(
                operation, status, response.get("headers") or {}, _content(response)
            )
            self.read += 1
            if defect is not None:
                defect.case_id = case_id
                self.defects.append(defect)

    def judge(
        self, operation: str, status: int, headers: Mapping[str, Any], content: bytes
    ) -> ClientDefect | None:
        """One response through the operation's generated `_parse_response`, and back."""
        sent: Any = None
        if content[:1] in (b"{", b"["):
            try:
                sent = json.loads(content)
            except ValueError:
                sent = None
            else:
                sent, content = self._unseen(sent, content)
        answer = self.response(
            status,
            headers=[
                (name, str(v))
                for name, values in headers.items()
                if name.lower() not in ("content-length", "content-encoding")
                for v in (values if isinstance(values, list) else [values])
            ],
            content=content,
        )
        try:
            parsed = self.modules[operation]._parse_response(client=self.client, response=answer)
        except Exception as error:  # the defect itself: any exception the client raises
            return ClientDefect(
                operation, status, "", "cannot read", f"{type(error).__name__}: {error}"[:300]
            )
        to_dict = getattr(parsed, "to_dict", None)
        if to_dict is None:
            return None
        try:
            written = to_dict()
        except Exception as error:  # writing back what it read is the client's job too
            return ClientDefect(
                operation, status, "", "cannot write back", f"{type(error).__name__}: {error}"[:300]
            )
        if written == sent:
            return None
        lost = differences(sent, written)
        if not lost:
            return None
        more = f"; and {len(lost) - SHOWN} more" if len(lost) > SHOWN else ""
        detail = "; ".join(lost[:SHOWN]) + more
        return ClientDefect(operation, status, "", "reads with loss", detail)

    def _unseen(self, sent: Any, content: bytes) -> tuple[Any, bytes]:
        """A listing without the items already read in an earlier answer, exactly as listed then.

        A run's snapshots list the same distributions again and again (about ten thousand
        items in a ci run); each distinct item is read once, which keeps the client's share of
        the run's CPU small.
        """
        items = sent.get(spec.LIST_PROPERTY) if isinstance(sent, dict) else None
        if not isinstance(items, list):
            return sent, content
        fresh = []
        for item in items:
            key = item.get("id") if isinstance(item, dict) else None
            if not isinstance(key, str) or self.listed.get(key) != item:
                fresh.append(item)
                if isinstance(key, str):
                    self.listed[key] = item
        if len(fresh) == len(items):
            return sent, content
        reduced = {**sent, spec.LIST_PROPERTY: fresh}
        return reduced, json.dumps(reduced).encode()


def _content(response: Mapping[str, Any]) -> bytes:
    body = response.get("content")
    if body is None:
        return b""
    if isinstance(body, dict) and "$base64" in body:
        return base64.b64decode(body["$base64"])
    return body.encode() if isinstance(body, str) else json.dumps(body).encode()


def section(defects: list[ClientDefect], read: int) -> str:
    """The terminal's "client defects" section."""
    if not defects:
        return f"contract: client defects: none ({read} responses read by pieces_distributions)"
    lines = [
        f"contract: client defects: {len(defects)} of {read} responses the spec allows were not "
        "read back whole by pieces_distributions (the generated client's fault, not the server's):"
    ]
    groups: dict[tuple[str, int, str], list[ClientDefect]] = {}
    for defect in defects:
        groups.setdefault((defect.operation, defect.status, defect.kind), []).append(defect)
    for (operation, status, kind), group in groups.items():
        first = group[0]
        lines.append(f"-- {operation} {status}: the client {kind} ({len(group)} response(s))")
        lines.append(f"   {first.detail}")
        lines.append(f"   case {first.case_id}")
    return "\n".join(lines)
