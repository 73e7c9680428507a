"""What a change of openapi.yaml does on the wire, in both directions, as a list of changes.

Old clients talk to a new server and new clients to an old one, so a change is breaking when
either side can send or expect something the other side no longer accepts or sends. Requests
and responses are read in opposite directions: narrowing what a server accepts (a property that
becomes required, an enum value removed, a tighter limit) breaks requests; widening what a server
sends (a property that may now be missing, a new enum value, a looser limit) breaks responses.

Schemas are compared where operations use them, with `$ref`s followed, so a component used by
a request and by a response is judged in both directions; each finding is reported once per
pointer and reason, with the operations it affects. These rules were chosen against the corpus in
tests/diff (see its README for the candidates measured beside them).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from pieces_spec import METHODS as HTTP_METHODS
from pieces_spec import Spec, SpecError

Direction = Literal["request", "response"]
# Keywords whose growth narrows what a value may be (max*) or whose shrinkage does (min*).
_UPPER_LIMITS = ("maximum", "maxLength", "maxItems", "maxProperties")
_LOWER_LIMITS = ("minimum", "minLength", "minItems", "minProperties")


@dataclass(frozen=True)
class Change:
    """One finding: where (a JSON pointer), whether it breaks, and why in one line."""

    pointer: str
    breaking: bool
    why: str
    operations: tuple[str, ...] = ()


def escape(token: object) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def pointer(*parts: object) -> str:
    return "#/" + "/".join(escape(p) for p in parts)


@dataclass
class _Collector:
    old: Mapping[str, Any]
    new: Mapping[str, Any]
    found: dict[tuple[str, bool, str], set[str]] = field(default_factory=dict)

    def add(self, where: str, breaking: bool, why: str, operation: str = "") -> None:
        operations = self.found.setdefault((where, breaking, why), set())
        if operation:
            operations.add(operation)

    def changes(self) -> list[Change]:
        return [
            Change(where, breaking, why, tuple(sorted(ops)))
            for (where, breaking, why), ops in sorted(
                self.found.items(), key=lambda item: (not item[0][1], item[0][0], item[0][2])
            )
        ]


def _resolve(document: Mapping[str, Any], node: Any) -> tuple[Any, str | None]:
    """(the node a local `$ref` points at, its pointer), or (node, None) when it is no ref.

    A reference that cannot be followed (dangling, cyclic) gives (None, the reference).
    """
    try:
        return Spec(document).deref(node)
    except SpecError:
        return None, str(node["$ref"])


def _template(path: str) -> str:
    """A path with its parameter names blanked, so a renamed path parameter keeps the URL."""
    return re.sub(r"\{[^}]*\}", "{}", path)


def _operations(spec: Mapping[str, Any]) -> dict[tuple[str, str], tuple[str, dict[str, Any]]]:
    found = {}
    for path, item in (spec.get("paths") or {}).items():
        for method in HTTP_METHODS:
            if isinstance(item, Mapping) and isinstance(item.get(method), Mapping):
                found[(method, _template(path))] = (path, item[method])
    return found


def _parameters(
    spec: Mapping[str, Any], path: str, operation: Mapping[str, Any]
) -> dict[tuple[str, str], dict[str, Any]]:
    item = spec["paths"][path]
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for raw in [*(item.get("parameters") or []), *(operation.get("parameters") or [])]:
        param, _ = _resolve(spec, raw)
        if isinstance(param, Mapping):
            name = str(param.get("name"))
            location = str(param.get("in"))
            key = (location, name.lower() if location == "header" else name)
            merged[key] = dict(param)
    return merged


def _security(spec: Mapping[str, Any], operation: Mapping[str, Any]) -> set[frozenset[str]]:
    requirements = operation.get("security", spec.get("security"))
    if requirements is None:
        return {frozenset()}
    return {frozenset(requirement or {}) for requirement in requirements}


class _Differ:
    def __init__(self, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        self.old, self.new = old, new
        self.out = _Collector(old, new)

    def run(self) -> list[Change]:
        old_ops, new_ops = _operations(self.old), _operations(self.new)
        for key in sorted(old_ops.keys() - new_ops.keys()):
            path, op = old_ops[key]
            self.out.add(
                pointer("paths", path, key[0]),
                True,
                f"operation {key[0].upper()} {path} removed: old clients calling it now fail",
                str(op.get("operationId", "")),
            )
        for key in sorted(new_ops.keys() - old_ops.keys()):
            path, op = new_ops[key]
            self.out.add(
                pointer("paths", path, key[0]),
                False,
                f"operation {key[0].upper()} {path} added",
                str(op.get("operationId", "")),
            )
        for key in sorted(old_ops.keys() & new_ops.keys()):
            self.operation(key[0], old_ops[key], new_ops[key])
        self.schemes()
        return self.out.changes()

    # Operations ---------------------------------------------------------------------------------

    def operation(
        self, method: str, old: tuple[str, dict[str, Any]], new: tuple[str, dict[str, Any]]
    ) -> None:
        (old_path, old_op), (new_path, new_op) = old, new
        at = ("paths", new_path, method)
        name = str(new_op.get("operationId") or old_op.get("operationId") or "")
        if old_op.get("operationId") != new_op.get("operationId"):
            self.out.add(
                pointer(*at, "operationId"),
                False,
                f"operationId {old_op.get('operationId')!r} -> {new_op.get('operationId')!r}: "
                "not sent on the wire (generated names follow it)",
                name,
            )
        if old_path != new_path:
            self.out.add(
                pointer("paths", new_path),
                False,
                f"path parameter renamed ({old_path} -> {new_path}): the URL is unchanged",
                name,
            )
        self.parameters(method, old, new, name)
        self.request_body(old_op.get("requestBody"), new_op.get("requestBody"), at, name)
        self.responses(old_op.get("responses") or {}, new_op.get("responses") or {}, at, name)
        self.security(old_op, new_op, at, name)

    def parameters(
        self,
        method: str,
        old: tuple[str, dict[str, Any]],
        new: tuple[str, dict[str, Any]],
        name: str,
    ) -> None:
        old_params = _parameters(self.old, *old)
        new_params = _parameters(self.new, *new)
        old_path_names = [k for k in old_params if k[0] == "path"]
        new_path_names = [k for k in new_params if k[0] == "path"]
        renamed = dict(zip(old_path_names, new_path_names, strict=False))
        at = ("paths", new[0], method, "parameters")
        for key, param in old_params.items():
            target = renamed.get(key, key)
            if target not in new_params:
                self.out.add(
                    pointer(*at, key[1]),
                    True,
                    f"{key[0]} parameter {key[1]!r} removed: old clients still send it and the "
                    "server no longer honours it",
                    name,
                )
                continue
            self.parameter(param, new_params[target], (*at, target[1]), name)
        for key, param in new_params.items():
            if key in old_params or key in renamed.values():
                continue
            required = bool(param.get("required"))
            self.out.add(
                pointer(*at, key[1]),
                required,
                f"required {key[0]} parameter {key[1]!r} added: old clients do not send it"
                if required
                else f"optional {key[0]} parameter {key[1]!r} added",
                name,
            )

    def parameter(
        self, old: Mapping[str, Any], new: Mapping[str, Any], at: tuple[object, ...], name: str
    ) -> None:
        if not old.get("required") and new.get("required"):
            self.out.add(
                pointer(*at, "required"),
                True,
                "parameter became required: old clients may leave it out",
                name,
            )
        elif old.get("required") and not new.get("required"):
            self.out.add(pointer(*at, "required"), False, "parameter became optional", name)
        if "schema" in old or "schema" in new:
            self.schema(old.get("schema") or {}, new.get("schema") or {}, "request", at, name)

    def request_body(self, old: Any, new: Any, at: tuple[object, ...], name: str) -> None:
        old_body, _ = _resolve(self.old, old)
        new_body, _ = _resolve(self.new, new)
        where = (*at, "requestBody")
        if old_body is None and new_body is None:
            return
        if new_body is None:
            self.out.add(
                pointer(*where),
                True,
                "request body removed: old clients still send one and the server ignores it",
                name,
            )
            return
        if old_body is None:
            required = bool(new_body.get("required"))
            self.out.add(
                pointer(*where),
                required,
                "required request body added: old clients send none"
                if required
                else "optional request body added",
                name,
            )
            return
        if not old_body.get("required") and new_body.get("required"):
            self.out.add(
                pointer(*where, "required"),
                True,
                "request body became required: old clients may send none",
                name,
            )
        elif old_body.get("required") and not new_body.get("required"):
            self.out.add(pointer(*where, "required"), False, "request body became optional", name)
        self.content(
            old_body.get("content") or {}, new_body.get("content") or {}, "request", where, name
        )

    def content(
        self,
        old: Mapping[str, Any],
        new: Mapping[str, Any],
        direction: Direction,
        at: tuple[object, ...],
        name: str,
    ) -> None:
        for media_type in sorted(old.keys() - new.keys()):
            self.out.add(
                pointer(*at, "content", media_type),
                True,
                f"{direction} media type {media_type} removed: "
                + (
                    "old clients still send it"
                    if direction == "request"
                    else "old clients still expect it"
                ),
                name,
            )
        for media_type in sorted(new.keys() - old.keys()):
            self.out.add(
                pointer(*at, "content", media_type),
                False,
                f"{direction} media type {media_type} added",
                name,
            )
        for media_type in sorted(old.keys() & new.keys()):
            self.schema(
                (old[media_type] or {}).get("schema") or {},
                (new[media_type] or {}).get("schema") or {},
                direction,
                (*at, "content", media_type, "schema"),
                name,
            )

    def responses(
        self,
        old: Mapping[str, Any],
        new: Mapping[str, Any],
        at: tuple[object, ...],
        name: str,
    ) -> None:
        where = (*at, "responses")
        for status in sorted(old.keys() - new.keys(), key=str):
            success = str(status).startswith("2")
            self.out.add(
                pointer(*where, status),
                success,
                f"success status {status} removed: old clients expect it"
                if success
                else f"status {status} removed: clients that handle it never see it again",
                name,
            )
        for status in sorted(new.keys() - old.keys(), key=str):
            self.out.add(
                pointer(*where, status),
                False,
                f"status {status} added: old clients treat it as undocumented",
                name,
            )
        for status in sorted(old.keys() & new.keys(), key=str):
            old_response, _ = _resolve(self.old, old[status])
            new_response, _ = _resolve(self.new, new[status])
            self.content(
                (old_response or {}).get("content") or {},
                (new_response or {}).get("content") or {},
                "response",
                (*where, status),
                name,
            )

    def security(
        self,
        old_op: Mapping[str, Any],
        new_op: Mapping[str, Any],
        at: tuple[object, ...],
        name: str,
    ) -> None:
        old_sec, new_sec = _security(self.old, old_op), _security(self.new, new_op)
        where = pointer(*at, "security") if "security" in new_op else pointer("security")
        if frozenset() in old_sec and frozenset() not in new_sec:
            self.out.add(where, True, "authentication became required: old clients send none", name)
        for requirement in sorted(old_sec - new_sec - {frozenset()}, key=sorted):
            # A client that sends these credentials still gets in if the new server accepts a
            # subset of them (the empty requirement: no credentials at all).
            covered = any(other <= requirement for other in new_sec)
            self.out.add(
                where,
                not covered,
                f"security requirement {sorted(requirement)} removed: "
                + ("clients sending it still get in" if covered else "clients using it fail"),
                name,
            )
        for requirement in sorted(new_sec - old_sec, key=sorted):
            if requirement:
                self.out.add(
                    where,
                    False,
                    f"security requirement {sorted(requirement)} added as an alternative",
                    name,
                )
            else:
                self.out.add(where, False, "authentication became optional", name)

    def schemes(self) -> None:
        old = (self.old.get("components") or {}).get("securitySchemes") or {}
        new = (self.new.get("components") or {}).get("securitySchemes") or {}
        for scheme in sorted(old.keys() & new.keys()):
            for key in ("type", "in", "name", "scheme"):
                if (old[scheme] or {}).get(key) != (new[scheme] or {}).get(key):
                    self.out.add(
                        pointer("components", "securitySchemes", scheme, key),
                        True,
                        f"security scheme {scheme!r} now uses {key} "
                        f"{(new[scheme] or {}).get(key)!r}: clients send the credential wrongly",
                    )

    # Schemas ------------------------------------------------------------------------------------

    def schema(
        self,
        old: Any,
        new: Any,
        direction: Direction,
        at: tuple[object, ...],
        name: str,
        seen: frozenset[tuple[str | None, str | None, str]] = frozenset(),
    ) -> None:
        old_schema, old_ref = _resolve(self.old, old)
        new_schema, new_ref = _resolve(self.new, new)
        if new_ref is not None:
            at = tuple(
                token.replace("~1", "/").replace("~0", "~") for token in new_ref[2:].split("/")
            )
        if (old_ref or new_ref) is not None:
            pair = (old_ref, new_ref, direction)
            if pair in seen:
                return  # a recursive schema: this pair is already being compared
            seen = seen | {pair}
        if not isinstance(old_schema, Mapping) or not isinstance(new_schema, Mapping):
            return
        self.type_and_format(old_schema, new_schema, direction, at, name)
        self.enum(old_schema, new_schema, direction, at, name)
        self.limits(old_schema, new_schema, direction, at, name)
        self.nullable(old_schema, new_schema, direction, at, name)
        self.properties(old_schema, new_schema, direction, at, name, seen)
        if "items" in old_schema and "items" in new_schema:
            self.schema(
                old_schema["items"], new_schema["items"], direction, (*at, "items"), name, seen
            )
        old_extra = old_schema.get("additionalProperties", True)
        new_extra = new_schema.get("additionalProperties", True)
        if isinstance(old_extra, Mapping) and isinstance(new_extra, Mapping):
            self.schema(old_extra, new_extra, direction, (*at, "additionalProperties"), name, seen)
        elif old_extra is not False and new_extra is False and direction == "request":
            self.out.add(
                pointer(*at, "additionalProperties"),
                True,
                "object closed to other properties: old clients that send more are rejected",
                name,
            )
        elif old_extra is False and new_extra is not False and direction == "response":
            self.out.add(
                pointer(*at, "additionalProperties"),
                True,
                "object opened to other properties: old clients may receive keys they refuse",
                name,
            )
        for key in ("allOf", "anyOf", "oneOf"):
            old_parts, new_parts = old_schema.get(key) or [], new_schema.get(key) or []
            if len(old_parts) != len(new_parts):
                self.out.add(
                    pointer(*at, key),
                    True,
                    f"{key} now has {len(new_parts)} parts instead of {len(old_parts)}",
                    name,
                )
                continue
            for index, (a, b) in enumerate(zip(old_parts, new_parts, strict=True)):
                self.schema(a, b, direction, (*at, key, index), name, seen)

    def type_and_format(
        self,
        old: Mapping[str, Any],
        new: Mapping[str, Any],
        direction: Direction,
        at: tuple[object, ...],
        name: str,
    ) -> None:
        old_type, new_type = old.get("type"), new.get("type")
        if old_type != new_type and old_type is not None and new_type is not None:
            widening = (old_type, new_type) == ("integer", "number")
            narrowing = (old_type, new_type) == ("number", "integer")
            safe = (widening and direction == "request") or (narrowing and direction == "response")
            self.out.add(
                pointer(*at, "type"),
                not safe,
                f"{direction} type {old_type} -> {new_type}",
                name,
            )
        elif old_type is None and new_type is not None and direction == "request":
            self.out.add(pointer(*at, "type"), True, f"request value now must be {new_type}", name)
        elif old_type is not None and new_type is None and direction == "response":
            self.out.add(pointer(*at, "type"), True, "response value may now be of any type", name)
        old_format, new_format = old.get("format"), new.get("format")
        if old_format != new_format:
            narrowed = new_format is not None
            breaking = narrowed if direction == "request" else old_format is not None
            self.out.add(
                pointer(*at, "format"),
                breaking,
                f"{direction} format {old_format or 'none'} -> {new_format or 'none'}",
                name,
            )

    def enum(
        self,
        old: Mapping[str, Any],
        new: Mapping[str, Any],
        direction: Direction,
        at: tuple[object, ...],
        name: str,
    ) -> None:
        old_enum, new_enum = old.get("enum"), new.get("enum")
        if old_enum == new_enum:
            return
        where = pointer(*at, "enum")
        if old_enum is None or new_enum is None:
            closed = new_enum is not None
            breaking = closed if direction == "request" else not closed
            self.out.add(
                where,
                breaking,
                f"{direction} value {'now limited to an enum' if closed else 'no longer an enum'}",
                name,
            )
            return
        added = [v for v in new_enum if v not in old_enum]
        removed = [v for v in old_enum if v not in new_enum]
        if added:
            self.out.add(
                where,
                direction == "response",
                f"enum values added to a response: {added} (strict clients reject new values)"
                if direction == "response"
                else f"enum values accepted in requests: {added}",
                name,
            )
        if removed:
            self.out.add(
                where,
                direction == "request",
                f"enum values removed from a request: {removed} (old clients still send them)"
                if direction == "request"
                else f"enum values no longer sent in responses: {removed}",
                name,
            )

    def limits(
        self,
        old: Mapping[str, Any],
        new: Mapping[str, Any],
        direction: Direction,
        at: tuple[object, ...],
        name: str,
    ) -> None:
        for key in (*_UPPER_LIMITS, *_LOWER_LIMITS, "pattern", "multipleOf"):
            a, b = old.get(key), new.get(key)
            if a == b:
                continue
            if key in _UPPER_LIMITS:
                tighter = b is not None and (a is None or b < a)
            elif key in _LOWER_LIMITS:
                tighter = b is not None and (a is None or b > a)
            else:
                tighter = b is not None
            breaking = tighter if direction == "request" else not tighter
            self.out.add(
                pointer(*at, key),
                breaking,
                f"{direction} {key} {a if a is not None else 'none'} -> "
                f"{b if b is not None else 'none'} ({'tighter' if tighter else 'looser'})",
                name,
            )

    def nullable(
        self,
        old: Mapping[str, Any],
        new: Mapping[str, Any],
        direction: Direction,
        at: tuple[object, ...],
        name: str,
    ) -> None:
        a, b = bool(old.get("nullable")), bool(new.get("nullable"))
        if a == b:
            return
        breaking = (direction == "response") if b else (direction == "request")
        self.out.add(
            pointer(*at, "nullable"),
            breaking,
            f"{direction} value {'may now be null' if b else 'may no longer be null'}",
            name,
        )

    def properties(
        self,
        old: Mapping[str, Any],
        new: Mapping[str, Any],
        direction: Direction,
        at: tuple[object, ...],
        name: str,
        seen: frozenset[tuple[str | None, str | None, str]],
    ) -> None:
        old_props = old.get("properties") or {}
        new_props = new.get("properties") or {}
        old_required = set(old.get("required") or [])
        new_required = set(new.get("required") or [])
        for prop in sorted(old_props.keys() - new_props.keys()):
            where = pointer(*at, "properties", prop)
            if direction == "response":
                self.out.add(
                    where, True, f"response property {prop!r} removed: old clients read it", name
                )
            else:
                self.out.add(
                    where,
                    True,
                    f"request property {prop!r} removed: old clients still send it and the "
                    "server no longer keeps it",
                    name,
                )
        for prop in sorted(new_props.keys() - old_props.keys()):
            where = pointer(*at, "properties", prop)
            required = prop in new_required
            if direction == "request" and required:
                self.out.add(
                    where,
                    True,
                    f"required request property {prop!r} added: old clients omit it",
                    name,
                )
            else:
                kind = "required" if required else "optional"
                self.out.add(where, False, f"{kind} {direction} property {prop!r} added", name)
        for prop in sorted(old_props.keys() & new_props.keys()):
            where = pointer(*at, "properties", prop)
            was, now = prop in old_required, prop in new_required
            if not was and now:
                self.out.add(
                    where,
                    direction == "request",
                    f"request property {prop!r} became required: old clients may omit it"
                    if direction == "request"
                    else f"response property {prop!r} became required",
                    name,
                )
            elif was and not now:
                self.out.add(
                    where,
                    direction == "response",
                    f"response property {prop!r} became optional: old clients expect it"
                    if direction == "response"
                    else f"request property {prop!r} became optional",
                    name,
                )
            self.schema(
                old_props[prop], new_props[prop], direction, (*at, "properties", prop), name, seen
            )


def wire_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """Every wire-level change from `old` to `new`, breaking ones first."""
    return _Differ(old, new).run()
