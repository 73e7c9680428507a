"""Failures as regression tests: each failing case as a self-contained pytest file.

A server team keeps these next to its own tests: each file needs pytest and httpx (and jsonschema
for a schema failure), names the server with `CONTRACT_BASE_URL` (default: the run's) and the
key with `CONTRACT_API_KEY`, sends the failing request again and asserts what the spec expects,
not what the server answered: it fails while the bug is there and passes once it is fixed. The
lifecycle checks (a seed kept, a create listed, a delete that deletes...) become the short
sequence of requests each one stands for, on distributions the test creates itself.

One file per kind of failure (check, operation, title), one test per failing case, at most
CASES_PER_FILE of them. A check with no expectation a lone request can show is listed in the
index file, not exported.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pieces_contract import inert, spec
from pieces_contract.results import Failure, Results

FOLDER = "regressions"
CASES_PER_FILE = 20
KEY_HEADER = "x-application-id"
SKIPPED_HEADERS = frozenset(
    {
        "user-agent",
        "accept-encoding",
        "connection",
        "content-length",
        "accept",
        "x-schemathesis-testcaseid",
        "host",
    }
)

HEADER = '''"""Regression test exported by pieces-contract: {check} on {operation}.

{title}
The run said:
{message}

Run it against any server: CONTRACT_BASE_URL=http://HOST:PORT pytest {name}
(the key, when the server wants one, in CONTRACT_API_KEY). It fails while the server still
breaks this expectation and passes once it does not.
"""

from __future__ import annotations

import json
import os
from typing import Any

import httpx

BASE_URL = os.environ.get("CONTRACT_BASE_URL", {base_url!r}).rstrip("/")
API_KEY = os.environ.get("CONTRACT_API_KEY", "")
KEY_HEADER = {key_header!r}
TIMEOUT = 10.0
CREATE = {create!r}
SNAPSHOT = {snapshot!r}
DELETE = {delete!r}
ID_POINTER = {id_pointer!r}
LIST_PROPERTY = {list_property!r}


def send(method: str, path: str, body: bytes | None = None, headers: Any = ()) -> httpx.Response:
    sent = dict(headers)
    if API_KEY:
        sent[KEY_HEADER] = API_KEY
    with httpx.Client(timeout=TIMEOUT) as client:
        return client.request(method, BASE_URL + path, content=body, headers=sent)


def pointer(document: Any, where: str) -> Any:
    for part in [p.replace("~1", "/").replace("~0", "~") for p in where.split("/")[1:]]:
        document = document[int(part) if isinstance(document, list) else part]
    return document


def create(seed: Any = None) -> tuple[str, Any]:
    body = json.dumps({{}} if seed is None else seed).encode()
    answer = send("POST", CREATE, body, {{"Content-Type": "application/json"}})
    assert answer.status_code == 200, f"create answered {{answer.status_code}}"
    record = answer.json()
    return pointer(record, ID_POINTER), record


def listed() -> list[Any]:
    answer = send("GET", SNAPSHOT)
    assert answer.status_code == 200, f"snapshot answered {{answer.status_code}}"
    return list(answer.json()[LIST_PROPERTY])


def listed_ids() -> list[Any]:
    return [item.get("id") for item in listed() if isinstance(item, dict)]


def delete(identifier: str) -> httpx.Response:
    return send("POST", DELETE.replace("{{id}}", identifier))
'''

SCHEMA_HELPER = """

def valid(instance: Any, schema: Any) -> list[str]:
    import jsonschema

    validator = jsonschema.Draft4Validator(schema)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(instance)]
