"""openapi.yaml, read once, and the answers every layer asks of it.

The bottom of the project: the reference server, the contract suite, `scripts/` and the tests
all read the spec through this module and nothing else. It parses the YAML (one loader),
follows `$ref`s with `referencing` (no hand-written resolver), and answers the questions the
layers share: which operations exist and with which methods, the lifecycle
create -> delete -> snapshot, the API key scheme, the markers of what upstream does not have,
and schemas by name or JSON pointer.

It imports nothing of the project, so any layer may import it; a wheel bundles the spec next
to this file.
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml
from referencing import Registry, Resource
from referencing.exceptions import Unresolvable

SPEC_NAME = "openapi.yaml"
# The HTTP methods an OpenAPI 3.0 path item can hold (its other keys are not operations).
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# The upstream Pieces OS operationIds: what every implementation of the API is named by.
CREATE_ID = "distributionsCreateNewDistribution"
SNAPSHOT_ID = "distributionsSnapshot"
# The request body of a create, and what a create answers with.
SEED_SCHEMA = "SeededDistribution"
RECORD_SCHEMA = "Distribution"
# Where the snapshot body keeps its distributions (the Distributions schema's array).
LIST_PROPERTY = "iterable"
# Markers: `x-addition` is on what upstream's API does not have at all (ours); `x-not-on-page`
# is on what upstream's API has but the Distributions page does not document.
ADDITION = "x-addition"
NOT_ON_PAGE = "x-not-on-page"
# The base URI the document is registered under, so `#/...` references resolve against it.
_BASE_URI = "urn:pieces-distributions:openapi"
# Keywords whose values are data, not schemas: a "$ref" key inside them is not a reference.
_DATA_KEYWORDS = frozenset({"example", "examples", "enum", "default", "const"})


class SpecError(RuntimeError):
    """The spec is missing, unreadable, or lacks what a caller needs; the message is one line."""


def default_path() -> Path:
    """The bundled copy next to this package (a wheel), else the checkout's openapi.yaml."""
    package_dir = Path(__file__).resolve().parent
    candidates = [package_dir / SPEC_NAME, package_dir.parent / SPEC_NAME]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    tried = ", ".join(str(c) for c in candidates)
    raise SpecError(f"cannot find {SPEC_NAME} (tried {tried}); pass --spec PATH")


def parse(text: str, label: str = SPEC_NAME) -> dict[str, Any]:
    """A YAML document as plain data (anchors expanded), or SpecError naming `label`."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        document = yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader either way
    except yaml.YAMLError as error:
        raise SpecError(f"{label} is not valid YAML: {' '.join(str(error).split())}") from None
    if not isinstance(document, dict):
        raise SpecError(f"{label} is not an OpenAPI document (not a mapping)")
    return document


def escape(token: str) -> str:
    """One JSON pointer token (RFC 6901): `~` and `/` escaped."""
    return str(token).replace("~", "~0").replace("/", "~1")


def pointer_get(document: Any, pointer: str) -> Any:
    """The value at a JSON pointer (`/a/0/b`, or `#/a/0/b`); KeyError/IndexError/TypeError else."""
    node = document
    pointer = pointer.removeprefix("#")
    for part in pointer.split("/")[1:] if pointer not in ("", "/") else []:
        part = part.replace("~1", "/").replace("~0", "~")
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


@dataclass(frozen=True)
class Operation:
    method: str  # lower case, as the spec writes it
    path: str  # the spec's template, e.g. /distribution/{distribution}/delete
    operation_id: str
    raw: Mapping[str, Any] = field(repr=False)
    path_item: Mapping[str, Any] = field(repr=False)

    @property
    def label(self) -> str:
        """schemathesis' name for the operation, e.g. `POST /distributions/create`."""
        return f"{self.method.upper()} {self.path}"


@dataclass(frozen=True)
class Lifecycle:
    """The three operations a distribution goes through, as this spec names them."""

    create: Operation
    snapshot: Operation
    delete: Operation
    # The delete's parameter that receives the created distribution's id (from the link).
    delete_parameter: str
    # JSON pointer into create's response body where the id is (from the link's expression).
    id_pointer: str


