"""Bounded probes around the schemathesis run: requests schemathesis never sends, judged here.

Each probe sends a few requests of its own and judges them by one entry of basis.py: ids near a
real one on delete, a burst of concurrent creates, a volume of creates (deep profile), a wrong key
when a key is given, bodies that are not JSON. Each exchange is kept whole (the exact request
sent, the answer) so the reports show it like any failure. What a probe creates it deletes again.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from pieces_contract import bounded, spec
from pieces_contract.results import Failure, Results, short_body

# The whole probing, every probe together, stops here (the volume probe has its own share).
DEADLINE_SECONDS = 120.0
BURST = 8
WRONG_KEY_SUFFIX = "-not-the-key"


@dataclass
class Exchange:
    method: str
    url: str
    headers: dict[str, str]
    body: bytes | None
    status: int | None = None
    media_type: str = ""
    text: bytes = b""


@dataclass
class Outcome:
    """One probe's verdict: passed when `problem` is empty."""

    check: str
    operation: str
    exchange: Exchange
    problem: str = ""


class Stop(Exception):
    """The server cannot be probed (unreachable, or the deadline passed)."""


@dataclass
class Prober:
    base_url: str
    headers: Mapping[str, str]
    document: Mapping[str, Any]
    deadline: float = field(default_factory=lambda: time.monotonic() + DEADLINE_SECONDS)

    def __post_init__(self) -> None:
        self.operations = spec.find_operations(self.document)
        try:
            self.server = bounded.Server.at(self.base_url)
        except bounded.Unanswered as error:
            raise Stop(str(error)) from None

    def send(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        *,
        replace: bool = False,
    ) -> Exchange:
        """One request with the run's headers, `headers` on top (or instead, with replace)."""
        if time.monotonic() > self.deadline:
            raise Stop(f"probing passed its {DEADLINE_SECONDS:.0f}s deadline")
        sent = dict(headers or {}) if replace else {**self.headers, **(headers or {})}
        exchange = Exchange(method, self.base_url + path, sent, body)
        try:
            # One deadline and a byte cap per exchange, whatever the server does (bounded.py).
            answer = bounded.exchange(self.server, method, path, sent, body=body)
        except bounded.Unanswered as error:
            raise Stop(f"{method} {exchange.url}: {error}") from None
        exchange.status = answer.status
        media = next((v for k, v in answer.headers.items() if k.lower() == "content-type"), "")
        exchange.media_type = media.split(";")[0].strip()
        exchange.text = answer.body
        return exchange

    def create(self) -> str:
        exchange = self.send(
            "POST", self.operations.create.path, b"{}", {"Content-Type": "application/json"}
        )
        if exchange.status != 200:
            raise Stop(f"{self.operations.create.label} answered {exchange.status}")
        try:
            found = spec.pointer_get(json.loads(exchange.text), self.operations.id_pointer)
        except (ValueError, KeyError, IndexError, TypeError):
            found = None
        if not isinstance(found, str) or not found:
            raise Stop(f"{self.operations.create.label} answered no id")
        return found

    def delete_path(self, distribution: str) -> str:
        # One percent-encoded path segment, whatever the id holds (bounded.fill).
        delete = self.operations.delete
        return bounded.fill(delete.path, self.operations.delete_parameter, distribution)

    def delete(self, distribution: str) -> Exchange:
        return self.send("POST", self.delete_path(distribution))

    def listed(self) -> set[str]:
        exchange = self.send("GET", self.operations.snapshot.path)
        try:
            items = json.loads(exchange.text).get(spec.LIST_PROPERTY)
        except (ValueError, AttributeError):
            items = None
        if exchange.status != 200 or not isinstance(items, list):
            raise Stop(f"{self.operations.snapshot.label} answered {exchange.status}")
        return {str(item.get("id")) for item in items if isinstance(item, dict)}

    def documented(self, operation: spec.Operation, status: int | None) -> list[str] | None:
        """The media types documented for `status` (empty: no body), None: not documented."""
        statuses = spec.documented(self.document).get(operation.label, {})
        return statuses.get(str(status))


def near_ids(distribution: str) -> list[tuple[str, str]]:
    """(how, id) for ids one edit from a real one: what a prefix, suffix or case match hits."""
    near = [("prefix", distribution[:-1]), ("suffix", distribution + "0")]
    if distribution.swapcase() != distribution:
        near.append(("case", distribution.swapcase()))
    return near


def probe_near_ids(prober: Prober) -> list[Outcome]:
    """Deleting an id near a real one leaves the real one in place.

    A case-swapped uuid may name the same distribution (RFC 9562: hex digits are case
    insensitive on input), so for it 204 with the real one gone is accepted too. What a delete
    of an unknown id answers (404) is second_delete_answers_404's to judge.
    """
    outcomes = []
    label = prober.operations.delete.label
    real = prober.create()
    for how, near in near_ids(real):
        exchange = prober.delete(near)
        gone = real not in prober.listed()
        same = how == "case" and exchange.status == 204
        problem = ""
        if gone and not same:
            problem = (
                f"deleting the {how} variant {near!r} (answered {exchange.status}) removed {real!r}"
            )
        outcomes.append(Outcome("delete_matches_the_whole_id", label, exchange, problem))
        if gone:
            real = prober.create()
    prober.delete(real)
    return outcomes


def _created_all(prober: Prober, count: int, workers: int) -> tuple[list[str], Exchange]:
    with ThreadPoolExecutor(workers) as pool:
        ids = list(pool.map(lambda _: prober.create(), range(count)))
    listing = prober.send("GET", prober.operations.snapshot.path)
    return ids, listing


