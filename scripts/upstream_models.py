"""Derive the upstream fixtures from the official Python SDK, `pieces_os_client`.

Run with the Python of the venv that has the SDK (`make upstream-models` uses .venv-upstream):

    .venv-upstream/bin/python scripts/upstream_models.py [--out DIR]

writes two files into DIR (default tests/fixtures):

- `upstream-models.json`: every model the Distributions operations reach, walked from their
  request and response models, as the SDK's models declare it: property names as sent on the
  wire (pydantic aliases, so `schema`, not `var_schema`), types in the fixture's notation,
  required, defaults (what a missing key decodes to) and enum values in order. The walk records
  the boundary models (`BOUNDARY`) but does not enter the models they name.
- `upstream-operations.json`: every operation of the SDK's Distributions and WellKnown APIs:
  method, path, parameters, request and response media types, statuses with their response
  types, and security schemes. The SDK's methods are called against a recording stand-in for
  its ApiClient (nothing is sent), so what is recorded is what the SDK would send.

The SDK is read through behaviour and pydantic's field objects, not its source text, and both
generations of it are understood: pydantic 2 (`pieces_os_client` 5.x, `model_fields`,
`param_serialize`) and pydantic 1 (4.x, `__fields__`, `call_api` with positional path and method).
The output is deterministic (models in walk order, properties sorted, one-space indentation, no
trailing newline), so the committed fixtures are byte for byte what the pinned SDK gives.

`differences()` compares two derived documents and names each differing model and property; it
needs no SDK, so tests import it from the project's own venv.
"""

from __future__ import annotations

import argparse
import enum
import importlib
import inspect
import json
import sys
import types
import typing
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
MODELS_NAME = "upstream-models.json"
OPERATIONS_NAME = "upstream-operations.json"

# The SDK's API classes whose operations are recorded, in this order: (label, module, class).
APIS = (
    ("Distributions", "pieces_os_client.api.distributions_api", "DistributionsApi"),
    ("WellKnown", "pieces_os_client.api.well_known_api", "WellKnownApi"),
)
# The models are walked from these APIs' operations (the well-known ones answer plain text).
MODEL_ROOT_APIS = ("Distributions",)
# Upstream these pull in most of the Pieces OS API: recorded, but the walk stops there.
BOUNDARY = ("FlattenedAsset", "FlattenedUserProfile")
# Method-name suffixes of the SDK's variants of one operation (the plain name is the operation).
VARIANT_SUFFIXES = ("_with_http_info", "_without_preload_content")


class DerivationError(Exception):
    """The SDK declares something the fixture notation has no word for; the text says where."""


# ---------------------------------------------------------------------------------------------
# Types in the fixture's notation


def _is_model(kind: Any) -> bool:
    return isinstance(kind, type) and (hasattr(kind, "model_fields") or hasattr(kind, "__fields__"))


def _is_enum(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, enum.Enum)