@dataclass(frozen=True, eq=False)
class Spec:
    """One parsed OpenAPI document. `Spec.load()` reads a file; `Spec(document)` wraps data."""

    document: Mapping[str, Any]
    path: Path = Path(SPEC_NAME)

    @classmethod
    def load(cls, path: Path | str | None = None) -> Spec:
        """The spec at `path` (default: `default_path()`), parsed once per file version."""
        path = Path(path) if path is not None else default_path()
        try:
            stat = path.stat()
        except OSError as error:
            raise SpecError(f"cannot read {path}: {error.strerror}") from None
        return _load(path.resolve(), stat.st_mtime_ns, stat.st_size)

    @classmethod
    def from_text(cls, text: str, label: str = SPEC_NAME) -> Spec:
        return cls(parse(text, label), Path(label))

    @property
    def version(self) -> str:
        """info.version: the package's version too (pyproject reads it from here)."""
        return str((self.document.get("info") or {}).get("version", ""))

    def copy(self) -> dict[str, Any]:
        """A deep copy of the document that the caller may change freely."""
        return copy.deepcopy(dict(self.document))

    # -- references -------------------------------------------------------------------------

    @cached_property
    def _resolver(self) -> Any:
        resource: Resource[Any] = Resource.opaque(self.document)
        return Registry().with_resource(_BASE_URI, resource).resolver(base_uri=_BASE_URI)

    def at(self, pointer: str) -> Any:
        """The node a local reference (`#/components/schemas/X`) names; SpecError if none."""
        if not pointer.startswith("#"):
            raise SpecError(f"{self.path}: only local references are supported, got {pointer}")
        try:
            return self._resolver.lookup(pointer).contents
        except Unresolvable:
            raise SpecError(f"{self.path}: cannot resolve $ref {pointer}") from None

    def deref(self, node: Any) -> tuple[Any, str | None]:
        """(what `node` is after following its `$ref`s, the last reference followed or None)."""
        ref = None
        seen: set[str] = set()
        while isinstance(node, Mapping) and isinstance(node.get("$ref"), str):
            ref = str(node["$ref"])
            if ref in seen:
                raise SpecError(f"{self.path}: $ref cycle at {ref}")
            seen.add(ref)
            node = self.at(ref)
        return node, ref

    def resolve(self, node: Any) -> Any:
        """`node` itself, or what its `$ref` (and theirs, in turn) points at."""
        return self.deref(node)[0]

    def inline(self, node: Any, *, cycles_as: str | None = None) -> Any:
        """A deep copy of `node` with every `$ref` replaced by its (recursively inlined) target.

        OpenAPI 3.0 ignores the siblings of a `$ref`, so the reference object is replaced whole;
        values of data keywords (`example`, `enum`, ...) are copied as they are. A reference
        cycle cannot be inlined: it raises SpecError naming the cycle, unless `cycles_as` is
        given, which keeps the reference that closes it as `{"$ref": cycles_as + ref}` (the
        document's URI in a validator's registry, say).
        """
        return self._inline(node, (), cycles_as)

    def _inline(self, node: Any, stack: tuple[str, ...], cycles_as: str | None) -> Any:
        if isinstance(node, list):
            return [self._inline(item, stack, cycles_as) for item in node]
        if not isinstance(node, Mapping):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str):
            if ref in stack:
                if cycles_as is not None:
                    return {"$ref": cycles_as + ref}
                raise SpecError("reference cycle: " + " -> ".join((*stack, ref)))
            return self._inline(self.at(ref), (*stack, ref), cycles_as)
        return {
            key: value if key in _DATA_KEYWORDS else self._inline(value, stack, cycles_as)
            for key, value in node.items()
        }

    # -- schemas ----------------------------------------------------------------------------

    def schema_names(self) -> list[str]:
        """Names under components/schemas, in document order."""
        return list((self.document.get("components") or {}).get("schemas") or {})

    def schema(self, name: str) -> Mapping[str, Any]:
        """A schema from components/schemas, as written (references unresolved)."""
        found = ((self.document.get("components") or {}).get("schemas") or {}).get(name)
        if not isinstance(found, Mapping):
            raise SpecError(f"{self.path} has no components/schemas/{name}")
        return found

    def property_names(self, schema_name: str) -> frozenset[str]:
        """The property names a component schema declares."""
        return frozenset(self.schema(schema_name).get("properties", {}))

    def properties(self, schema: Any) -> dict[str, Any]:
        """The properties a schema (or reference) declares, `allOf` parts included."""
        schema = self.resolve(schema)
        if not isinstance(schema, Mapping):
            return {}
        found: dict[str, Any] = dict(schema.get("properties") or {})
        for part in schema.get("allOf") or ():
            found.update(self.properties(part))
        return found

    # -- operations -------------------------------------------------------------------------

    @cached_property
    def operations(self) -> tuple[Operation, ...]:
        """Every operation under `paths:`, in the spec's order."""
        paths = self.document.get("paths")
        if not isinstance(paths, Mapping) or not paths:
            raise SpecError(f"{self.path} has no paths")
        found = []
        for path, item in paths.items():
            if not isinstance(item, Mapping):
                raise SpecError(f"{self.path}: paths/{path} is not a path item")
            for method in METHODS:
                raw = item.get(method)
                if raw is None:
                    continue
                if not isinstance(raw, Mapping):
                    raise SpecError(f"{self.path}: {method.upper()} {path} is not an operation")
                operation_id = str(raw.get("operationId") or "")
                found.append(Operation(method, str(path), operation_id, raw, item))
        return tuple(found)

    def operation(self, operation_id: str) -> Operation:
        for operation in self.operations:
            if operation.operation_id == operation_id:
                return operation
        raise SpecError(f"{self.path} has no operation with operationId {operation_id}")

    def operation_at(self, method: str, path: str) -> tuple[Operation, str] | None:
        """The operation a request named, and its path relative to the server's base URL.

        A recorded path may start with the base URL's own path (a server behind a reverse
        proxy that serves it under /pieces, say), which the spec knows nothing of: the
        operation's template is matched at the end of the path, the shortest prefix winning.
        """
        found: tuple[int, Operation] | None = None
        for operation in self.operations:
            if operation.method != method.lower():
                continue
            pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(operation.path))
            match = re.search(pattern + r"\Z", path)
            if match and (found is None or match.start() < found[0]):
                found = (match.start(), operation)
        if found is None:
            return None
        return found[1], path[found[0] :]

    def parameters(self, operation: Operation) -> list[Mapping[str, Any]]:
        """The operation's parameters, the path item's included, references followed.

        An operation's parameter overrides the path item's of the same name and location.
        """
        merged: dict[tuple[str, str], Mapping[str, Any]] = {}
        declared = [
            *(operation.path_item.get("parameters") or []),
            *(operation.raw.get("parameters") or []),
        ]
        for raw in declared:
            parameter = self.resolve(raw)
            if isinstance(parameter, Mapping):
                location, name = str(parameter.get("in")), str(parameter.get("name"))
                merged[(location, name.lower() if location == "header" else name)] = parameter
        return list(merged.values())

    def path_parameters(self, operation: Operation) -> list[str]:
        """The names of the operation's path parameters, in template order."""
        return re.findall(r"\{([^}]+)\}", operation.path)

    @cached_property
    def lifecycle(self) -> Lifecycle:
        """Create and snapshot by the upstream operationIds, delete by create's link."""
        by_id = {op.operation_id: op for op in self.operations if op.operation_id}
        missing = [name for name in (CREATE_ID, SNAPSHOT_ID) if name not in by_id]
        if missing:
            raise SpecError(f"the spec has no operation with operationId {' or '.join(missing)}")
        create = by_id[CREATE_ID]
        for status, response in (create.raw.get("responses") or {}).items():
            if not str(status).startswith("2"):
                continue
            for link in (self.resolve(response).get("links") or {}).values():
                link = self.resolve(link)
                target = by_id.get(str(link.get("operationId", "")))
                if target is None:
                    continue
                for name, expression in (link.get("parameters") or {}).items():
                    found = re.fullmatch(r"\$response\.body#(/.*)", str(expression))
                    if found:
                        # `path.distribution` names the location too; the bare name is what matters.
                        parameter = str(name).split(".", 1)[-1]
                        return Lifecycle(
                            create, by_id[SNAPSHOT_ID], target, parameter, found.group(1)
                        )
        raise SpecError(
            f"{create.label} declares no link from its success response to a delete operation "
            "(a link with a parameter taken from $response.body#/...)"
        )

    # -- security ---------------------------------------------------------------------------

    @cached_property
    def api_key_schemes(self) -> dict[str, str]:
        """apiKey security scheme name -> the header it is sent in."""
        schemes = (self.document.get("components") or {}).get("securitySchemes") or {}
        found: dict[str, str] = {}
        for name, scheme in schemes.items():
            if not isinstance(scheme, Mapping) or scheme.get("type") != "apiKey":
                continue
            if scheme.get("in") != "header" or not isinstance(scheme.get("name"), str):
                raise SpecError(
                    f"{self.path}: security scheme {name} is not an API key in a header,"
                    " the only kind this project can send and check"
                )
            found[str(name)] = scheme["name"]
        return found

    @cached_property
    def api_key_header(self) -> str | None:
        """The one header an API key goes in, or None when the spec declares no key."""
        headers = set(self.api_key_schemes.values())
        if len(headers) > 1:
            raise SpecError(
                f"{self.path}: more than one API key header ({', '.join(sorted(headers))})"
            )
        return headers.pop() if headers else None

    def secured(self, operation: Operation) -> bool:
        """Whether the operation's `security` (or the document's) names an API key scheme."""
        security = operation.raw.get("security", self.document.get("security", []))
        where = operation.label
        if not isinstance(security, list):
            raise SpecError(f"{self.path}: {where}: security is not a list")
        declared = (self.document.get("components") or {}).get("securitySchemes") or {}
        secured = False
        for requirement in security:
            if not isinstance(requirement, Mapping):
                raise SpecError(f"{self.path}: {where}: a security requirement is not an object")
            for name in requirement:
                if name in self.api_key_schemes:
                    secured = True
                elif name not in declared:
                    raise SpecError(f"{self.path}: {where}: unknown security scheme {name}")
        return secured

    # -- markers and responses --------------------------------------------------------------

    def marked(self, node: Any, marker: str = ADDITION) -> bool:
        """True when `node`, or what its `$ref` points at, carries `marker: true`."""
        if not isinstance(node, Mapping):
            return False
        if node.get(marker) is True:
            return True
        return isinstance(node.get("$ref"), str) and self.marked(self.resolve(node), marker)

    def is_addition(self, operation: Operation, status: str | None = None) -> bool:
        """Whether upstream's API lacks the operation (its path item or itself is marked) or,
        given a status, that response of it."""
        if self.marked(operation.path_item) or self.marked(operation.raw):
            return True
        if status is None:
            return False
        return self.marked((operation.raw.get("responses") or {}).get(status))

    def on_page(self, operation: Operation) -> bool:
        """Whether the Distributions page documents the operation (neither marker on it)."""
        return not (
            self.is_addition(operation)
            or self.marked(operation.path_item, NOT_ON_PAGE)
            or self.marked(operation.raw, NOT_ON_PAGE)
        )

    def upstream_requires(self, operation: Operation, status: str) -> bool:
        """Whether `--level upstream` holds a server to this response: the operation is on the
        Distributions page (the upstream documentation the project is built from) and the
        status is not one of ours. What upstream's API has off the page (the well-known
        operations) is judged at the strict level only, like our additions."""
        return self.on_page(operation) and not self.is_addition(operation, status)

    def additions(self) -> dict[str, set[str]]:
        """Per operation label, the response statuses the upstream level does not require."""
        return {
            operation.label: {
                str(status)
                for status in (operation.raw.get("responses") or {})
                if not self.upstream_requires(operation, str(status))
            }
            for operation in self.operations
        }

    def documented(self) -> dict[str, dict[str, list[str]]]:
        """Per operation label, each documented status and its media types (empty: no body)."""
        return {
            operation.label: {
                str(status): sorted(self.resolve(response).get("content") or {})
                for status, response in (operation.raw.get("responses") or {}).items()
            }
            for operation in self.operations
        }

    def responses(self, operation: Operation) -> Iterator[tuple[str, Mapping[str, Any]]]:
        """(status, response object with its reference followed) for each documented status."""
        for status, response in (operation.raw.get("responses") or {}).items():
            yield str(status), self.resolve(response)


@functools.lru_cache(maxsize=8)
def _load(path: Path, mtime_ns: int, size: int) -> Spec:
    # Keyed by the file's version as well as its name: an edited spec is read again.
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise SpecError(f"cannot read {path}: {error.strerror}") from None
    document = parse(text, str(path))
    if not str(document.get("openapi", "")).startswith("3."):
        raise SpecError(f"{path} is not an OpenAPI 3 document")
    return Spec(document, path)


def load(path: Path | str | None = None) -> Spec:
    """Shorthand for `Spec.load(path)`."""
    return Spec.load(path)
