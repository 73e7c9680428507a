"""HTTP helpers shared by the server and reliability tests: response checks, raw sockets,
reading the snapshot and breaking the database from outside."""

from __future__ import annotations

import re
import socket
import sqlite3
from http import HTTPStatus
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from tests.support.constants import JSON, SNAPSHOT

# What must never reach a client: traces, source locations, exception names, SQL and file
# system paths. Substrings where a word boundary could let a variant through (".pyc", "Error:").
_LEAKS = re.compile(
    r"Traceback|File \"|\.py|(?i:sqlite)|\bSQL\b|\bSELECT\b|\bINSERT\b|DELETE FROM|"
    r"DROP TABLE|/tmp/|/home/|/work/|/usr/|site-packages|Error|Exception"
)


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


def assert_one_line_text(response: httpx.Response, *secrets: str) -> None:
    """A body of one short line of text/plain that gives nothing away (any status)."""
    assert response.headers["content-type"].startswith("text/plain"), response.headers
    text = response.text
    assert text.strip(), "empty reason"
    assert "\n" not in text
    assert "\r" not in text
    assert len(text) <= 300
    assert not leaks(text, *secrets), text


def assert_one_line_reason(response: httpx.Response, *secrets: str) -> None:
    """A 4xx whose body is one short line of text/plain that gives nothing away."""
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:200])
    assert_one_line_text(response, *secrets)


def snapshot_ids(client: httpx.Client) -> list[str]:
    """The ids in the snapshot, in the server's order."""
    response = client.get(SNAPSHOT)
    assert response.status_code == HTTPStatus.OK, response.text
    assert response.headers["content-type"] == JSON
    return [document["id"] for document in response.json()["iterable"]]


def raw_exchange(base_url: str, *parts: bytes, timeout: float = 5.0) -> bytes:
    """Send raw bytes, part by part, and read until the server closes the connection.

    Requests should say Connection: close, or be ones the server answers by closing (413).
    """
    with socket.create_connection(address(base_url), timeout=timeout) as connection:
        for part in parts:
            connection.sendall(part)
        received = b""
        while chunk := connection.recv(65536):
            received += chunk
        return received


def raw_status(answer: bytes) -> tuple[int, dict[str, str], bytes]:
    """Status, headers (lower-case names) and body of one raw HTTP/1.1 answer."""
    head, separator, body = answer.partition(b"\r\n\r\n")
    assert separator, f"connection closed before a complete answer: {answer!r}"
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(status_line.split(" ", 2)[1]), headers, body


def break_database(db_path: Path) -> None:
    """Drop the server's table under it: another program damaging the database is the one
    failure a test can cause from outside."""
    with sqlite3.connect(db_path) as connection:
        connection.execute("DROP TABLE distributions")
