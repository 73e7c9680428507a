"""Contract checks that schemathesis cannot infer from the spec: what a server does with a seed.

schemathesis loads this module as its hooks (`hooks` in schemathesis.toml), so the checks run on
every response of every phase, against our reference server or any other implementation.

They are driven by a model of the run's own state: the ids this run was handed by create, the
ones it deleted, the order of its requests. A server shared with other data still passes: only
what the run itself created and deleted is judged. When a run splits its phases over two
schemathesis processes (runner.jobs_for), each has a model of its own, and one may delete what
the other created (schemathesis deletes ids it read from a snapshot): both journal each delete
before sending it (child.DELETES_VARIABLE names the file), and a check about to call an id
missing asks the journal whether the other process deleted it.

schemathesis counts a check as *passed* when it returns None and as *skipped* when it returns a
truthy value (`run_checks` in schemathesis/checks.py: `if not skip_check and on_success`, in
schemathesis/schemathesis). So every check here returns None only after it really looked, and
SKIPPED (True) when the response was not one it judges.

Follow-up requests (the snapshot after a create or delete, the second delete) go through the
run's own transport: `ctx.internals.transport_kwargs` carries the session, every --header, auth,
timeout, TLS and proxy settings schemathesis sends the case itself with. schemathesis calls
CheckInternals "not a stable API for custom checks": the pin (schemathesis~=4.32) and the gateway
test in tests/contract (a server that refuses requests without the run's header) guard it.

What each check rests on (the spec's or the upstream page's words) is in basis.py. Under
`pieces-contract replay` (PIECES_CONTRACT_REPLAY=1) schemathesis re-runs a failed check on the
same request; a check that needs the run's history, or that does not apply to the new answer,
raises NotJudgedAlone there, so replay reports it as not judged instead of fixed.
"""

from __future__ import annotations

import functools
import itertools
import json
import os
import threading
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import schemathesis

from pieces_contract import child
from pieces_contract import spec as spec_module

SKIPPED = True
# How many differences a failure message lists before it says "and N more".
SHOWN = 3

# Set by `pieces-contract replay` for the schemathesis replay it runs.
REPLAYING = os.environ.get("PIECES_CONTRACT_REPLAY") == "1"
# Where a distribution carries its share's identity (FlattenedShare.id and .link).
SHARE_POINTERS = ("/share/id", "/share/link")
# Answers to a delete that say nothing about the distribution: the key, the guard.
REFUSALS = (401, 403)


class Journal:
    """The deletes of every process of a split run, in one file each appends to."""

    def __init__(self, path: str | None) -> None:
        self.path = path
        self.descriptor: int | None = None

    def record(self, target: str) -> None:
        if self.path is None:
            return
        if self.descriptor is None:
            flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT
            self.descriptor = os.open(self.path, flags, 0o600)
        # One write per line, with O_APPEND: lines of the two processes never interleave.
        line = json.dumps({"pid": os.getpid(), "id": target}) + "\n"
        os.write(self.descriptor, line.encode())

    def deleted_elsewhere(self) -> set[str]:
        """The ids another process sent a delete for, so far."""
        if self.path is None:
            return set()
        try:
            with open(self.path, encoding="utf-8") as lines:
                entries = [json.loads(line) for line in lines if line.endswith("\n")]
        except OSError:
            return set()
        me = os.getpid()
        return {entry["id"] for entry in entries if entry["pid"] != me}


JOURNAL = Journal(os.environ.get(child.DELETES_VARIABLE))


class NotJudgedAlone(RuntimeError):
    """Replay cannot judge this check from one re-sent request (schemathesis: errored)."""


Check = Callable[[Any, Any, Any], "bool | None"]


def meaning_check(*, alone: bool) -> Callable[[Check], Check]:
    """Register a check with schemathesis; `alone`: one request and its answer can judge it."""

    def register(function: Check) -> Check:
        @functools.wraps(function)
        def check(ctx: Any, response: Any, case: Any) -> bool | None:
            if REPLAYING and not alone:
                raise NotJudgedAlone(f"not judged alone: {function.__name__} needs the whole run")
            verdict = function(ctx, response, case)
            if REPLAYING and verdict is SKIPPED:
                raise NotJudgedAlone(
                    f"not judged alone: {function.__name__} does not apply to the answer "
                    f"{response.status_code} (the run's state is not replayed)"
                )
            return verdict

        return schemathesis.check(check)

    return register


