"""Request body checks: JSON parsing and validation against the spec's own SeededDistribution."""

from __future__ import annotations

import itertools
import json
import math
import re
import reprlib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NoReturn

import jsonschema_rs
import orjson
from jsonschema import Draft4Validator
from jsonschema.exceptions import ValidationError, best_match
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from .reasons import REASON_LIMIT, one_line
from .spec import SEED_SCHEMA, Spec

# The whole OpenAPI document is registered under this URI, so the schema's own
# "#/components/schemas/..." references resolve inside it, exactly as the spec wrote them.
SPEC_URI = "urn:pieces-distributions:openapi"
# Integers this long may not fit in 64 bits, the most orjson reads exactly.
_LONG_DIGITS = re.compile(rb"[0-9]{19}")
_UNDECODED = object()
# How many levels deeper than the seed schema's own deepest structure a body may nest: room for
# JSON kept under properties the spec does not name (the server stores them as given). A seed
# nested near the JSON decoders' recursion limits would be stored, and every later snapshot
# would fail to decode in a client that is itself a few dozen calls deep.
UNKNOWN_NESTING_MARGIN = 32
# The nesting allowed when the seed schema is recursive and so sets no bound of its own.
UNBOUNDED_SCHEMA_DEPTH = 64
# At most this many jsonschema errors are built to pick the best one from: each costs a walk
# and a message, and a body can hold a hundred thousand of them.
ERRORS_EXAMINED = 16
# Every byte except JSON's brackets, deleted to measure how deeply a body nests.
_NOT_BRACKETS = bytes(byte for byte in range(256) if byte not in b"[]{}")


_SHORT = reprlib.Repr()
_SHORT.maxstring = _SHORT.maxother = 60


class InvalidBody(ValueError):
    """The request body cannot become a SeededDistribution; str() is a one-line reason.

    `path` locates the offending value inside the body (keys and list indexes, empty for the
    body as a whole), for callers that point at it, such as pieces_testing's request check.
    """

    def __init__(self, reason: str, path: tuple[str | int, ...] = ()) -> None:
        super().__init__(reason)
        self.path = path


# "\ud800" and friends parse as JSON, but a lone UTF-16 surrogate has no UTF-8 encoding: such a
# string can be neither validated (jsonschema_rs takes UTF-8) nor stored.
SURROGATE_REASON = f"invalid {SEED_SCHEMA}: a string contains an unpaired UTF-16 surrogate escape"


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


def _bracket_depth(brackets: bytes, limit: int) -> int | None:
    """How deeply a run of balanced brackets nests, if at most `limit`; else None.

    Each pass deletes the innermost pairs, one level for the whole run at C speed. A run that
    stops shrinking before it is empty is not balanced: None as well.
    """
    for depth in range(limit + 1):
        if not brackets:
            return depth
        if depth == limit:
            break
        shorter = brackets.replace(b"{}", b"").replace(b"[]", b"")
        if len(shorter) == len(brackets):
            break
        brackets = shorter
    return None


def nests_deeper_than(body: bytes, limit: int) -> bool:
    """Whether the JSON text `body` nests objects and arrays more than `limit` levels deep.

    Counted on the bytes, not the parsed value, so that the common case costs a few
    milliseconds per megabyte. Brackets inside strings are counted first too: when that rough
    count is within the limit, so is the real depth (strings only ever add brackets), and
    otherwise the strings are cut out and the count made again.
    """
    if body.count(b"{") + body.count(b"[") <= limit:
        return False
    if _bracket_depth(body.translate(None, _NOT_BRACKETS), limit) is not None:
        return False
    # Escaped backslashes and quotes first, so that every quote left opens or closes a string;
    # the text is valid JSON, so the parts outside strings are every other one.
    unescaped = body.replace(b"\\\\", b"").replace(b'\\"', b"")
    outside = b"".join(unescaped.split(b'"')[::2])
    return _bracket_depth(outside.translate(None, _NOT_BRACKETS), limit) is None


def schema_depth(schema: Any) -> int | None:
    """How deeply an instance of `schema` nests through the properties and items it declares
    (an object or array adds one level), or None when a recursive $ref leaves it unbounded."""
    if not isinstance(schema, Mapping):
        return 0
    if "$ref" in schema:  # only a recursive reference is left after _inline
        return None
    children: list[Any] = [*(schema.get("properties") or {}).values()]
    for keyword in ("additionalProperties", "items", "additionalItems"):
        child = schema.get(keyword)
        children.extend(child if isinstance(child, list) else [child] if child is not None else [])
    container = bool(children) or schema.get("type") in ("object", "array")
    branches = [
        branch for keyword in ("allOf", "anyOf", "oneOf") for branch in schema.get(keyword, [])
    ]
    depths = [schema_depth(child) for child in children if isinstance(child, Mapping)]
    depths += [schema_depth(branch) for branch in branches]
    if any(depth is None for depth in depths):
        return None
    deepest = max((depth for depth in depths if depth is not None), default=0)
    return deepest + 1 if container else deepest


