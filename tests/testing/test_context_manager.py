"""`pieces_os_server()`, the stand-in Pieces OS for code outside pytest's fixtures."""

from __future__ import annotations

import os

import httpx
import pytest
from pieces_distributions import discover

from pieces_testing import SpecViolationError, pieces_os_server


def test_block_names_the_server_in_pieces_os_url_and_restores_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PIECES_OS_URL", "http://127.0.0.1:1")

    with pieces_os_server(version="11.0.0") as pieces_os:
        assert discover(min_version="11.0.0") == pieces_os.url

    assert os.environ["PIECES_OS_URL"] == "http://127.0.0.1:1"


def test_block_raises_on_a_request_the_spec_forbids() -> None:
    with (
        pytest.raises(SpecViolationError, match=r"request body at /mailgun: invalid"),
        pieces_os_server() as pieces_os,
    ):
        httpx.post(pieces_os.url + "/distributions/create", json={"mailgun": {}})
