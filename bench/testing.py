"""The stand-in Pieces OS (pieces_testing) per test, beside respx, the hand-mocked alternative.

Three rows. Setup: what the `pieces_os` fixture does before each test once the session's server
runs (`begin_test()`: a fresh state and an emptied database, plus PIECES_OS_URL), held to the
issue's 20 ms. Per test: one test's whole cost on each side, taking turns: the setup, a create
with a gist seed and a snapshot through the generated client, the test's own check and the
teardown's spec check; respx's side mocks the same two routes with the spec's example answers
(what a hand-written mock of this API returns), so its figure is the floor of a test that
exercises nothing real. Request: one create through the stand-in beside the same create on the
bare reference app under the same uvicorn in a thread (the server's normal cost), taking turns.
Both clients are made once, outside the timings: making an httpx client loads a CA bundle and
costs more than any of this.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import respx
import uvicorn
from pieces_distributions import Client
from pieces_distributions.api.distributions import (
    distributions_create_new_distribution,
    distributions_snapshot,
)
from pieces_distributions.discovery import URL_VARIABLE
from pieces_distributions.models import (
    Distribution,
    Distributions,
    SeededDistribution,
    SeededGitHubDistribution,
    SeededGitHubGistDistribution,
)

from pieces_testing.server import PiecesOSServer
from reference_server.app import create_app
from reference_server.cli import LISTEN_BACKLOG, bind, server_options
from reference_server.settings import MEMORY_DB, Settings
from reference_server.spec import Spec

from .support import PIECES_OS_REQUEST, PIECES_OS_SETUP, Row, median, ms

PART = "8 testing an app (pieces_testing)"


def _seed() -> SeededDistribution:
    return SeededDistribution(
        github=SeededGitHubDistribution(gist=SeededGitHubGistDistribution(name="notes.md"))
    )


def _test_body(client: Client) -> None:
    """What one app test does: create, then find it in the snapshot."""
    created = distributions_create_new_distribution.sync(client=client, body=_seed())
    assert isinstance(created, Distribution)
    listed = distributions_snapshot.sync(client=client)
    assert isinstance(listed, Distributions)
    assert created.id in [item.id for item in listed.iterable]


def _examples() -> tuple[dict[str, Any], dict[str, Any]]:
    """The spec's example create answer and snapshot: what a respx mock would return."""
    document = Spec.load().document
    examples = document["components"]["examples"]
    created: dict[str, Any] = examples["GistDistributionRecord"]["value"]
    return created, {"iterable": [created]}


@contextmanager
def _bare_server() -> Iterator[str]:
    """The reference app alone under the same uvicorn options, in a thread: the normal cost."""
    settings = Settings(host="127.0.0.1", port=0, db=MEMORY_DB)
    sock = bind(settings.host, 0)
    sock.listen(LISTEN_BACKLOG)
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        create_app(settings),
        host=settings.host,
        port=port,
        lifespan="on",
        log_config=None,
        access_log=False,
        **server_options(settings),
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the bare reference server did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(5)
        sock.close()


def _timed(step: Callable[[], None]) -> float:
    started = time.perf_counter()
    step()
    return time.perf_counter() - started


def measure(tests: int) -> list[Row]:
    server = PiecesOSServer()
    server.start()
    created_example, snapshot_example = _examples()
    setups: list[float] = []
    ours: list[float] = []
    theirs: list[float] = []
    ours_request: list[float] = []
    bare_request: list[float] = []
    try:
        with Client(base_url=server.url) as client:

            def our_test() -> None:
                started = time.perf_counter()
                double = server.begin_test()
                os.environ[URL_VARIABLE] = double.url
                setups.append(time.perf_counter() - started)
                _test_body(client)
                double.check()

            def respx_test() -> None:
                with respx.mock(base_url=server.url, assert_all_called=True) as mock:
                    mock.post("/distributions/create").respond(json=created_example)
                    mock.get("/distributions").respond(json=snapshot_example)
                    _test_body(client)

            for index in range(tests + 10):  # the first ten of each side warm up
                for side in (0, 1) if index % 2 else (1, 0):
                    seconds = _timed(our_test if side == 0 else respx_test)
                    if index >= 10:
                        (ours if side == 0 else theirs).append(seconds)

            with _bare_server() as bare_url, Client(base_url=bare_url) as bare:

                def create(on: Client) -> Callable[[], None]:
                    def step() -> None:
                        answer = distributions_create_new_distribution.sync(client=on, body=_seed())
                        assert isinstance(answer, Distribution)

                    return step

                for index in range(tests + 10):
                    for side in (0, 1) if index % 2 else (1, 0):
                        seconds = _timed(create(client if side == 0 else bare))
                        if index >= 10:
                            (ours_request if side == 0 else bare_request).append(seconds)
    finally:
        os.environ.pop(URL_VARIABLE, None)
        server.stop()

    setup = median(setups[10:])
    ours_test, respx_test_median = median(ours), median(theirs)
    request, bare_median = median(ours_request), median(bare_request)
    return [
        Row.judged(
            PART,
            f"setup of pieces_os for a test (median of {len(setups) - 10})",
            ms(setup),
            "the issue's bound",
            "20 ms",
            f"{setup / PIECES_OS_SETUP.bound:.0%} of the bound",
            PIECES_OS_SETUP,
            setup,
        ),
        Row(
            PART,
            f"one test: setup, create, snapshot, check (median of {tests})",
            ms(ours_test),
            "respx mocking the two routes with the spec's examples",
            ms(respx_test_median),
            f"{ours_test / respx_test_median:.1f}x respx",
            "",
            None,
        ),
        Row.judged(
            PART,
            f"one create request through pieces_os (median of {tests})",
            ms(request),
            "the bare reference app, same uvicorn in a thread",
            ms(bare_median),
            f"{request / bare_median:.2f}x the server's own",
            PIECES_OS_REQUEST,
            request / bare_median,
        ),
    ]


if __name__ == "__main__":
    for row in measure(tests=int(os.environ.get("BENCH_TESTS", "200"))):
        print(row)
