"""openapi.yaml covers everything the upstream API page lists, plus the additions we promise.

The page (tests/fixtures/seed-page.md, a copy of the upstream TypeScript SDK documentation) is
parsed rather than transcribed, so the test keeps meaning the page even if the copy is refreshed.
Operations, parameters and statuses the page does not list must carry `x-addition: true` (our
additions), and a marked one must not be on the page; failures name the file and entry to change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.spec.markers import SEED_FILE, is_addition, marked, not_upstream, where, wrongly_marked
from tests.support.spec import FIXTURES, load_spec, operations, resolve_pointer

SEED_PAGE = FIXTURES / "seed-page.md"
# Facts from the upstream reference notes (not on the page): where current desktop builds listen
# and how the optional API key is sent.
CURRENT_DESKTOP_SERVER = "http://127.0.0.1:39300"


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
    assert operation is not None, (
        f"{where('paths')}: no {seed.method.upper()} {seed.path}, which {SEED_FILE} lists - "
        f"add it back, or change {SEED_FILE} if upstream changed it"
    )
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


def _ours(spec: dict[str, Any], path: str, operation: dict[str, Any]) -> bool:
    # An operation is ours when it, or the whole path item, is marked.
    return marked(operation) or marked(spec["paths"][path])


def test_spec_has_no_unmarked_operation_the_seed_page_lacks() -> None:
    spec = load_spec()
    extra = [
        not_upstream(where("paths", path, method), SEED_FILE, op.get("operationId", "operation"))
        for path, method, op in operations(spec)
        if op.get("operationId") not in IDS and not _ours(spec, path, op)
    ]
    assert not extra, "\n".join(extra)


def test_seed_operations_are_not_marked() -> None:
    spec = load_spec()
    wrong = [
        wrongly_marked(where("paths", path, method), SEED_FILE)
        for path, method, op in operations(spec)
        if op.get("operationId") in IDS and _ours(spec, path, op)
    ]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("seed", SEED_OPS, ids=IDS)
def test_statuses_the_seed_page_lacks_are_marked(seed: SeedOperation) -> None:
    spec = load_spec()
    responses = _operation(spec, seed)["responses"]
    location = ("paths", seed.path, seed.method, "responses")
    problems = [
        not_upstream(where(*location, status), SEED_FILE, "status")
        for status, response in responses.items()
        if status not in seed.statuses and not is_addition(response, spec)
    ] + [
        wrongly_marked(where(*location, status), SEED_FILE)
        for status, response in responses.items()
        if status in seed.statuses and is_addition(response, spec)
    ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("seed", SEED_OPS, ids=IDS)
def test_parameters_the_seed_page_lacks_are_marked(seed: SeedOperation) -> None:
    spec = load_spec()
    operation = _operation(spec, seed)
    listed = {param.name for param in seed.parameters}
    problems = []
    for param in [
        *spec["paths"][seed.path].get("parameters", []),
        *operation.get("parameters", []),
    ]:
        name = (resolve_pointer(spec, param["$ref"]) if "$ref" in param else param)["name"]
        if name not in listed and not is_addition(param, spec):
            location = where("paths", seed.path, seed.method, "parameters", name)
            problems.append(not_upstream(location, SEED_FILE, "parameter"))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("seed", SEED_OPS, ids=IDS)
def test_seed_parameters_are_in_spec(seed: SeedOperation) -> None:
    spec = load_spec()
    operation = _operation(spec, seed)
    for param in seed.parameters:
        if "{" + param.name + "}" in seed.path:
            declared = [p for p in operation.get("parameters", []) if p["name"] == param.name]
            assert len(declared) == 1, (
                f"{where('paths', seed.path, seed.method, 'parameters')}: path parameter "
                f"{param.name} ({SEED_FILE}) missing"
            )
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
    seed_tags = [op["tags"] for _, _, op in operations(spec) if op.get("operationId") in IDS]
    assert seed_tags == [["Distributions"]] * len(SEED_OPS)


def test_operations_of_ours_use_declared_tags() -> None:
    # An added operation may have a tag of its own, but one the document declares.
    spec = load_spec()
    declared = {tag["name"] for tag in spec["tags"]}
    ours = [(path, op) for path, _, op in operations(spec) if _ours(spec, path, op)]
    untagged = [p for p, op in ours if not op.get("tags") or not set(op["tags"]) <= declared]
    assert not untagged, f"tag each operation with a tag of `tags` ({sorted(declared)}): " + (
        ", ".join(untagged)
    )


def test_security_scheme_is_the_upstream_application_key() -> None:
    scheme = load_spec()["components"]["securitySchemes"]["application"]
    assert scheme["type"] == "apiKey"
    assert scheme["in"] == "header"
    assert scheme["name"] == "X-Application-ID"


def test_security_is_optional() -> None:
    spec = load_spec()
    assert spec["security"] == [{}, {"application": []}]
    # An operation-level `security` would override the document's optional one.
    page = [op for path, _, op in operations(spec) if not _ours(spec, path, op)]
    assert [op["operationId"] for op in page if "security" in op] == []


def test_added_error_responses_are_text_plain() -> None:
    # Our error statuses answer like upstream's 500: one line of text/plain.
    spec = load_spec()
    added = [
        (f"{op['operationId']} {status}", _response(spec, op, status).get("content", {}))
        for _, _, op in operations(spec)
        for status, response in op["responses"].items()
        if status >= "400" and is_addition(response, spec)
    ]
    assert len(added) >= 3, "the marker walk found almost no added error; is it reading markers?"
    assert [
        where_
        for where_, content in added
        if list(content) != ["text/plain"] or content["text/plain"]["schema"] != {"type": "string"}
    ] == []


def test_create_success_links_to_delete_by_body_id() -> None:
    spec = load_spec()
    create = _by_id(spec, "distributionsCreateNewDistribution")
    links = create["responses"]["200"]["links"].values()
    # The page has no links: this one is ours.
    assert all(marked(link) for link in links)
    # The delete operation's path parameter, by the name the seed page gives it.
    delete = SEED.operations["distributionsDeleteSpecificDistribution"]
    [name] = [p.name for p in delete.parameters if "{" + p.name + "}" in delete.path]
    assert {(link["operationId"], tuple(link["parameters"].items())) for link in links} == {
        ("distributionsDeleteSpecificDistribution", ((name, "$response.body#/id"),))
    }