def _strip(annotation: Any) -> Any:
    """The annotation without `Annotated[...]` metadata and without an `Optional`'s None."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(members) != 1:
                raise DerivationError(f"a union of {members} has no single type")
            annotation = members[0]
        else:
            return annotation


def notation(annotation: Any, where: str) -> Any:
    """`annotation` as the fixture writes a type ("string", a model's name, {"array_of": T}...)."""
    kind = _strip(annotation)
    origin = typing.get_origin(kind)
    if origin in (list, typing.List):  # noqa: UP006 - pydantic 1 models spell it List
        return {"array_of": notation(typing.get_args(kind)[0], where)}
    if origin in (dict, typing.Dict):  # noqa: UP006
        key, value = typing.get_args(kind)
        if _strip(key) is not str and not issubclass(_strip(key), str):
            raise DerivationError(f"{where}: a map keyed by {key!r}")
        return {"map_of": notation(value, where)}
    if _is_enum(kind) or _is_model(kind):
        return kind.__name__
    if isinstance(kind, type) and issubclass(kind, list) and hasattr(kind, "item_type"):
        return {"array_of": notation(kind.item_type, where)}  # pydantic 1's conlist(T)
    if not isinstance(kind, type):
        raise DerivationError(f"{where}: no fixture notation for {kind!r}")
    # pydantic 1's StrictBool subclasses int, so booleans are recognised by name first.
    if kind is bool or kind.__name__ == "StrictBool":
        return "boolean"
    if issubclass(kind, datetime):
        return "date-time string"
    if issubclass(kind, date):
        return "date string"
    if issubclass(kind, str):
        return "string"
    if issubclass(kind, int):
        return "integer"
    if issubclass(kind, float):
        return "number"
    raise DerivationError(f"{where}: no fixture notation for {kind!r}")


def _named_models(kind: Any) -> Iterator[type[Any]]:
    """The model and enum classes a (property or parameter) type refers to."""
    kind = _strip(kind)
    if _is_enum(kind) or _is_model(kind):
        yield kind
        return
    if isinstance(kind, type) and issubclass(kind, list) and hasattr(kind, "item_type"):
        yield from _named_models(kind.item_type)
        return
    for argument in typing.get_args(kind):
        yield from _named_models(argument)


# ---------------------------------------------------------------------------------------------
# Models


class _Field(typing.NamedTuple):
    attribute: str
    wire: str
    annotation: Any
    required: bool
    default: Any


def _fields(model: type[Any]) -> list[_Field]:
    """The model's fields through pydantic's own objects (version 2 or 1)."""
    if hasattr(model, "model_fields"):
        return [
            _Field(name, info.alias or name, info.annotation, info.is_required(), info.default)
            for name, info in model.model_fields.items()
        ]
    return [
        _Field(name, field.alias, field.outer_type_, bool(field.required), field.default)
        for name, field in model.__fields__.items()
    ]


def _decoded_when_missing(model: type[Any]) -> dict[str, Any]:
    """What the SDK's `from_dict({})` hands to pydantic for each key: the SDK's defaults.

    The generated `from_dict` fills a missing key with the spec's default (for an enum-typed
    property that is the only place the default survives), then validates; the validating
    classmethod is swapped for one that returns its argument, for this one call.
    """
    validator = "model_validate" if hasattr(model, "model_fields") else "parse_obj"
    with mock.patch.object(model, validator, classmethod(lambda cls, obj: obj)):
        seen = model.from_dict({})
    return dict(seen) if isinstance(seen, Mapping) else {}


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, enum.Enum) else value


def _default(model: type[Any], field: _Field, decoded: Mapping[str, Any]) -> Any:
    value = decoded.get(field.wire, decoded.get(field.attribute))
    # Else pydantic's own default (pydantic 2 says "none" with PydanticUndefined, 1 with ...).
    if (
        value is None
        and not field.required
        and field.default not in (None, ...)
        and type(field.default).__name__ != "PydanticUndefinedType"
    ):
        value = field.default
    value = _plain(value)
    if value is not None and not isinstance(value, str | int | float | bool):
        raise DerivationError(f"{model.__name__}.{field.wire}: default {value!r} is not JSON")
    return value


def describe_model(model: type[Any]) -> dict[str, Any]:
    """One fixture entry: {"enum": [...]} or {"properties": {wire name: facts}}."""
    if _is_enum(model):
        return {"enum": [member.value for member in model]}
    decoded = _decoded_when_missing(model)
    properties: dict[str, Any] = {}
    for field in sorted(_fields(model), key=lambda f: f.wire):
        facts: dict[str, Any] = {
            "type": notation(field.annotation, f"{model.__name__}.{field.wire}"),
            "required": field.required,
        }
        default = _default(model, field, decoded)
        if default is not None:
            facts["default"] = default
        properties[field.wire] = facts
    return {"properties": properties}


def walk_models(roots: list[type[Any]]) -> dict[str, Any]:
    """Every model reachable from `roots`, breadth first, properties in name order."""
    found: dict[str, type[Any]] = {}
    queue = deque(roots)
    while queue:
        model = queue.popleft()
        if model.__name__ in found:
            if found[model.__name__] is not model:
                raise DerivationError(f"two models named {model.__name__}")
            continue
        found[model.__name__] = model
        if _is_enum(model) or model.__name__ in BOUNDARY:
            continue
        for field in sorted(_fields(model), key=lambda f: f.wire):
            queue.extend(_named_models(field.annotation))
    return {name: describe_model(model) for name, model in found.items()}


