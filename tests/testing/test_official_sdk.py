"""The official Python SDK (pieces_os_client, in .venv-upstream) drives the stand-in Pieces OS.

The SDK runs in a subprocess of its own venv, as tests/interop runs it, and reaches the fixture's
server through the URL the fixture set; every request it sends is checked against openapi.yaml,
so the strict teardown is part of what these tests check.
"""

from __future__ import annotations

import json
import os

import pytest

from pieces_testing import PiecesOS
from tests.interop.test_official_sdks import flow_command
from tests.interop.tools import UPSTREAM_PYTHON, run, tool

READ_ACCESS = """
import json, os
from pieces_os_client.api.distributions_api import DistributionsApi
from pieces_os_client.api_client import ApiClient
from pieces_os_client.configuration import Configuration

with ApiClient(Configuration(host=os.environ["PIECES_OS_URL"])) as client:
    listed = DistributionsApi(client).distributions_snapshot()
print(json.dumps([item.share.access.value for item in listed.iterable]))
"""


def test_official_sdk_flow_runs_on_the_stand_in(pieces_os: PiecesOS) -> None:
    # interop's flow: three creates and a snapshot, each answer checked against the SDK's models.
    stdout = run([*flow_command("python"), "--base-url", pieces_os.url, "create"])
    result = json.loads(stdout.strip().splitlines()[-1])

    stored = [distribution["id"] for distribution in pieces_os.distributions]
    assert result["snapshot"] == stored
    assert sorted(result["created"].values()) == sorted(stored)
    assert {request.operation_id for request in pieces_os.requests} == {
        "distributionsCreateNewDistribution",
        "distributionsSnapshot",
    }


@pytest.mark.pieces_os(newer="12.0.0")
def test_official_sdk_reads_an_unknown_access_level_as_unknown(pieces_os: PiecesOS) -> None:
    pieces_os.add_distribution()
    assert os.environ["PIECES_OS_URL"] == pieces_os.url  # the subprocess inherits it

    access = json.loads(run([tool(UPSTREAM_PYTHON), "-c", READ_ACCESS]).strip())

    # The SDK replaces a value its AccessEnum does not list with UNKNOWN: the newer server's
    # value is lost, where the generated client keeps it (test_pieces_os.py).
    assert access == ["UNKNOWN"]
