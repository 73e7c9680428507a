"""The GC pause of models holding a list (models/__init__.py in the generated package says what it
does): it suspends automatic collection through the first-generation threshold while a decode
runs, leaves gc.isenabled() and any change a caller makes meanwhile alone, keeps the pause until
the last of several concurrent decodes ends, and can be switched off."""

from __future__ import annotations

import copy
import gc
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator, Mapping
from typing import Any

import httpx
import pieces_distributions.models as models
import pytest
from pieces_distributions import Client, errors
from pieces_distributions.api.distributions import distributions_snapshot
from pieces_distributions.models import Distributions

from tests.support.spec import component_schema

# A valid snapshot of one distribution, the spec's own example of one.
VALID: dict[str, Any] = {"iterable": [component_schema("Distribution")["example"]]}
# One item without the required id: parsing fails inside the paused section.
MALFORMED: dict[str, Any] = {"iterable": [{"share": "no id here"}]}
WAIT = 10.0  # seconds; a bound on each wait, never reached when the code works


class _HeldDocument(Mapping[str, Any]):
    """A snapshot that from_dict reads only once the test lets it: the decode stays inside its
    paused section for as long as the test needs."""

    def __init__(self) -> None:
        self.entered, self.release = threading.Event(), threading.Event()
        self._document = copy.deepcopy(VALID)

    def __iter__(self) -> Iterator[str]:
        return iter(self._document)

    def __getitem__(self, key: str) -> Any:
        self.entered.set()
        assert self.release.wait(WAIT)
        return self._document[key]

    def __len__(self) -> int:
        return len(self._document)


class _Decode:
    """Distributions.from_dict of a held document in its own thread."""

    def __init__(self) -> None:
        self.document = _HeldDocument()
        self.result: list[Distributions] = []
        self.thread = threading.Thread(target=self._run)
        self.thread.start()
        assert self.document.entered.wait(WAIT)

    def _run(self) -> None:
        self.result.append(Distributions.from_dict(self.document))

    def finish(self) -> None:
        self.document.release.set()
        self.thread.join(WAIT)
        assert not self.thread.is_alive()
        assert len(self.result) == 1
        assert len(self.result[0].iterable) == 1


@pytest.fixture(autouse=True)
def gc_as_it_was() -> Iterator[tuple[int, int, int]]:
    # Every test starts from, and leaves, the collector as the session had it.
    enabled, threshold = gc.isenabled(), gc.get_threshold()
    assert threshold[0] > 0
    try:
        yield threshold
    finally:
        gc.set_threshold(*threshold)
        if enabled:
            gc.enable()
        else:
            gc.disable()


def test_from_dict_leaves_gc_enabled_after_success(gc_as_it_was: tuple[int, int, int]) -> None:
    assert gc.isenabled()
    assert Distributions.from_dict(copy.deepcopy(VALID)).iterable
    assert gc.isenabled()
    assert gc.get_threshold() == gc_as_it_was


def test_from_dict_leaves_gc_enabled_after_an_error(gc_as_it_was: tuple[int, int, int]) -> None:
    with pytest.raises(KeyError):
        Distributions.from_dict(copy.deepcopy(MALFORMED))
    assert gc.isenabled()
    assert gc.get_threshold() == gc_as_it_was


def test_from_dict_leaves_gc_disabled_when_the_caller_disabled_it() -> None:
    gc.disable()
    Distributions.from_dict(copy.deepcopy(VALID))
    assert not gc.isenabled()
    with pytest.raises(KeyError):
        Distributions.from_dict(copy.deepcopy(MALFORMED))
    assert not gc.isenabled()


def test_to_dict_leaves_the_collector_as_it_was(gc_as_it_was: tuple[int, int, int]) -> None:
    snapshot = Distributions.from_dict(copy.deepcopy(VALID))
    assert snapshot.to_dict() == VALID
    assert gc.isenabled()
    assert gc.get_threshold() == gc_as_it_was


def test_decode_pauses_through_the_threshold_only(gc_as_it_was: tuple[int, int, int]) -> None:
    decode = _Decode()
    # Inside the decode: automatic collection off, the enabled flag untouched.
    paused = gc.get_threshold()
    enabled = gc.isenabled()
    decode.finish()
    assert paused == (0, *gc_as_it_was[1:])
    assert enabled
    assert gc.get_threshold() == gc_as_it_was


