"""Helpers shared by the reliability tests: raw sockets, response checks, snapshot reading."""

from __future__ import annotations

import re
import socket
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
FIGURES = pytest.StashKey[list[str]]()
Record = Callable[[str], None]

CREATE = "/distributions/create"
SNAPSHOT = "/distributions"
JSON_HEADERS = {"Content-Type": "application/json"}

# What must never reach a client: traces, source locations, SQL and file system paths.
_LEAKS = re.compile(
    r"Traceback|File \"|\.py\b|[Ss][Qq][Ll]ite|\bSQL\b|\bSELECT\b|\bINSERT\b|DELETE FROM|"
    r"DROP TABLE|/tmp/|/home/|/work/|/usr/|site-packages|\b[A-Z]\w*(?:Error|Exception)\b"
)


def delete_path(distribution_id: str) -> str:
    return f"/distributions/{distribution_id}/delete"


def address(base_url: str) -> tuple[str, int]:
    parts = urlsplit(base_url)
    assert parts.hostname is not None
    assert parts.port is not None
    return parts.hostname, parts.port


def leaks(text: str, *secrets: str) -> list[str]:
    """Everything in text that gives away internals, or any of the given secrets."""
    found = [match.group(0) for match in _LEAKS.finditer(text)]
    found += [secret for secret in secrets if secret and secret in text]
    return found


def assert_one_line_reason(response: httpx.Response, *secrets: str) -> None:
    """A 4xx whose body is one short line of text/plain that gives nothing away."""
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:200])
    assert response.headers["content-type"].startswith("text/plain"), response.headers
    text = response.text
    assert text.strip(), "empty reason"
    assert "\n" not in text
    assert "\r" not in text
    assert len(text) <= 300
    assert not leaks(text, *secrets), text


def snapshot_ids(client: httpx.Client) -> list[str]:
    response = client.get(SNAPSHOT)
    assert response.status_code == 200, response.text
    return [document["id"] for document in response.json()["iterable"]]


def raw_exchange(base_url: str, request: bytes, timeout: float = 5.0) -> bytes:
    """Send raw bytes, read until the server closes (requests should say Connection: close)."""
    with socket.create_connection(address(base_url), timeout=timeout) as connection:
        connection.sendall(request)
        received = b""
        while chunk := connection.recv(65536):
            received += chunk
        return received


def raw_status(answer: bytes) -> tuple[int, dict[str, str], bytes]:
    """Status, headers (lower-case names) and body of one raw HTTP/1.1 answer."""
    head, _, body = answer.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(status_line.split(" ", 2)[1]), headers, body