@dataclass
class Created:
    """What create answered for one distribution of this run."""

    id: str
    body: Mapping[str, Any]
    sent: int
    answered: int
    # Pointers of the seed values the record must keep (see spec.seed_expectations).
    pointers: tuple[str, ...]
    # What a listing must repeat: `created` and those seed values, as create answered them.
    kept: tuple[tuple[str, Any], ...] = ()
    # `updated` as create answered it: nothing in the API updates a distribution afterwards.
    updated: Any = None


@dataclass
class Observation:
    """What the model learnt from one response, computed once per case, read by every check."""

    created: Created | None = None
    fresh: bool = True
    snapshot: list[Any] | None = None
    # The ids of `snapshot`, built once for every check that asks whether an id is listed.
    listed: set[Any] | None = None

    def listed_ids(self) -> set[Any]:
        if self.listed is None:
            self.listed = {_item_id(item) for item in self.snapshot or ()}
        return self.listed


@dataclass
class Model:
    """The run's own state: what it created and deleted, and in which order it asked."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    counter: itertools.count[int] = field(default_factory=itertools.count)
    sent: dict[str, int] = field(default_factory=dict)
    issued: dict[str, Created] = field(default_factory=dict)
    deleted: set[str] = field(default_factory=set)
    # Ids a delete was sent for, answered or not yet: another worker's snapshot may miss them.
    deleting: set[str] = field(default_factory=set)
    # How many deletes were sent per id: a live delete is judged when it was the only one.
    delete_sends: Counter[str] = field(default_factory=Counter)
    # Ids found missing though this run never deleted them (delete_removes_only_its_target).
    vanished: set[str] = field(default_factory=set)
    # (pointer, value) of each share identity create answered -> the distribution it came with.
    shares: dict[tuple[str, Any], str] = field(default_factory=dict)
    # Ids some snapshot listed after their create answered.
    confirmed: set[str] = field(default_factory=set)
    observations: dict[str, Observation] = field(default_factory=dict)
    operations: spec_module.Operations | None = None
    document: Mapping[str, Any] | None = None

    def tick(self) -> int:
        return next(self.counter)


MODEL = Model()


def _operations(case: Any) -> spec_module.Operations:
    """The lifecycle operations of the spec under test, found once (raises a one-line failure)."""
    if MODEL.operations is None:
        document = case.operation.schema.raw_schema
        try:
            MODEL.operations = spec_module.find_operations(document)
        except spec_module.SpecError as error:
            raise AssertionError(f"cannot find the operation to check: {error}") from None
        MODEL.document = document
    return MODEL.operations


def _json(response: Any) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _mode(case: Any) -> str:
    meta = getattr(case, "meta", None)
    return "positive" if meta is None else str(meta.generation.mode.value)


def _label(case: Any) -> str:
    return str(case.operation.label)


def _transport(ctx: Any) -> dict[str, Any]:
    internals = getattr(ctx, "internals", None)
    kwargs = getattr(internals, "transport_kwargs", None)
    return dict(kwargs) if kwargs else {}


def _call(ctx: Any, case: Any, operation: spec_module.Operation, **parameters: Any) -> Any:
    """Send one follow-up request for `operation` through the run's transport."""
    target = case.operation.schema.find_operation_by_label(operation.label)
    if target is None:
        raise AssertionError(f"the schema under test has no operation {operation.label}")
    follow_up = target.Case(path_parameters=parameters or None)
    return follow_up.call(**_transport(ctx))


def _list_ids(ctx: Any, case: Any, why: str) -> list[Any]:
    """The distributions of a fresh snapshot, through the run's transport."""
    operations = _operations(case)
    response = _call(ctx, case, operations.snapshot)
    body = _json(response)
    items = body.get(spec_module.LIST_PROPERTY) if isinstance(body, dict) else None
    if response.status_code != 200 or not isinstance(items, list):
        raise AssertionError(
            f"{operations.snapshot.label} answered {response.status_code} "
            f"while checking {why}; expected 200 with a list"
        )
    return items


def _item_id(item: Any) -> Any:
    return item.get("id") if isinstance(item, dict) else None


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


@schemathesis.hook
def before_call(context: Any, case: Any, **kwargs: Any) -> None:
    """Note when each request leaves: the order checks compare it with when answers arrived."""
    try:
        operations = _operations(case)
    except AssertionError:
        return
    label = _label(case)
    with MODEL.lock:
        MODEL.sent[case.id] = MODEL.tick()
        if label == operations.delete.label:
            target = (case.path_parameters or {}).get(operations.delete_parameter)
            if isinstance(target, str):
                MODEL.deleting.add(target)
                MODEL.delete_sends[target] += 1
                JOURNAL.record(target)


