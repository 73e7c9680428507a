"""Request body checks: JSON parsing and validation against the spec's own SeededDistribution."""

from __future__ import annotations

import json
import math
import re
import reprlib
from collections.abc import Callable, Iterable
from typing import Any, NoReturn

import jsonschema_rs
import orjson
from jsonschema import Draft4Validator
from jsonschema.exceptions import ValidationError, best_match
from referencing import Registry, Resource
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT4

from .reasons import one_line
from .spec import SEED_SCHEMA, Spec, SpecError

# The whole OpenAPI document is registered under this URI, so the schema's own
# "#/components/schemas/..." references resolve inside it, exactly as the spec wrote them.
SPEC_URI = "urn:pieces-distributions:openapi"
# Integers this long may not fit in 64 bits, the most orjson reads exactly.
_LONG_DIGITS = re.compile(rb"[0-9]{19}")
_UNDECODED = object()


_SHORT = reprlib.Repr()
_SHORT.maxstring = _SHORT.maxother = 60


class InvalidBody(ValueError):
    """The request body cannot become a SeededDistribution; str() is a one-line reason."""


def _reject_constant(name: str) -> NoReturn:
    # json.loads accepts NaN and Infinity, which are not JSON and could not be written back out.
    raise InvalidBody(f"body is not JSON: {name} is not a JSON number")


def _reject_infinity(node: Any) -> None:
    # json.loads reads 1e400 as infinity, which is no JSON number and could not be written back.
    if isinstance(node, float) and math.isinf(node):
        raise InvalidBody("body is not acceptable: a number is out of range")
    if isinstance(node, dict):
        for value in node.values():
            _reject_infinity(value)
    elif isinstance(node, list):
        for value in node:
            _reject_infinity(value)


def _location(path: Iterable[str | int]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


# Keywords whose values are data, not schemas: a "$ref" key inside them is not a reference.
_DATA_KEYWORDS = frozenset({"example", "examples", "enum", "default", "const"})


def _inline(node: Any, lookup: Callable[[str], Any], stack: tuple[str, ...]) -> Any:
    """node with every local $ref replaced by its target, resolved in the spec document."""
    if isinstance(node, list):
        return [_inline(item, lookup, stack) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str):
        if not ref.startswith("#"):
            raise SpecError(f"only local $refs are supported, found {ref!r}")
        absolute = SPEC_URI + ref
        if absolute in stack:
            return {"$ref": absolute}
        # As in draft 4 and OpenAPI 3.0, keywords next to a $ref are ignored.
        return _inline(lookup(absolute), lookup, (*stack, absolute))
    return {
        key: value if key in _DATA_KEYWORDS else _inline(value, lookup, stack)
        for key, value in node.items()
    }


class SeedValidator:
    """Turns a create body into a SeededDistribution, or raises InvalidBody saying why not."""

    def __init__(self, spec: Spec) -> None:
        resource: Resource[Any] = Resource.from_contents(
            spec.document, default_specification=DRAFT4
        )
        registry: Registry[Any] = Registry().with_resource(SPEC_URI, resource)
        # The references are looked up once, here, by `referencing` itself, giving a schema
        # without local $refs: jsonschema_rs below must be handed a self-contained schema (it
        # knows nothing of the OpenAPI document around it), and jsonschema no longer resolves
        # a $ref on each of the (now rare) bodies it judges. Only a recursive reference (none
        # today) is left as a $ref, and then the fast validator is not used.
        resolver = registry.resolver()
        try:
            schema = _inline(
                {"$ref": f"#/components/schemas/{SEED_SCHEMA}"},
                lambda uri: resolver.lookup(uri).contents,
                (),
            )
        except Unresolvable as error:
            # A one-line start-up error, not a traceback that prints the whole document.
            where = "#" + str(error.ref).rpartition("#")[2]
            raise SpecError(f"openapi.yaml: cannot resolve $ref {where}") from None
        # OpenAPI 3.0 schema objects are a draft-4 dialect; draft 4 also keeps `integer` strict
        # (1.0 is not an integer), which matches the generated models.
        self._validator = Draft4Validator(schema, registry=registry)
        # A compiled validator answers "valid?" about a hundred times faster (about half of a
        # create's time went to validation). It only ever accepts: a body it rejects, and any it
        # cannot judge, goes to jsonschema, which decides and writes the reason as before.
        # tests/server/test_seed_validation.py holds the two to the same verdicts.
        self._fast: jsonschema_rs.Draft4Validator | None
        try:
            self._fast = jsonschema_rs.Draft4Validator(schema)
        except ValueError:  # e.g. a recursive $ref left for jsonschema to follow at run time
            self._fast = None

    def parse(self, body: bytes) -> dict[str, Any] | None:
        """None for an empty body (the seed is optional), else the seed as validated JSON.

        The seed schema is an object, so a valid seed is a dict.
        """
        if not body:
            return None
        instance = self._quick_decode(body)
        exact = instance is not _UNDECODED
        if not exact:
            instance = self.decode(body)
        self.check(instance)
        if not exact:  # orjson refuses numbers out of range; json.loads reads them as infinity
            _reject_infinity(instance)
        seed: dict[str, Any] = instance
        return seed

    def _quick_decode(self, body: bytes) -> Any:
        """orjson's reading of the body, or _UNDECODED when it is left to decode().

        orjson parses a seed about four times faster than the json module. It reads integers
        beyond 64 bits as floats, so a body with a run of 19 digits (in a number or a string)
        skips it; whatever it refuses goes to decode(), which decides and words the reason.
        """
        if _LONG_DIGITS.search(body) is not None:
            return _UNDECODED
        try:
            return orjson.loads(body)
        except orjson.JSONDecodeError:
            return _UNDECODED

    def decode(self, body: bytes) -> Any:
        """The body as JSON read by the json module, or InvalidBody saying why it is not."""
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as error:
            raise InvalidBody(f"body is not UTF-8: invalid byte at offset {error.start}") from None
        try:
            return json.loads(text, parse_constant=_reject_constant)
        except json.JSONDecodeError as error:
            raise InvalidBody(
                f"body is not JSON: {error.msg} at line {error.lineno} column {error.colno}"
            ) from None
        except RecursionError:
            raise InvalidBody("body is not acceptable: JSON nested too deeply") from None
        except ValueError as error:
            if isinstance(error, InvalidBody):
                raise
            # For example an integer longer than Python's int parsing limit.
            raise InvalidBody(one_line(f"body is not acceptable: {error}")) from None

    def check(self, instance: Any) -> None:
        if self._fast is not None and self._fast.is_valid(instance):
            return
        error: ValidationError | None = best_match(self._validator.iter_errors(instance))
        if error is None:
            return
        where = _location(error.absolute_path)
        at = f" at {where}" if where else ""
        # jsonschema quotes the offending value in full; quote a long one in short instead, so
        # that the capped line still says what is wrong with it.
        message = error.message.replace(repr(error.instance), _SHORT.repr(error.instance), 1)
        raise InvalidBody(one_line(f"invalid {SEED_SCHEMA}{at}: {message}"))
