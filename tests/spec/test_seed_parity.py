"""openapi.yaml covers everything the upstream API page lists, plus the additions we promise.

The page (tests/fixtures/seed-page.md, a copy of the upstream TypeScript SDK documentation) is
parsed rather than transcribed, so the test keeps meaning the page even if the copy is refreshed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.support.spec import FIXTURES, load_spec, operations, resolve_pointer

SEED_PAGE = FIXTURES / "seed-page.md"
# Facts from the upstream reference notes (not on the page): where current desktop builds listen
# and how the optional API key is sent.
CURRENT_DESKTOP_SERVER = "http://127.0.0.1:39300"
ERRORS_WE_ADD = {
    "distributionsCreateNewDistribution": {"400", "401", "413", "415"},
    "distributionsDeleteSpecificDistribution": {"401", "404"},
    "distributionsSnapshot": {"401"},
}


@dataclass
class SeedParameter:
    name: str
    type: str
    optional: bool


@dataclass
class SeedOperation:
    operation_id: str
    method: str = ""
    path: str = ""
    parameters: list[SeedParameter] = field(default_factory=list)
    return_type: str = ""
    content_types: list[str] = field(default_factory=list)
    accept: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)


@dataclass
class SeedPage:
    base_url: str
    operations: dict[str, SeedOperation]


def _unescape(text: str) -> str:
    return text.replace("\\{", "{").replace("\\}", "}")


def _media_types(text: str) -> list[str]:
    return [] if text.strip() == "Not defined" else [t.strip() for t in text.split(",")]


def parse_seed_page(text: str) -> SeedPage:
    base = re.search(r"All URIs are relative to \*(\S+?)\*", text)
    assert base, "the page no longer states its base URL"
    found: dict[str, SeedOperation] = {}
    for op_id, method, path in re.findall(
        r"^\[\*\*(\w+)\*\*\]\([^)]*\) \| \*\*([A-Z]+)\*\* (\S+) \|", text, re.MULTILINE
    ):
        found[op_id] = SeedOperation(op_id, method.lower(), _unescape(path))
    sections = re.split(r"^## \*\*(\w+)\*\*.*$", text, flags=re.MULTILINE)
    for op_id, body in zip(sections[1::2], sections[2::2], strict=True):
        op = found.setdefault(op_id, SeedOperation(op_id))
        # In the example code, `// Type | description (optional)` sits above `name: value,`.
        optional = {
            name: "(optional)" in comment
            for comment, name in re.findall(r"//\s*(.*)\n\s*(\w+):", body)
        }
        params = body.split("### Parameters", 1)[1].split("###", 1)[0]
        for row in re.findall(r"^\s*\*\*\w+\*\*.*$", params, re.MULTILINE):
            name, type_name = (re.sub(r"[\[\]*]", "", cell).strip() for cell in row.split("|")[:2])
            op.parameters.append(SeedParameter(name, type_name, optional.get(name, False)))
        returns = body.split("### Return type", 1)[1].strip().splitlines()[0]
        model = re.match(r"\[\*\*(\w+)\*\*\]", returns)
        op.return_type = model.group(1) if model else "void"
        content_type = re.search(r"\*\*Content-Type\*\*: (.+)", body)
        accept = re.search(r"\*\*Accept\*\*: (.+)", body)
        assert content_type, f"{op_id}: no Content-Type line"
        assert accept, f"{op_id}: no Accept line"
        op.content_types = _media_types(content_type.group(1))
        op.accept = _media_types(accept.group(1))
        op.statuses = re.findall(r"^\*\*(\d{3})\*\* \|", body, re.MULTILINE)
    return SeedPage(base.group(1), found)


SEED = parse_seed_page(SEED_PAGE.read_text(encoding="utf-8"))
SEED_OPS = list(SEED.operations.values())
IDS = [op.operation_id for op in SEED_OPS]


def _by_id(spec: dict[str, Any], operation_id: str) -> dict[str, Any]:
    [operation] = [op for _, _, op in operations(spec) if op["operationId"] == operation_id]
    return operation


def _operation(spec: dict[str, Any], seed: SeedOperation) -> dict[str, Any]:
    operation = spec["paths"].get(seed.path, {}).get(seed.method)
    assert operation is not None, f"spec has no {seed.method.upper()} {seed.path}"
    return dict(operation)


def _response(spec: dict[str, Any], operation: dict[str, Any], status: str) -> dict[str, Any]:
    response = operation["responses"][status]
    target = resolve_pointer(spec, response["$ref"]) if "$ref" in response else response
    assert isinstance(target, dict)
    return target


def test_seed_page_parses_into_complete_operations() -> None:
    # Guards the parser: a page layout change must fail here, not make the other tests vacuous.
    assert SEED_OPS
    for op in SEED_OPS:
        assert op.method, op
        assert op.path, op
        assert op.statuses, op
        assert op.accept, op


@pytest.mark.parametrize("seed", SEED_OPS, ids=IDS)
def test_seed_operation_has_same_method_path_and_id(seed: SeedOperation) -> None:
    assert _operation(load_spec(), seed)["operationId"] == seed.operation_id


def _page_operations(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Operations outside x-addition paths (upstream's /.well-known/* are not on the page)."""
    return [op for path, _, op in operations(spec) if not spec["paths"][path].get("x-addition")]