def observe(case: Any, response: Any) -> Observation:
    """Update the model with one response, once per case, whichever check comes first."""
    with MODEL.lock:
        seen = MODEL.observations.get(case.id)
        if seen is not None:
            return seen
    operations = _operations(case)
    observation = Observation()
    label = _label(case)
    judged = (operations.create.label, operations.snapshot.label)
    body = _json(response) if response.status_code == 200 and label in judged else None
    with MODEL.lock:
        answered = MODEL.tick()
        if label == operations.create.label and response.status_code == 200:
            try:
                new_id = spec_module.pointer_get(body, operations.id_pointer)
            except (KeyError, IndexError, TypeError, ValueError):
                new_id = None
            if isinstance(new_id, str) and isinstance(body, dict):
                pointers: tuple[str, ...] = ()
                seed = case.body
                if _mode(case) == "positive" and isinstance(seed, dict):
                    pointers = tuple(pointer for pointer, _ in _seed_expectations(seed))
                created = Created(
                    new_id, body, MODEL.sent.get(case.id, answered), answered, pointers
                )
                created.kept = (("/created", body.get("created")), *_answered(body, pointers))
                created.updated = body.get("updated")
                observation.created = created
                observation.fresh = new_id not in MODEL.issued
                MODEL.issued[new_id] = created
        elif label == operations.snapshot.label and response.status_code == 200:
            items = body.get(spec_module.LIST_PROPERTY) if isinstance(body, dict) else None
            if isinstance(items, list):
                observation.snapshot = items
                for item in items:
                    item_id = _item_id(item)
                    if item_id in MODEL.issued:
                        MODEL.confirmed.add(item_id)
        MODEL.observations[case.id] = observation
    return observation


def _answered(body: Any, pointers: tuple[str, ...]) -> list[tuple[str, Any]]:
    found = []
    for pointer in pointers:
        try:
            found.append((pointer, spec_module.pointer_get(body, pointer)))
        except (KeyError, IndexError, TypeError, ValueError):
            continue
    return found


def _seed_expectations(seed: Mapping[str, Any]) -> list[tuple[str, Any]]:
    assert MODEL.document is not None
    return list(
        spec_module.seed_expectations(
            MODEL.document,
            seed,
            spec_module.schema_ref(spec_module.SEED_SCHEMA),
            spec_module.schema_ref(spec_module.RECORD_SCHEMA),
        )
    )


def _differences(record: Any, expected: Sequence[tuple[str, Any]]) -> list[str]:
    found = []
    for pointer, value in expected:
        try:
            actual = spec_module.pointer_get(record, pointer)
        except (KeyError, IndexError, TypeError, ValueError):
            found.append(f"{pointer or '/'} missing (sent {_short(value)})")
            continue
        if actual != value:
            found.append(f"{pointer or '/'} is {_short(actual)}, sent {_short(value)}")
    return found


def _listing(differences: list[str]) -> str:
    shown = "; ".join(differences[:SHOWN])
    more = len(differences) - SHOWN
    return shown + (f"; and {more} more" if more > 0 else "")


@meaning_check(alone=True)
def seed_is_kept(ctx: Any, response: Any, case: Any) -> bool | None:
    """Each seed value that Distribution also declares is in the created record, unchanged."""
    if _label(case) != _operations(case).create.label or response.status_code != 200:
        return SKIPPED
    if _mode(case) != "positive" or not isinstance(case.body, dict):
        return SKIPPED
    created = observe(case, response).created
    expected = _seed_expectations(case.body)
    if created is None or not expected:
        return SKIPPED
    differences = _differences(created.body, expected)
    if differences:
        raise AssertionError(
            f"Create dropped or changed what the seed asked for: {_listing(differences)}"
        )
    return None


@meaning_check(alone=False)
def id_is_fresh(ctx: Any, response: Any, case: Any) -> bool | None:
    """A created id was never handed out before in this run, deleted ones included."""
    if _label(case) != _operations(case).create.label or response.status_code != 200:
        return SKIPPED
    observation = observe(case, response)
    if observation.created is None:
        return SKIPPED
    if not observation.fresh:
        state = "deleted since" if observation.created.id in MODEL.deleted else "still live"
        raise AssertionError(
            f"Create answered id {observation.created.id!r}, which an earlier create of this "
            f"run already returned ({state})"
        )
    return None


