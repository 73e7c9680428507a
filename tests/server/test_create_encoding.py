"""The create path's quick ids, timestamps and JSON writing give what the slow ones did, and the
values orjson cannot write (or json.loads should not accept) still get the right answer."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest

from reference_server.app import create_app
from reference_server.distributions import new_ids, timestamp
from reference_server.settings import MEMORY_DB, Settings
from tests.support.asgi import request
from tests.support.http import assert_one_line_reason

CREATE = "/distributions/create"


def test_new_ids_are_distinct_version_4_uuids_in_canonical_text() -> None:
    seen: set[str] = set()
    for _ in range(500):
        for text in new_ids():
            parsed = uuid.UUID(text)
            assert (parsed.version, parsed.variant) == (4, uuid.RFC_4122)
            assert str(parsed) == text
            seen.add(text)
    assert len(seen) == 1000


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 11, 27, 9, 15, 2, 318000, tzinfo=UTC),
        datetime(2026, 1, 2, 23, 59, 59, tzinfo=timezone(timedelta(hours=-5))),
    ],
)
def test_readable_timestamp_matches_strftime(moment: datetime) -> None:
    in_utc = moment.astimezone(UTC)
    assert timestamp(moment).readable == in_utc.strftime("%Y-%m-%d %H:%M:%S UTC")


def test_integer_beyond_64_bits_is_kept_exactly() -> None:
    # orjson refuses it; the json module writes it, as before.
    big = 2**70 + 1
    created = request(create_app(Settings(db=MEMORY_DB)), "POST", CREATE, json={"note": big})
    assert created.status_code == 200, created.text
    assert f'"note":{big}'.encode() in created.content


def test_number_out_of_float_range_is_refused() -> None:
    # json.loads reads it as infinity, which no JSON document can hold.
    app = create_app(Settings(db=MEMORY_DB))
    refused = request(
        app,
        "POST",
        CREATE,
        content=b'{"note": 1e400}',
        headers={"Content-Type": "application/json"},
    )
    assert refused.status_code == 400
    assert_one_line_reason(refused)
    assert "out of range" in refused.text
    assert request(app, "GET", "/distributions").json() == {"iterable": []}