# ---------------------------------------------------------------------------------------------
# Operations


class _Recorder:
    """Stands in for the SDK's ApiClient: records what an operation would send, sends nothing.

    pydantic 2 SDKs call select_header_* and `param_serialize(method=..., resource_path=...)`,
    then `call_api(*serialized)` and `response_deserialize(response_types_map=...)`; pydantic 1
    SDKs pass everything to `call_api(path, method, path_params, query_params, header_params,
    ..., response_types_map=..., auth_settings=...)`.
    """

    def __init__(self) -> None:
        self.seen: dict[str, Any] = {"content_types": []}

    def select_header_accept(self, accepts: list[str]) -> str:
        self.seen["accept"] = list(accepts)
        return ", ".join(accepts)

    def select_header_content_type(self, content_types: list[str]) -> str | None:
        self.seen["content_types"] = list(content_types)
        return content_types[0] if content_types else None

    def param_serialize(self, **request: Any) -> tuple[Any, ...]:
        self._request(
            request["method"],
            request["resource_path"],
            request["path_params"],
            request["query_params"],
            request["header_params"],
            request.get("body"),
            request.get("auth_settings"),
        )
        return ()

    def call_api(self, *args: Any, **kwargs: Any) -> Any:
        if args and isinstance(args[0], str):  # pydantic 1: (path, method, path, query, header)
            path, method, path_params, query_params, header_params = args[:5]
            self._request(
                method,
                path,
                path_params,
                query_params,
                header_params,
                kwargs.get("body"),
                kwargs.get("auth_settings"),
            )
            self.seen["responses"] = dict(kwargs.get("response_types_map") or {})
        return types.SimpleNamespace(read=lambda: None, data=None)

    def response_deserialize(self, response_data: Any, response_types_map: Any) -> Any:
        self.seen["responses"] = dict(response_types_map or {})
        return types.SimpleNamespace(data=None)

    def _request(
        self,
        method: str,
        path: str,
        path_params: Any,
        query_params: Any,
        header_params: Any,
        body: Any,
        auth: Any,
    ) -> None:
        self.seen.update(
            method=method.upper(),
            path=path,
            path_params=dict(path_params or {}),
            query_params=list(query_params or []),
            header_params=dict(header_params or {}),
            body=body,
            security=list(auth or []),
        )


def _operation_names(api_class: type[Any]) -> list[str]:
    return [
        name
        for name, member in vars(api_class).items()
        if callable(member) and not name.startswith("_") and not name.endswith(VARIANT_SUFFIXES)
    ]


def _parameters(function: Callable[..., Any]) -> list[tuple[str, Any, bool]]:
    """(argument name, annotation, required) of each operation argument (not the `_` options)."""
    raw = inspect.unwrap(function)
    hints = typing.get_type_hints(raw, include_extras=True)
    return [
        (name, hints.get(name), parameter.default is inspect.Parameter.empty)
        for name, parameter in inspect.signature(raw).parameters.items()
        if name != "self"
        and not name.startswith("_")
        and parameter.kind not in (parameter.VAR_KEYWORD, parameter.VAR_POSITIONAL)
    ]


def _sample(annotation: Any, name: str, where: str) -> Any:
    """A value for one argument that can be found again in what the recorder saw."""
    kind = _strip(annotation)
    if _is_model(kind):
        construct = getattr(kind, "model_construct", None) or kind.construct
        return construct()
    if notation(kind, where) == "string":
        return f"<{name}>"
    raise DerivationError(f"{where}: no sample value for a {kind!r} argument")


def _response_type(value: Any) -> Any:
    if value is None:
        return None
    return {"str": "string", "int": "integer", "bool": "boolean"}.get(value, value)


