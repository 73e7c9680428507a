"""openapi.yaml covers everything the upstream API page lists, plus the additions we promise.

The page (tests/fixtures/seed-page.md, a copy of the upstream TypeScript SDK documentation) is
parsed (tests/spec/seed_page.py), not transcribed. An operation the page does not list carries a
marker: `x-not-on-page: true` when upstream's API has it (tests/spec/test_upstream_sdk.py holds
it to tests/fixtures/upstream-operations.json), `x-addition: true` when it is ours. Parameters
and statuses of a page operation that the page does not list are ours (`x-addition`). A marked
element must not be on the page; failures name the file and entry to change.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.spec.markers import (
    MARKER,
    NOT_ON_PAGE,
    SEED_FILE,
    is_addition,
    marked,
    not_upstream,
    off_page,
    where,
    wrongly_marked,
)
from tests.spec.seed_page import SEED, SEED_OPS, SeedOperation
from tests.support.spec import load_spec, operations, resolve_pointer

# Facts from the upstream reference notes (not on the page): where current desktop builds listen
# and how the optional API key is sent.
CURRENT_DESKTOP_SERVER = "http://127.0.0.1:39300"
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


def _off_page(spec: dict[str, Any], path: str, operation: dict[str, Any]) -> bool:
    # Not on the page, by either marker, on the operation or on its whole path item.
    return off_page(operation) or off_page(spec["paths"][path])


def test_spec_has_no_unmarked_operation_the_seed_page_lacks() -> None:
    spec = load_spec()
    extra = [
        not_upstream(where("paths", path, method), SEED_FILE, op.get("operationId", "operation"))
        + f" (or `{NOT_ON_PAGE}: true` if upstream's API has it)"
        for path, method, op in operations(spec)
        if op.get("operationId") not in IDS and not _off_page(spec, path, op)
    ]
    assert not extra, "\n".join(extra)


def test_seed_operations_are_not_marked() -> None:
    spec = load_spec()
    wrong = [
        wrongly_marked(where("paths", path, method), SEED_FILE, marker)
        for path, method, op in operations(spec)
        if op.get("operationId") in IDS
        for marker in (MARKER, NOT_ON_PAGE)
        if any(node.get(marker) is True for node in (op, spec["paths"][path]))
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
    # An operation off the page may have a tag of its own, but one the document declares.
    spec = load_spec()
    declared = {tag["name"] for tag in spec["tags"]}
    ours = [(path, op) for path, _, op in operations(spec) if _off_page(spec, path, op)]
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
    page = [op for path, _, op in operations(spec) if not _off_page(spec, path, op)]
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