def test_spec_has_no_operation_the_seed_page_lacks() -> None:
    listed = [op["operationId"] for op in _page_operations(load_spec())]
    assert sorted(listed) == sorted(IDS)


@pytest.mark.parametrize("seed", SEED_OPS, ids=IDS)
def test_seed_parameters_are_in_spec(seed: SeedOperation) -> None:
    spec = load_spec()
    operation = _operation(spec, seed)
    for param in seed.parameters:
        if "{" + param.name + "}" in seed.path:
            declared = [p for p in operation.get("parameters", []) if p["name"] == param.name]
            assert len(declared) == 1, f"path parameter {param.name} missing"
            assert declared[0]["in"] == "path"
            assert declared[0]["required"] is True
            assert declared[0]["schema"]["type"] == param.type
        else:
            # The TypeScript SDK wraps the request body as a named parameter of its model type.
            body = operation.get("requestBody")
            assert body is not None, f"body parameter {param.name} has no requestBody"
            assert body.get("required", False) is not param.optional
            schemas = {m["schema"].get("$ref") for m in body["content"].values()}
            assert schemas == {f"#/components/schemas/{param.type}"}


@pytest.mark.parametrize("seed", SEED_OPS, ids=IDS)
def test_seed_return_type_is_the_success_response(seed: SeedOperation) -> None:
    spec = load_spec()
    operation = _operation(spec, seed)
    success = [s for s in seed.statuses if s.startswith("2")]
    assert len(success) == 1
    response = _response(spec, operation, success[0])
    if seed.return_type == "void":
        assert "content" not in response
    else:
        schema = response["content"]["application/json"]["schema"]
        assert schema == {"$ref": f"#/components/schemas/{seed.return_type}"}


@pytest.mark.parametrize("seed", SEED_OPS, ids=IDS)
def test_seed_status_codes_are_in_spec(seed: SeedOperation) -> None:
    assert set(seed.statuses) <= set(_operation(load_spec(), seed)["responses"])


@pytest.mark.parametrize("seed", SEED_OPS, ids=IDS)
def test_seed_content_types_are_in_spec(seed: SeedOperation) -> None:
    spec = load_spec()
    operation = _operation(spec, seed)
    if seed.content_types:
        assert set(seed.content_types) <= set(operation["requestBody"]["content"])
    else:
        assert "requestBody" not in operation
    produced = {
        media_type
        for status in operation["responses"]
        for media_type in _response(spec, operation, status).get("content", {})
    }
    assert set(seed.accept) <= produced


def test_servers_include_seed_base_url_and_current_desktop_address() -> None:
    urls = [server["url"] for server in load_spec()["servers"]]
    assert SEED.base_url in urls
    assert CURRENT_DESKTOP_SERVER in urls


def test_operations_all_tagged_distributions() -> None:
    spec = load_spec()
    assert "Distributions" in [tag["name"] for tag in spec["tags"]]
    assert [op["tags"] for op in _page_operations(spec)] == [["Distributions"]] * len(SEED_OPS)


def test_security_scheme_is_the_upstream_application_key() -> None:
    scheme = load_spec()["components"]["securitySchemes"]["application"]
    assert scheme["type"] == "apiKey"
    assert scheme["in"] == "header"
    assert scheme["name"] == "X-Application-ID"


def test_security_is_optional() -> None:
    spec = load_spec()
    assert spec["security"] == [{}, {"application": []}]
    # An operation-level `security` would override the document's optional one.
    assert [op["operationId"] for op in _page_operations(spec) if "security" in op] == []


@pytest.mark.parametrize("operation_id", sorted(ERRORS_WE_ADD))
def test_added_error_responses_are_text_plain(operation_id: str) -> None:
    spec = load_spec()
    operation = _by_id(spec, operation_id)
    for status in sorted(ERRORS_WE_ADD[operation_id]):
        assert status in operation["responses"], f"{operation_id} lacks {status}"
        content = _response(spec, operation, status)["content"]
        assert list(content) == ["text/plain"], f"{operation_id} {status}"
        assert content["text/plain"]["schema"] == {"type": "string"}


def test_create_success_links_to_delete_by_body_id() -> None:
    spec = load_spec()
    create = _by_id(spec, "distributionsCreateNewDistribution")
    links = create["responses"]["200"]["links"].values()
    assert {(link["operationId"], tuple(link["parameters"].items())) for link in links} == {
        ("distributionsDeleteSpecificDistribution", (("distribution", "$response.body#/id"),))
    }
