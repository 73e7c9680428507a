"""What a project that tests an app on Pieces OS writes: nothing for the stand-in itself.

pieces-distributions[testing] registers the `pieces_os` fixture through its pytest plugin; this
file only adds the app's own fixture on top of it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from notes_app import Notes

from pieces_testing import PiecesOS


@pytest.fixture
def notes(pieces_os: PiecesOS) -> Iterator[Notes]:
    # pieces_os has set PIECES_OS_URL, so the app finds the stand-in exactly as it would find
    # Pieces OS.
    app = Notes.connect()
    yield app
    app.close()