def _keyword_schema(parent: Mapping[str, Any], keyword: str) -> dict[str, Any]:
    """The part of `parent` that judges `keyword` alone, without descending into the instance.

    additionalProperties (and additionalItems) need their siblings to know what is additional;
    those come along as empty schemas, which accept anything at once.
    """
    schema = {keyword: parent[keyword]}
    if keyword == "additionalProperties":
        for sibling in ("properties", "patternProperties"):
            if isinstance(parent.get(sibling), Mapping):
                schema[sibling] = {name: {} for name in parent[sibling]}
    elif keyword == "additionalItems" and isinstance(parent.get("items"), list):
        schema["items"] = [{} for _ in parent["items"]]
    return schema


def _walk(node: Any, path: Sequence[str | int]) -> Any:
    for step in path:
        node = node[step]
    return node


class SeedValidator:
    """Turns a create body into a SeededDistribution, or raises InvalidBody saying why not."""

    def __init__(self, spec: Spec) -> None:
        resource: Resource[Any] = Resource.from_contents(
            spec.document, default_specification=DRAFT4
        )
        registry: Registry[Any] = Registry().with_resource(SPEC_URI, resource)
        # The references are resolved once, here, giving a schema without local $refs:
        # jsonschema_rs below must be handed a self-contained schema (it knows nothing of the
        # OpenAPI document around it), and jsonschema no longer resolves a $ref on each of the
        # (now rare) bodies it judges. Only a recursive reference (none today) is left as a
        # $ref into the registry, and then the fast validator is not used.
        schema = spec.inline({"$ref": f"#/components/schemas/{SEED_SCHEMA}"}, cycles_as=SPEC_URI)
        self._schema = schema
        depth = schema_depth(schema)
        self.max_depth = UNBOUNDED_SCHEMA_DEPTH if depth is None else depth + UNKNOWN_NESTING_MARGIN
        self._depth_reason = (
            f"body is not acceptable: JSON nested more than {self.max_depth} levels deep"
            + (
                f" ({SEED_SCHEMA} nests {depth}, plus {UNKNOWN_NESTING_MARGIN} for values of"
                " properties it does not name)"
                if depth is not None
                else ""
            )
        )
        # OpenAPI 3.0 schema objects are a draft-4 dialect; draft 4 also keeps `integer` strict
        # (1.0 is not an integer), which matches the generated models.
        self._validator = Draft4Validator(schema, registry=registry)
        # A compiled validator answers "valid?" about a hundred times faster (about half of a
        # create's time went to validation), and finds the first error of an invalid body as
        # fast; jsonschema then words the reason for that error alone (see check).
        # tests/server/test_seed_validation.py holds the two to the same verdicts. Formats are
        # not checked, as jsonschema's Draft4Validator without a format checker does not.
        self._fast: jsonschema_rs.Draft4Validator | None
        try:
            self._fast = jsonschema_rs.Draft4Validator(schema, validate_formats=False)
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
        if nests_deeper_than(body, self.max_depth):
            raise InvalidBody(self._depth_reason)
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
        """Return if `instance` is a valid seed, else raise InvalidBody with the reason.

        The cost of an invalid body stays that of a valid one: the fast validator stops at the
        first error, and jsonschema words the reason by judging only the keyword that failed on
        the value that failed it. Building every error of a large body to pick the best one
        took seconds of the event loop, during which no other request was answered.
        """
        fast = self._fast
        if fast is None:
            self._explain(self._validator, instance, ())
            return
        try:
            if fast.is_valid(instance):
                return
            fast.validate(instance)
        except jsonschema_rs.ValidationError as error:
            raise self._reason_for(instance, error) from None
        except UnicodeEncodeError:
            raise InvalidBody(SURROGATE_REASON) from None

    def _reason_for(self, instance: Any, error: jsonschema_rs.ValidationError) -> InvalidBody:
        where: list[str | int] = list(error.instance_path)
        schema_path = list(error.schema_path)
        parent: Any = None
        keyword: str | int | None = None
        value: Any = None
        try:
            parent = _walk(self._schema, schema_path[:-1])
            keyword = schema_path[-1]
            value = _walk(instance, where)
        except (LookupError, TypeError):  # a path this schema or body does not have
            parent = None
        if isinstance(parent, Mapping) and isinstance(keyword, str) and keyword in parent:
            judge = Draft4Validator(_keyword_schema(parent, keyword))
            try:
                self._explain(judge, value, where)
            except InvalidBody as reason:
                return reason
        # jsonschema sees nothing wrong where the fast validator did (they are tested to agree):
        # its own words, rather than accepting what it refused.
        at = f" at {_location(where)}" if where else ""
        return InvalidBody(one_line(f"invalid {SEED_SCHEMA}{at}: {error.message}"), tuple(where))

    def _explain(
        self, validator: Draft4Validator, instance: Any, where: Sequence[str | int]
    ) -> None:
        """InvalidBody with the best of the first few errors `validator` finds in `instance`
        (found at `where` in the body); nothing if it finds none."""
        error: ValidationError | None = best_match(
            itertools.islice(validator.iter_errors(instance), ERRORS_EXAMINED)
        )
        if error is None:
            return
        location = _location([*where, *error.absolute_path])
        at = f" at {location}" if location else ""
        message = error.message
        if len(message) > REASON_LIMIT:
            # jsonschema quotes the offending value in full; quote a long one in short instead,
            # so that the capped line still says what is wrong with it.
            message = message.replace(repr(error.instance), _SHORT.repr(error.instance), 1)
        raise InvalidBody(
            one_line(f"invalid {SEED_SCHEMA}{at}: {message}"),
            (*where, *error.absolute_path),
        )