def _all_listed(prober: Prober, check: str, count: int, workers: int) -> Outcome:
    ids, listing = _created_all(prober, count, workers)
    try:
        missing = sorted(set(ids) - prober.listed())
        problem = ""
        if missing:
            problem = (
                f"{len(missing)} of {count} distributions created "
                f"{'at once' if workers > 1 else 'one after another'} are not listed: "
                + ", ".join(repr(m) for m in missing[:3])
            )
        return Outcome(check, prober.operations.snapshot.label, listing, problem)
    finally:
        with ThreadPoolExecutor(workers) as pool:
            list(pool.map(prober.delete, ids))


def probe_burst(prober: Prober) -> list[Outcome]:
    return [_all_listed(prober, "concurrent_creates_are_listed", BURST, BURST)]


def probe_volume(volume: int) -> Callable[[Prober], list[Outcome]]:
    def probe(prober: Prober) -> list[Outcome]:
        prober.deadline += volume * 0.2
        return [_all_listed(prober, "many_creates_are_listed", volume, 4)]

    return probe


def probe_wrong_key(header: str, key: str) -> Callable[[Prober], list[Outcome]]:
    """With a key given, a wrong key and no key are each answered 401 (documented media)."""

    def probe(prober: Prober) -> list[Outcome]:
        snapshot = prober.operations.snapshot
        outcomes = []
        for what, value in (("a wrong", key + WRONG_KEY_SUFFIX), ("no", None)):
            sent = {name: v for name, v in prober.headers.items() if name.lower() != header.lower()}
            if value is not None:
                sent[header] = value
            exchange = prober.send("GET", snapshot.path, headers=sent, replace=True)
            problem = ""
            if exchange.status != 401:
                problem = f"{what} {header} answered {exchange.status}, expected 401"
            else:
                problem = _media_problem(prober, snapshot, exchange)
            outcomes.append(Outcome("wrong_key_is_refused", snapshot.label, exchange, problem))
        return outcomes

    return probe


def _media_problem(prober: Prober, operation: spec.Operation, exchange: Exchange) -> str:
    documented = prober.documented(operation, exchange.status)
    if documented and exchange.media_type not in documented:
        got = exchange.media_type or "no content type"
        return f"{exchange.status} came as {got}, documented {', '.join(documented)}"
    return ""


def probe_not_json(prober: Prober) -> list[Outcome]:
    """A create whose body is not JSON, or is sent as another media type, is refused with the
    status the spec names for it (400, 415) and a documented media type; nothing is created."""
    create = prober.operations.create
    outcomes = []
    cases = (
        ("a JSON body sent as text/plain", b"{}", "text/plain", 415),
        ("a body that is not JSON", b"{not json", "application/json", 400),
    )
    for what, body, media, expected in cases:
        before = prober.listed()
        exchange = prober.send("POST", create.path, body, {"Content-Type": media})
        created = prober.listed() - before
        problem = ""
        if exchange.status != expected:
            problem = f"{what} answered {exchange.status}, expected {expected}"
        else:
            problem = _media_problem(prober, create, exchange)
        if created:
            problem = (problem + "; " if problem else "") + f"{what} created {sorted(created)}"
            for distribution in created:
                prober.delete(distribution)
        outcomes.append(
            Outcome("body_that_is_not_json_is_refused", create.label, exchange, problem)
        )
    return outcomes


def run(
    base_url: str,
    headers: Mapping[str, str],
    document: Mapping[str, Any],
    *,
    key: tuple[str, str] | None = None,
    volume: int = 0,
) -> tuple[list[Outcome], str]:
    """Every probe that applies; the outcomes and, when probing stopped early, why."""
    probes: list[Callable[[Prober], list[Outcome]]] = [probe_near_ids, probe_burst, probe_not_json]
    if key is not None:
        probes.append(probe_wrong_key(*key))
    if volume:
        probes.append(probe_volume(volume))
    outcomes: list[Outcome] = []
    try:
        prober = Prober(base_url.rstrip("/"), headers, document)
        for probe in probes:
            outcomes += probe(prober)
    except Stop as stop:
        return outcomes, str(stop)
    except (ValueError, KeyError, IndexError, TypeError, AttributeError) as error:
        # A server's answer of a shape no probe expected: say so, never a traceback.
        return outcomes, f"an answer the probes could not read ({type(error).__name__})"
    return outcomes, ""


def record(found: Results, outcomes: Sequence[Outcome]) -> None:
    """Count the outcomes in a run's results as checks of their operation, failures and all."""
    for number, outcome in enumerate(outcomes):
        exchange = outcome.exchange
        verdict = "failure" if outcome.problem else "success"
        found.checks[(outcome.operation, outcome.check)][verdict] += 1
        found.probes += 1
        found.probe_checks.add(outcome.check)
        if exchange.status is not None:
            found.seen[outcome.operation][str(exchange.status)].add(exchange.media_type)
        if not outcome.problem:
            continue
        path = outcome.operation.partition(" ")[2]
        found.failures.append(
            Failure(
                check=outcome.check,
                operation=outcome.operation,
                title=outcome.check.replace("_", " "),
                message=outcome.problem,
                case_id=f"probe-{number}",
                phase="probes",
                mode="positive",
                method=exchange.method,
                uri=exchange.url,
                path=path,
                request_headers=dict(exchange.headers),
                request_body=exchange.body,
                status=exchange.status,
                media_type=exchange.media_type,
                body=short_body(exchange.text),
            )
        )