@meaning_check(alone=True)
def created_distribution_is_listed(ctx: Any, response: Any, case: Any) -> bool | None:
    """After a 200 from create, the next snapshot lists the new id."""
    if _label(case) != _operations(case).create.label or response.status_code != 200:
        return SKIPPED
    created = observe(case, response).created
    if created is None:
        return SKIPPED
    listed = {_item_id(item) for item in _list_ids(ctx, case, "a create")}
    with MODEL.lock:
        if created.id in listed:
            MODEL.confirmed.add(created.id)
            return None
        if created.id in MODEL.deleting:
            return SKIPPED  # another worker deleted it in between
    if created.id in JOURNAL.deleted_elsewhere():
        return SKIPPED  # the other process deleted it in between
    raise AssertionError(
        f"Created distribution {created.id!r} is missing from the next "
        f"{_operations(case).snapshot.label}"
    )


@meaning_check(alone=False)
def listed_distribution_is_unchanged(ctx: Any, response: Any, case: Any) -> bool | None:
    """A listed distribution of this run carries the id, `created` and seed values of create."""
    if _label(case) != _operations(case).snapshot.label or response.status_code != 200:
        return SKIPPED
    items = observe(case, response).snapshot
    looked, differences = False, []
    for item in items or ():
        created = MODEL.issued.get(_item_id(item))
        if created is None:
            continue
        looked = True
        differences += [f"{created.id}: {d}" for d in _differences(item, created.kept)]
    if differences:
        raise AssertionError(f"The snapshot changed what create answered: {_listing(differences)}")
    return None if looked else SKIPPED


@meaning_check(alone=False)
def snapshot_is_oldest_first(ctx: Any, response: Any, case: Any) -> bool | None:
    """The run's distributions appear oldest first: one answered before another was sent
    comes before it."""
    if _label(case) != _operations(case).snapshot.label or response.status_code != 200:
        return SKIPPED
    items = observe(case, response).snapshot or []
    ours = [MODEL.issued[i] for i in map(_item_id, items) if i in MODEL.issued]
    if len(ours) < 2:
        return SKIPPED
    # A violation: an entry listed after another was answered before that other was sent.
    # Walking from the end, `earliest` is the entry answered first among those listed later.
    earliest = ours[-1]
    for entry in reversed(ours[:-1]):
        if earliest.answered < entry.sent:
            raise AssertionError(
                f"The snapshot lists {entry.id!r} before {earliest.id!r}, though create "
                "answered the second one before the first was sent (expected oldest first)"
            )
        if entry.answered < earliest.answered:
            earliest = entry
    return None


def _delete_target(case: Any, response: Any, status: int) -> str | None:
    """The id a delete of `status` named, or None when the case is another kind."""
    operations = _operations(case)
    if _label(case) != operations.delete.label or response.status_code != status:
        return None
    target = (case.path_parameters or {}).get(operations.delete_parameter)
    return target if isinstance(target, str) else None


@meaning_check(alone=True)
def deleted_distribution_is_gone(ctx: Any, response: Any, case: Any) -> bool | None:
    """After a 204 from delete, the id is no longer listed."""
    target = _delete_target(case, response, 204)
    if target is None:
        return SKIPPED
    with MODEL.lock:
        MODEL.deleted.add(target)
    observation = observe(case, response)
    if observation.snapshot is None:
        observation.snapshot = _list_ids(ctx, case, "a delete")
    if target in observation.listed_ids():
        raise AssertionError(
            f"Deleted distribution {target!r} is still listed by {_operations(case).snapshot.label}"
        )
    return None


@meaning_check(alone=True)
def second_delete_answers_404(ctx: Any, response: Any, case: Any) -> bool | None:
    """After a 204 from delete, deleting the same id again answers 404."""
    target = _delete_target(case, response, 204)
    if target is None:
        return SKIPPED
    operations = _operations(case)
    again = _call(ctx, case, operations.delete, **{operations.delete_parameter: target})
    if again.status_code != 404:
        raise AssertionError(
            f"Deleting {target!r} a second time answered {again.status_code}, expected 404"
        )
    return None


@meaning_check(alone=False)
def live_delete_answers_204(ctx: Any, response: Any, case: Any) -> bool | None:
    """A delete of a distribution this run created, and sent no other delete for, answers 204.

    A 404 there says "no distribution has this id" of one that existed (removed or not); other
    refusals (400, 405...) of the run's own id are as wrong. The key and the guard's refusals
    (401, 403) say nothing about the distribution, and 5xx is not_a_server_error's.
    """
    operations = _operations(case)
    if _label(case) != operations.delete.label:
        return SKIPPED
    status = response.status_code
    target = (case.path_parameters or {}).get(operations.delete_parameter)
    with MODEL.lock:
        # One delete sent for it, this one: nothing of the run deleted it before, and no check
        # found it gone already (that failure is delete_removes_only_its_target's).
        live = (
            target in MODEL.issued
            and MODEL.delete_sends[target] == 1
            and target not in MODEL.vanished
        )
    if not live or status in REFUSALS or status >= 500:
        return SKIPPED
    if status != 204 and target in JOURNAL.deleted_elsewhere():
        return SKIPPED
    if status != 204:
        raise AssertionError(
            f"Deleting {target!r}, which create answered in this run and nothing deleted, "
            f"answered {status}, expected 204"
        )
    return None


