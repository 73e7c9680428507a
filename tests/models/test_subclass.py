"""from_dict stores the fields itself for the generated class (no __init__ call, for speed), and
builds a subclass through the subclass's own __init__, as the stock template does."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pieces_distributions.models import GroupedTimestamp

DOCUMENT = {"value": "2026-11-27T10:00:00+00:00", "readable": "today", "extra": 1}


class _CountingStamp(GroupedTimestamp):
    built = 0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        type(self).built += 1
        super().__init__(*args, **kwargs)


def test_from_dict_of_the_generated_class_sets_every_field() -> None:
    expected = GroupedTimestamp(dt.datetime(2026, 11, 27, 10, tzinfo=dt.UTC), readable="today")
    expected.additional_properties = {"extra": 1}
    # attrs' __eq__ compares every field, the ones from_dict stored itself included.
    assert GroupedTimestamp.from_dict(dict(DOCUMENT)) == expected


def test_from_dict_of_a_subclass_runs_its_init() -> None:
    stamp = _CountingStamp.from_dict(dict(DOCUMENT))
    assert type(stamp) is _CountingStamp
    assert _CountingStamp.built == 1
    assert stamp.to_dict() == DOCUMENT
