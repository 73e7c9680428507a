"""docs/spec.md's walked-through spec edits end with a green contract run and no server change.

Edits 1, 2, 3 and 5 of "Five common edits" are applied together to a copy of openapi.yaml and
`pieces-contract run --spec COPY` starts the reference server on that copy: the server's routes,
path parameters, validation and copied seed properties all follow the spec, so the suite finds
nothing to fail. Edit 4 (a new operation) is left out: the walk-through names the handler it
needs.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from tests.contract.runs import contract
from tests.support.spec import load_spec, rename_delete_parameter, write_spec


def _walked_through() -> dict[str, Any]:
    document = load_spec()
    schemas = document["components"]["schemas"]
    # 1. Upstream added a response property.
    schemas["Distribution"]["properties"]["notes"] = {
        "type": "string",
        "description": "Free text about the distribution.",
    }
    # 2. Upstream added an enum value.
    schemas["ExternallySourcedEnum"]["enum"].append("JIRA")
    # 3. A property of our own in the seed.
    schemas["SeededDistribution"]["properties"]["note"] = {
        "type": "string",
        "description": "A note kept with the seed.",
        "x-addition": True,
    }
    # 5. Upstream renamed the delete's path parameter: path, parameter and create's link.
    rename_delete_parameter(document)
    return document


def test_walked_through_edits_pass_the_contract_run_unchanged_server(tmp_path: Path) -> None:
    spec = write_spec(tmp_path, _walked_through())
    # Few cases suffice: the lifecycle checks follow create's link to the renamed delete.
    # One schemathesis process: what is proven is the spec's edits, not the split run.
    run = contract("run", "--spec", str(spec), "--max-examples", "5", "--jobs", "1", cwd=tmp_path)
    assert run.returncode == 0, run.explain()
    # The renamed delete was reached through the link and answered 204.
    assert re.search(r"POST /distributions/\{id\}/delete\s+204\b.*\bseen", run.stdout), (
        run.explain()
    )
