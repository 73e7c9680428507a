"""The notes app's tests, on the stand-in Pieces OS (the `pieces_os` fixture).

Each test starts with nothing stored; the server behind it is the reference implementation of
openapi.yaml, so what the app is answered is what Pieces OS would answer, and every request the
app sends is checked against the spec.
"""

from __future__ import annotations

import httpx
import pytest
from notes_app import Notes, NotesError, SharedNote
from pieces_distributions import Client, PiecesOSVersionError, adiscover
from pieces_distributions.api.distributions import (
    distributions_create_new_distribution,
    distributions_snapshot,
)
from pieces_distributions.models import Distributions

from pieces_testing import PiecesOS


def test_publish_stores_a_secret_gist(notes: Notes, pieces_os: PiecesOS) -> None:
    distribution_id = notes.publish("todo.md", "what is left")

    [stored] = pieces_os.distributions
    assert stored["id"] == distribution_id
    assert stored["github"]["gist"]["name"] == "todo.md"
    assert stored["github"]["gist"]["public"] is False


def test_published_lists_notes_already_in_pieces_os(notes: Notes, pieces_os: PiecesOS) -> None:
    gist = pieces_os.add_distribution({"github": {"gist": {"name": "ideas.md"}}})
    pieces_os.add_distribution({"mailgun": {"recipients": {"iterable": []}}})

    assert notes.published() == [SharedNote(gist["id"], "ideas.md", private=True)]


def test_publish_retries_when_storage_is_full(notes: Notes, pieces_os: PiecesOS) -> None:
    pieces_os.fail("create", 507, times=2)

    notes.publish("todo.md")

    assert [request.status for request in pieces_os.requests if request.method == "POST"] == [
        507,
        507,
        200,
    ]
    assert len(pieces_os.distributions) == 1


def test_publish_gives_up_when_pieces_os_keeps_failing(notes: Notes, pieces_os: PiecesOS) -> None:
    pieces_os.fail("create", 500)

    with pytest.raises(NotesError, match="500"):
        notes.publish("todo.md")
    assert pieces_os.distributions == []


def test_a_lost_answer_hides_a_stored_note(notes: Notes, pieces_os: PiecesOS) -> None:
    # Pieces OS stored the note, then the connection went: the app sees an error although the
    # note exists, so blindly publishing again would make a second one.
    pieces_os.drop("create", after_handling=True, times=1)

    with pytest.raises(httpx.RemoteProtocolError):
        notes.publish("todo.md")
    assert [note.name for note in notes.published()] == ["todo.md"]


@pytest.mark.pieces_os(newer="12.0.0")
def test_published_reads_a_newer_pieces_os(notes: Notes, pieces_os: PiecesOS) -> None:
    # Its answers carry properties and an access level this app's spec does not know.
    pieces_os.add_distribution({"github": {"gist": {"name": "ideas.md"}}})

    [note] = notes.published()

    assert (note.name, note.private) == ("ideas.md", None)


@pytest.mark.pieces_os(version="0.9.2")
def test_connect_refuses_a_pieces_os_too_old(pieces_os: PiecesOS) -> None:
    with pytest.raises(PiecesOSVersionError, match=r"0\.9\.2"):
        Notes.connect()


@pytest.mark.pieces_os(strict=False)
def test_mail_sends_a_body_the_spec_forbids(notes: Notes, pieces_os: PiecesOS) -> None:
    # Without strict=False this test fails at teardown, naming the operation, the JSON pointer
    # and the reason, although mail() handled the 400 and returned False.
    assert notes.mail("ada@example.com") is False

    [violation] = pieces_os.violations
    assert violation.operation.startswith("distributionsCreateNewDistribution")
    assert violation.pointer == "/mailgun/recipients"


@pytest.mark.anyio
async def test_async_code_finds_and_lists_pieces_os(pieces_os: PiecesOS) -> None:
    pieces_os.add_distribution()

    async with Client(base_url=await adiscover()) as client:
        listed = await distributions_snapshot.asyncio(client=client)

    assert isinstance(listed, Distributions)
    assert [item.id for item in listed.iterable] == [d["id"] for d in pieces_os.distributions]


@pytest.mark.asyncio
async def test_async_code_publishes_under_pytest_asyncio(pieces_os: PiecesOS) -> None:
    # The same fixture under pytest-asyncio's event loop: the server runs on a loop of its own.
    pieces_os.fail("create", 500, times=1)

    async with Client(base_url=await adiscover()) as client:
        first = await distributions_create_new_distribution.asyncio_detailed(client=client)
        second = await distributions_create_new_distribution.asyncio_detailed(client=client)

    assert (first.status_code, second.status_code) == (500, 200)