def describe_operation(api: Any, name: str, label: str) -> tuple[dict[str, Any], list[Any]]:
    """The operation's fixture entry and the model classes its request and response name."""
    where = f"{label}.{name}"
    arguments = _parameters(getattr(type(api), name))
    values = {arg: _sample(kind, arg, f"{where}.{arg}") for arg, kind, _ in arguments}
    recorder: _Recorder = api.api_client
    recorder.seen = {"content_types": []}
    getattr(api, name)(**values)
    seen = recorder.seen
    parameters = []
    models: list[Any] = []
    for arg, kind, required in arguments:
        value = values[arg]
        place = _place(seen, value, arg)
        if place is None:
            raise DerivationError(f"{where}: argument {arg} is not in the request")
        location, wire = place
        parameters.append(
            {
                "name": wire,
                "in": location,
                "type": notation(kind, f"{where}.{arg}"),
                "required": required,
            }
        )
        models.extend(_named_models(kind))
    responses = {
        status: _response_type(kind) for status, kind in sorted(seen.get("responses", {}).items())
    }
    hints = typing.get_type_hints(inspect.unwrap(getattr(type(api), name)), include_extras=True)
    models.extend(_named_models(hints.get("return")))
    entry = {
        "api": label,
        "method": seen["method"],
        "path": seen["path"],
        "parameters": parameters,
        "request_media_types": seen["content_types"],
        "response_media_types": seen.get("accept", []),
        "responses": responses,
        "security": seen["security"],
    }
    return entry, models


def _place(seen: Mapping[str, Any], value: Any, arg: str) -> tuple[str, str] | None:
    for key, sent in seen["path_params"].items():
        if sent is value or sent == value:
            return "path", key
    for key, sent in seen["query_params"]:
        if sent == value:
            return "query", key
    for key, sent in seen["header_params"].items():
        if sent == value and key not in ("Accept", "Content-Type"):
            return "header", key
    body = seen.get("body")
    # pydantic 1 copies a model argument on validation: the body is then an equal copy.
    if body is not None and (body is value or type(body) is type(value)):
        return "body", arg
    return None


def derive() -> tuple[dict[str, Any], dict[str, Any]]:
    """(models, operations) as the installed SDK declares them."""
    operations: dict[str, Any] = {}
    roots: list[Any] = []
    for label, module, class_name in APIS:
        api = getattr(importlib.import_module(module), class_name)(api_client=_Recorder())
        for name in _operation_names(type(api)):
            entry, models = describe_operation(api, name, label)
            operations[name] = entry
            if label in MODEL_ROOT_APIS:
                roots.extend(models)
    return walk_models(roots), operations


# ---------------------------------------------------------------------------------------------
# The files, and how two derivations differ


def render(document: Mapping[str, Any]) -> str:
    """The fixtures' bytes: one-space indentation, keys in the given order, no final newline."""
    return json.dumps(document, indent=1)


def differences(fixture: Any, sdk: Any, where: str = "") -> list[str]:
    """Each place where `sdk` (a derivation) says otherwise than `fixture`, named by its path.

    Mappings are compared key by key (a model, then its properties, then their facts); anything
    else (an enum's values, a parameter list) is compared whole, so the order counts.
    """
    if isinstance(fixture, Mapping) and isinstance(sdk, Mapping):
        found = []
        for key in [*fixture, *(k for k in sdk if k not in fixture)]:
            path = f"{where}.{key}" if where else str(key)
            if key not in sdk:
                found.append(f"{path}: in the fixture, not in the SDK")
            elif key not in fixture:
                found.append(f"{path}: in the SDK, not in the fixture")
            else:
                found += differences(fixture[key], sdk[key], path)
        return found
    if fixture != sdk:
        return [f"{where}: fixture {fixture!r}, SDK {sdk!r}"]
    return []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=FIXTURES, help="folder to write both into")
    args = parser.parse_args(argv)
    try:
        models, operations = derive()
    except DerivationError as error:
        print(f"upstream-models: {error}", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    for name, document in ((MODELS_NAME, models), (OPERATIONS_NAME, operations)):
        (args.out / name).write_text(render(document), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