def test_concurrent_decodes_keep_the_pause_until_the_last_ends(
    gc_as_it_was: tuple[int, int, int],
) -> None:
    first, second = _Decode(), _Decode()
    first.finish()
    # The second thread is still decoding: the first one must not have ended its pause.
    during_second = gc.get_threshold()
    second.finish()
    assert during_second[0] == 0
    assert gc.get_threshold() == gc_as_it_was


def test_gc_disable_by_another_thread_during_a_decode_stands(
    gc_as_it_was: tuple[int, int, int],
) -> None:
    decode = _Decode()
    gc.disable()  # this (main) thread changes its mind while the other one decodes
    decode.finish()
    assert not gc.isenabled()
    assert gc.get_threshold() == gc_as_it_was


def test_thresholds_set_during_a_decode_stand() -> None:
    decode = _Decode()
    gc.set_threshold(500, 5, 5)
    decode.finish()
    assert gc.get_threshold() == (500, 5, 5)


def test_no_pause_while_the_caller_has_collection_off_by_threshold() -> None:
    gc.set_threshold(0)
    decode = _Decode()
    assert models._gc_threads == 0  # no pause started, so none to end
    decode.finish()
    assert gc.get_threshold()[0] == 0


def test_switch_off_decodes_without_pausing(
    monkeypatch: pytest.MonkeyPatch, gc_as_it_was: tuple[int, int, int]
) -> None:
    monkeypatch.setattr(models, "gc_pause", False)
    decode = _Decode()
    during = gc.get_threshold()
    decode.finish()
    assert during == gc_as_it_was


def test_environment_variable_turns_the_switch_off() -> None:
    # Read once at import, so a fresh interpreter shows it.
    code = "import pieces_distributions.models as m; print(m.gc_pause)"
    env = {**os.environ, "PIECES_DISTRIBUTIONS_GC_PAUSE": "0"}
    run = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "False"


def test_many_threads_decoding_restore_the_collector(gc_as_it_was: tuple[int, int, int]) -> None:
    # Nested pauses (Accessors inside each share) and concurrent ones, started together.
    document = {"iterable": [component_schema("Distribution")["example"]] * 300}
    start = threading.Barrier(4)
    failures: list[BaseException] = []

    def decode() -> None:
        try:
            start.wait(WAIT)
            for _ in range(5):
                assert len(Distributions.from_dict(copy.deepcopy(document)).iterable) == 300
        except BaseException as error:  # reported by the main thread
            failures.append(error)

    threads = [threading.Thread(target=decode) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not failures
    assert not any(thread.is_alive() for thread in threads)
    assert gc.isenabled()
    assert gc.get_threshold() == gc_as_it_was
    assert models._gc_threads == 0


def test_child_forked_during_a_decode_starts_without_the_pause(
    gc_as_it_was: tuple[int, int, int],
) -> None:
    # The decoding thread does not exist in the child, so nothing there would end its pause.
    decode = _Decode()
    child = os.fork()
    if child == 0:  # the child: report through the exit status only
        os._exit(0 if gc.get_threshold() == gc_as_it_was and models._gc_threads == 0 else 1)
    decode.finish()
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert gc.get_threshold() == gc_as_it_was


def _snapshot_client(body: bytes) -> Client:
    # A client whose every request is answered 200 with `body`, without a network.
    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=body))
    return Client(base_url="http://pieces.test", httpx_args={"transport": transport})


def test_sync_parses_the_response_json_inside_the_pause(
    gc_as_it_was: tuple[int, int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The parsed document is as many objects as the models: sync() pauses before parsing it.
    thresholds: list[int] = []
    original = httpx.Response.json

    def json_watched(response: httpx.Response, **kwargs: Any) -> Any:
        thresholds.append(gc.get_threshold()[0])
        return original(response, **kwargs)

    monkeypatch.setattr(httpx.Response, "json", json_watched)
    with _snapshot_client(json.dumps(VALID).encode()) as client:
        assert len(distributions_snapshot.sync(client=client).iterable) == 1
    assert thresholds == [0]
    assert gc.get_threshold() == gc_as_it_was


def test_sync_ends_the_pause_when_the_body_is_not_json(
    gc_as_it_was: tuple[int, int, int],
) -> None:
    with _snapshot_client(b"{not json") as client, pytest.raises(errors.MalformedResponse):
        distributions_snapshot.sync(client=client)
    assert gc.get_threshold() == gc_as_it_was
    assert models._gc_threads == 0