@meaning_check(alone=False)
def share_is_its_own(ctx: Any, response: Any, case: Any) -> bool | None:
    """Each created distribution comes with a share (id, link) no other one of this run had."""
    if _label(case) != _operations(case).create.label or response.status_code != 200:
        return SKIPPED
    created = observe(case, response).created
    if created is None:
        return SKIPPED
    clashes = []
    with MODEL.lock:
        for pointer, value in _answered(created.body, SHARE_POINTERS):
            owner = MODEL.shares.setdefault((pointer, value), created.id)
            if owner != created.id:
                clashes.append(f"{pointer} {_short(value)} is also {owner!r}'s")
    if clashes:
        raise AssertionError(
            f"Created distribution {created.id!r} was handed another one's share: "
            + _listing(clashes)
        )
    return None


def _instant(stamp: Any) -> Any:
    """A GroupedTimestamp's moment, comparable across `Z` and `+00:00` spellings."""
    value = stamp.get("value") if isinstance(stamp, dict) else None
    if not isinstance(value, str):
        return stamp
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return value


@meaning_check(alone=False)
def reading_changes_nothing(ctx: Any, response: Any, case: Any) -> bool | None:
    """A listed distribution of this run has the `updated` moment create answered: nothing in
    the API updates a distribution, and a read is no update."""
    if _label(case) != _operations(case).snapshot.label or response.status_code != 200:
        return SKIPPED
    looked, differences = False, []
    for item in observe(case, response).snapshot or ():
        created = MODEL.issued.get(_item_id(item))
        if created is None or not isinstance(item, dict):
            continue
        looked = True
        if _instant(item.get("updated")) != _instant(created.updated):
            differences.append(
                f"{created.id}: /updated is {_short(item.get('updated'))}, "
                f"create answered {_short(created.updated)}"
            )
    if differences:
        raise AssertionError(
            f"The snapshot moved `updated` though nothing updated: {_listing(differences)}"
        )
    return None if looked else SKIPPED


@meaning_check(alone=False)
def delete_removes_only_its_target(ctx: Any, response: Any, case: Any) -> bool | None:
    """A 204 from delete removes that one distribution: every other one this run saw listed
    and did not delete is still listed."""
    operations = _operations(case)
    if _label(case) != operations.delete.label or response.status_code != 204:
        return SKIPPED
    target = (case.path_parameters or {}).get(operations.delete_parameter)
    observation = observe(case, response)
    with MODEL.lock:
        MODEL.deleted.add(str(target))
        expected = MODEL.confirmed - MODEL.deleted - MODEL.deleting - {target}
    if not expected:
        return SKIPPED
    if observation.snapshot is None:
        observation.snapshot = _list_ids(ctx, case, "a delete")
    listed = observation.listed_ids()
    with MODEL.lock:
        # Deletes sent meanwhile by other workers are theirs, not this one's.
        missing = sorted((expected - listed) - MODEL.deleting)
    if missing:
        missing = sorted(set(missing) - JOURNAL.deleted_elsewhere())
    with MODEL.lock:
        MODEL.vanished.update(missing)
    if missing:
        raise AssertionError(
            f"Deleting {target!r} also removed {len(missing)} other distribution(s) of this run: "
            + ", ".join(repr(m) for m in missing[:SHOWN])
        )
    return None


@schemathesis.hook
def filter_failure(context: Any, failure: Any, case: Any, response: Any) -> bool:
    """Accept 501 for a method the server does not implement anywhere (RFC 9110, 15.6.2).

    RFC 9110 makes 501 the answer for a request method the server does not recognize at all
    (TRACE, QUERY...), and 405 with Allow (15.5.6) the answer for a method it knows but the target
    resource does not support. So an undeclared method that some operation of the spec uses must
    get 405; a method no operation uses may get 405 or 501.
    """
    method = str(getattr(response.request, "method", "") or "").lower()
    if response.status_code != 501 or method == str(case.operation.method).lower():
        return True
    used = {op.method for op in spec_module.operations_of(case.operation.schema.raw_schema)}
    return method in used