"""


def _inert(text: str) -> str:
    """Text a server wrote, made safe inside a docstring: control characters, lone surrogates
    and backslashes escaped, no closing quotes."""
    text = text.replace("\\", "\\\\").encode("utf-8", "backslashreplace").decode("utf-8")
    cleaned = "".join(c if c.isprintable() or c == "\n" else f"\\x{ord(c):02x}" for c in text)
    return cleaned.replace('"' * 3, "'" * 3)


def _py(value: Any) -> str:
    """A Python literal of a JSON value (repr keeps NUL bytes and odd characters inert)."""
    return repr(value)


def _path(failure: Failure, base_url: str) -> str:
    parts = urlsplit(failure.uri)
    prefix = urlsplit(base_url).path.rstrip("/")
    path = parts.path.removeprefix(prefix) if parts.path.startswith(prefix + "/") else parts.path
    return path + (f"?{parts.query}" if parts.query else "")


def _headers(failure: Failure) -> dict[str, str]:
    return {
        name: value
        for name, value in failure.request_headers.items()
        if name.lower() not in SKIPPED_HEADERS and name.lower() != KEY_HEADER
    }


def json_schema(document: Mapping[str, Any], schema: Any) -> dict[str, Any]:
    """An OpenAPI 3.0 schema as a Draft 4 JSON Schema: components as definitions, nullable as
    a "null" type."""

    def convert(node: Any) -> Any:
        if isinstance(node, list):
            return [convert(item) for item in node]
        if not isinstance(node, dict):
            return node
        out = {k: convert(v) for k, v in node.items() if k != "nullable" and not k.startswith("x-")}
        ref = out.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            out["$ref"] = "#/definitions/" + ref.rsplit("/", 1)[1]
        if node.get("nullable") is True:
            if isinstance(out.get("type"), str):
                out["type"] = [out["type"], "null"]
            elif "$ref" in out or "allOf" in out or "oneOf" in out or "anyOf" in out:
                out = {"anyOf": [out, {"type": "null"}]}
        return out

    components = (document.get("components") or {}).get("schemas") or {}
    converted = convert(copy.deepcopy(schema))
    converted["definitions"] = {name: convert(value) for name, value in components.items()}
    return dict(converted)


def _documented(document: Mapping[str, Any], operation: str) -> dict[str, list[str]]:
    return spec.documented(document).get(operation, {})


def _response_schema(document: Mapping[str, Any], failure: Failure) -> Any:
    for candidate in spec.operations_of(document):
        if candidate.label != failure.operation:
            continue
        responses = candidate.raw.get("responses") or {}
        response = spec.resolve(document, responses.get(str(failure.status)) or {})
        content = response.get("content") or {}
        media: Any = content.get(failure.media_type) or next(iter(content.values()), {})
        return media.get("schema")
    return None


def _body(failure: Failure) -> Any:
    try:
        return json.loads(failure.request_body or b"")
    except ValueError:
        return None


def test_body(failure: Failure, document: Mapping[str, Any], base_url: str) -> list[str] | None:
    """The lines of one test for one failing case; None when the check has no expectation a
    test can state on its own."""
    request = (
        f"    response = send({failure.method!r}, {_path(failure, base_url)!r}, "
        f"{failure.request_body!r}, {_headers(failure)!r})"
    )
    documented = _documented(document, failure.operation)
    check = failure.check
    if check == "status_code_conformance":
        return [
            request,
            f"    documented = {_py(sorted(documented))}",
            "    assert str(response.status_code) in documented, response.status_code",
        ]
    if check == "content_type_conformance":
        return [
            request,
            f"    documented = {_py(documented)}",
            '    media = response.headers.get("content-type", "").split(";")[0].strip()',
            "    assert media in documented.get(str(response.status_code), [media]), media",
        ]
    if check == "response_schema_conformance":
        schema = _response_schema(document, failure)
        if schema is None:
            return None
        return [
            request,
            f"    schema = json.loads({json.dumps(json_schema(document, schema))!r})",
            f"    if response.status_code == {failure.status!r}:",
            "        assert valid(response.json(), schema) == []",
        ]
    if check == "not_a_server_error":
        return [request, "    assert response.status_code < 500, response.text[:200]"]
    if check in ("negative_data_rejection", "missing_required_header", "ignored_auth"):
        return [request, "    assert 400 <= response.status_code < 500, response.status_code"]
    if check == "unsupported_method":
        return [request, "    assert response.status_code in (405, 501), response.status_code"]
    if check == "positive_data_acceptance":
        return [request, "    assert response.status_code < 400, response.status_code"]
    return _lifecycle(failure, document)


def _lifecycle(failure: Failure, document: Mapping[str, Any]) -> list[str] | None:
    check = failure.check
    if check == "seed_is_kept":
        seed = _body(failure)
        if not isinstance(seed, dict):
            return None
        expected = list(
            spec.seed_expectations(
                document,
                seed,
                spec.schema_ref(spec.SEED_SCHEMA),
                spec.schema_ref(spec.RECORD_SCHEMA),
            )
        )
        return [
            f"    seed = json.loads({json.dumps(seed)!r})",
            "    _, record = create(seed)",
            f"    for where, value in json.loads({json.dumps(expected)!r}):",
            "        assert pointer(record, where) == value, where",
        ]
    if check == "created_distribution_is_listed":
        return ["    created, _ = create()", "    assert created in listed_ids()"]
    if check == "deleted_distribution_is_gone":
        return [
            "    created, _ = create()",
            "    assert delete(created).status_code == 204",
            "    assert created not in listed_ids()",
            "    assert delete(created).status_code == 404",
        ]
    if check == "delete_removes_only_its_target":
        return [
            "    kept, _ = create()",
            "    gone, _ = create()",
            "    assert delete(gone).status_code == 204",
            "    assert kept in listed_ids()",
        ]
    if check == "id_is_fresh":
        return [
            "    first, _ = create()",
            "    assert delete(first).status_code == 204",
            "    second, _ = create()",
            "    assert second != first",
        ]
    if check == "snapshot_is_oldest_first":
        return [
            "    older, _ = create()",
            "    newer, _ = create()",
            "    ids = listed_ids()",
            "    assert ids.index(older) < ids.index(newer)",
        ]
    if check == "listed_distribution_is_unchanged":
        return [
            "    created, record = create()",
            "    (item,) = [i for i in listed() if isinstance(i, dict) and i.get('id') == created]",
            "    assert item.get('created') == record.get('created')",
        ]
    return None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:60]


def export(found: Results, document: Mapping[str, Any], base_url: str, folder: Path) -> list[Path]:
    """Write the test files of every failing kind of failure; returns their paths."""
    operations = spec.find_operations(document)
    delete_path = operations.delete.path.replace("{" + operations.delete_parameter + "}", "{id}")
    written: list[Path] = []
    not_exported: list[str] = []
    for number, group in enumerate(found.grouped().values(), 1):
        first = group[0]
        name = f"test_{number:02d}_{_slug(first.check)}_{_slug(first.operation)}.py"
        tests: list[str] = []
        seen: set[tuple[str, str, bytes | None]] = set()
        for failure in group:
            body = test_body(failure, document, base_url)
            if body is None:
                break
            request = (failure.method, failure.uri, failure.request_body)
            if request in seen:
                continue
            seen.add(request)
            test_name = f"test_{_slug(failure.check)}_{_slug(failure.case_id)}"
            tests.append(f"\n\ndef {test_name}() -> None:\n" + "\n".join(body))
            if len(tests) == CASES_PER_FILE:
                break
        if not tests:
            not_exported.append(f"{first.check} on {first.operation}: {first.title}")
            continue
        message = "\n".join(f"    {line}" for line in first.message.strip().splitlines()[:8])
        text = HEADER.format(
            check=first.check,
            operation=first.operation,
            title=_inert(first.title),
            message=_inert(message),
            name=name,
            base_url=base_url,
            key_header=spec_key_header(document),
            create=operations.create.path,
            snapshot=operations.snapshot.path,
            delete=delete_path,
            id_pointer=operations.id_pointer,
            list_property=spec.LIST_PROPERTY,
        )
        if first.check == "response_schema_conformance":
            text += SCHEMA_HELPER
        inert.private_dir(folder)
        path = folder / name
        inert.write_private(path, text + "".join(tests) + "\n")
        written.append(path)
    if not_exported:
        inert.private_dir(folder)
        inert.write_private(
            folder / "NOT-EXPORTED.txt",
            "Failures with no expectation a test can state on its own "
            "(re-send them with pieces-contract replay):\n"
            + "\n".join(f"- {line}" for line in not_exported)
            + "\n",
        )
    return written


def spec_key_header(document: Mapping[str, Any]) -> str:
    schemes = (document.get("components") or {}).get("securitySchemes") or {}
    for scheme in schemes.values():
        if isinstance(scheme, dict) and scheme.get("in") == "header" and scheme.get("name"):
            return str(scheme["name"])
    return "X-Application-ID"
