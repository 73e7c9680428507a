"""The spec drives the server: routes, methods, handlers, API key and copied seed properties
come from openapi.yaml, proven in process on edited copies of it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pieces_distributions.models import Distribution

from reference_server import cli
from reference_server.app import create_app
from reference_server.endpoints import Endpoints
from reference_server.settings import MEMORY_DB, Settings
from reference_server.spec import SpecError
from tests.support.asgi import request
from tests.support.spec import load_spec, rename_delete_parameter, write_spec

CREATE = "/distributions/create"
SNAPSHOT = "/distributions"
KEY = "spec-driven-key"


def _start_up_failure(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """The one line `python -m reference_server` prints when it refuses to start."""
    assert cli.main(argv) == 1
    captured = capsys.readouterr()
    assert captured.out == ""  # no ready line
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err  # one line, no traceback
    return lines[0]


@pytest.mark.parametrize("workers", ["1", "2"])
def test_handler_removed_stops_start_up_with_one_line(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    workers: str,
) -> None:
    # The supervisor of several workers checks before any worker starts, too.
    monkeypatch.delattr(Endpoints, "distributions_snapshot")
    line = _start_up_failure(["--db", str(tmp_path / "d.db"), "--workers", workers], capsys)
    assert (
        "distributionsSnapshot (GET /distributions) has no handler distributions_snapshot" in line
    )


def test_operation_without_handler_stops_start_up_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = load_spec()
    document["paths"]["/distributions/{distribution}/share"] = {
        "post": {"operationId": "distributionsShare", "responses": {"204": {"description": "ok"}}}
    }
    spec = write_spec(tmp_path, document)
    line = _start_up_failure(["--db", MEMORY_DB, "--spec", str(spec)], capsys)
    assert "distributionsShare (POST /distributions/{distribution}/share)" in line
    assert "no handler distributions_share" in line


def test_handler_without_operation_stops_start_up(tmp_path: Path) -> None:
    document = load_spec()
    del document["paths"]["/distributions"]
    with pytest.raises(SpecError, match="handler distributions_snapshot has no operation"):
        create_app(Settings(db=MEMORY_DB, spec=write_spec(tmp_path, document)))


def test_routes_follow_the_spec_paths_and_methods(tmp_path: Path) -> None:
    # Moving an operation in the spec moves the route: nothing in the server names a path.
    document = load_spec()
    document["paths"]["/v2/all"] = document["paths"].pop("/distributions")
    app = create_app(Settings(db=MEMORY_DB, spec=write_spec(tmp_path, document)))
    assert request(app, "GET", "/v2/all").json() == {"iterable": []}
    assert request(app, "GET", SNAPSHOT).status_code == 404


def test_operation_with_empty_security_is_open_to_callers_without_the_key(tmp_path: Path) -> None:
    document = load_spec()
    document["paths"]["/distributions"]["get"]["security"] = []
    app = create_app(Settings(db=MEMORY_DB, api_key=KEY, spec=write_spec(tmp_path, document)))
    assert request(app, "GET", SNAPSHOT).status_code == 200
    # The others still name the scheme through the document's `security`.
    assert request(app, "POST", CREATE).status_code == 401
    assert request(app, "POST", CREATE, headers={"X-Application-ID": KEY}).status_code == 200


def test_api_key_header_name_comes_from_the_security_scheme(tmp_path: Path) -> None:
    document = load_spec()
    document["components"]["securitySchemes"]["application"]["name"] = "X-Other-Key"
    app = create_app(Settings(db=MEMORY_DB, api_key=KEY, spec=write_spec(tmp_path, document)))
    refused = request(app, "GET", SNAPSHOT, headers={"X-Application-ID": KEY})
    assert (refused.status_code, refused.text) == (401, "missing or wrong X-Other-Key")
    assert request(app, "GET", SNAPSHOT, headers={"X-Other-Key": KEY}).status_code == 200


def test_seed_property_added_to_both_schemas_reaches_the_response(tmp_path: Path) -> None:
    # The generated models know nothing of `priority`: the factory copies what the spec says
    # both schemas declare, so no server change (and no `make generate`) is needed.
    document = load_spec()
    schemas = document["components"]["schemas"]
    for name in ("SeededDistribution", "Distribution"):
        schemas[name]["properties"]["priority"] = {"type": "integer", "minimum": 1}
    app = create_app(Settings(db=MEMORY_DB, spec=write_spec(tmp_path, document)))
    created = request(app, "POST", CREATE, json={"priority": 3})
    assert created.status_code == 200, created.text
    assert created.json()["priority"] == 3
    # The seed is still validated against the copy's schema for it.
    assert request(app, "POST", CREATE, json={"priority": 0}).status_code == 400


def test_seed_property_with_a_different_response_schema_stops_start_up(tmp_path: Path) -> None:
    document = load_spec()
    schemas = document["components"]["schemas"]
    schemas["SeededDistribution"]["properties"]["priority"] = {"type": "integer"}
    schemas["Distribution"]["properties"]["priority"] = {"type": "string"}
    with pytest.raises(SpecError, match="declare priority with different schemas"):
        create_app(Settings(db=MEMORY_DB, spec=write_spec(tmp_path, document)))


@pytest.mark.parametrize(
    "seed",
    [
        None,
        {"mailgun": {"recipients": {"iterable": [{"email": "ada@example.com", "x": [1]}]}}},
        {"github": {"gist": {"name": "a.py", "public": False}, "extra": True}, "note": "kept"},
        {"schema": {"migration": 0, "semantic": "MAJOR_0_MINOR_0_PATCH_1"}},
    ],
    ids=["empty", "mailgun", "gist", "schema"],
)
def test_created_document_is_exactly_what_the_generated_models_write(
    seed: dict[str, Any] | None,
) -> None:
    # The factory writes copied seed parts as validated JSON, not through the models: the
    # generated Distribution must read it and write it back unchanged.
    app = create_app(Settings(db=MEMORY_DB))
    created = request(app, "POST", CREATE, json=seed)
    assert created.status_code == 200, created.text
    document = created.json()
    assert Distribution.from_dict(document).to_dict() == document


def test_renamed_delete_path_parameter_deletes_without_a_server_change(tmp_path: Path) -> None:
    # The README's edit 5: the delete's path parameter renamed in the path, the parameter and
    # create's link; the server takes the id from whatever the spec calls it now.
    document = load_spec()
    old_path = rename_delete_parameter(document)
    app = create_app(Settings(db=MEMORY_DB, spec=write_spec(tmp_path, document)))
    created = request(app, "POST", CREATE, json={}).json()
    delete_path = old_path.replace("{distribution}", created["id"])
    assert request(app, "POST", delete_path).status_code == 204
    assert request(app, "GET", SNAPSHOT).json() == {"iterable": []}
