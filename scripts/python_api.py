"""What a spec change does to Python code using `pieces_distributions`, found with griffe.

The client is generated from each spec into a folder of its own (the caller runs the Makefile's
generator command), both packages are loaded statically with griffe and compared with
`griffe.find_breaking_changes`, the check behind `griffe check`. Generated models are attrs
classes whose `__init__` exists only at run time, so a small griffe extension writes it from the
class attributes (as griffe's own dataclasses extension does for dataclasses): without it a
property that becomes required, or a new required one, would not show as a new required
`__init__` argument.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import griffe

PACKAGE = "pieces_distributions"
_ATTRS_DECORATORS = {"attrs.define", "attr.define", "attrs.frozen", "attr.s", "attrs.mutable"}


@dataclass(frozen=True)
class ApiChange:
    """One change of the public Python API: the object's dotted path, and why it matters."""

    path: str
    breaking: bool
    why: str


class AttrsInit(griffe.Extension):
    """Gives each attrs class the `__init__` that attrs would generate at run time."""

    def on_class_members(self, *, cls: griffe.Class, **kwargs: Any) -> None:
        if not any(d.callable_path in _ATTRS_DECORATORS for d in cls.decorators):
            return
        if "__init__" in cls.members:
            return
        parameters = [griffe.Parameter("self", kind=griffe.ParameterKind.positional_or_keyword)]
        for name, member in cls.members.items():
            if not isinstance(member, griffe.Attribute) or name.startswith("_"):
                continue
            if "instance-attribute" not in member.labels or member.annotation is None:
                continue
            value = member.value
            if value is not None and "init=False" in str(value).replace(" ", ""):
                continue
            parameters.append(
                griffe.Parameter(
                    name,
                    annotation=member.annotation,
                    kind=griffe.ParameterKind.positional_or_keyword,
                    default=value,
                )
            )
        init = griffe.Function(
            "__init__",
            lineno=cls.lineno,
            endlineno=cls.lineno,
            parameters=griffe.Parameters(*parameters),
            returns="None",
        )
        cls.set_member("__init__", init)


def load(folder: Path) -> griffe.Module:
    """The generated package under `folder`, read statically (nothing is imported)."""
    logging.getLogger("griffe").setLevel(logging.ERROR)
    loaded = griffe.load(
        PACKAGE,
        search_paths=[str(folder)],
        try_relative_path=False,
        extensions=griffe.load_extensions(AttrsInit),
    )
    assert isinstance(loaded, griffe.Module)
    return loaded


def _public(obj: griffe.Object | griffe.Alias, seen: set[str]) -> Iterator[str]:
    for name, member in obj.members.items():
        if name.startswith("_") and name != "__init__":
            continue
        if isinstance(member, griffe.Alias) or member.path in seen:
            continue
        seen.add(member.path)
        yield member.path
        if member.kind in (griffe.Kind.MODULE, griffe.Kind.CLASS):
            yield from _public(member, seen)


def api_changes(old_folder: Path, new_folder: Path) -> list[ApiChange]:
    """Breaking changes (from griffe) and additions of public objects, old -> new."""
    old, new = load(old_folder), load(new_folder)
    found = [
        ApiChange(breakage.obj.path, not _keyword_only_move(breakage), _why(breakage))
        for breakage in griffe.find_breaking_changes(old, new)
    ]
    old_paths, new_paths = set(_public(old, set())), set(_public(new, set()))
    found += [
        ApiChange(path, False, "added to the public API") for path in sorted(new_paths - old_paths)
    ]
    return found


def _keyword_only_move(breakage: griffe.Breakage) -> bool:
    """A moved parameter that has a default before and after: only positional callers notice.

    attrs puts a model's required arguments first and the optional ones after, in spec order, so
    a property added anywhere but at the end moves the optional arguments behind it. We count
    that as safe (our rule, not griffe's): the README and the generated docs pass model fields
    by keyword, and keyword callers are unaffected; the report still lists it.
    """
    old, new = breakage.old_value, breakage.new_value
    return (
        breakage.kind is griffe.BreakageKind.PARAMETER_MOVED
        and isinstance(old, griffe.Parameter)
        and isinstance(new, griffe.Parameter)
        and old.default is not None
        and new.default is not None
    )


def _why(breakage: griffe.Breakage) -> str:
    why = breakage.kind.value + _detail(breakage)
    if _keyword_only_move(breakage):
        why += " (an optional argument: keyword callers are unaffected)"
    return why


def _detail(breakage: griffe.Breakage) -> str:
    old, new = breakage.old_value, breakage.new_value
    name = getattr(old, "name", None) or getattr(new, "name", None)
    if isinstance(old, griffe.Parameter) or isinstance(new, griffe.Parameter):
        return f": {name}"
    if old is None and new is None:
        return ""
    if isinstance(old, griffe.Object) or isinstance(new, griffe.Object):
        return ""
    return f": {old} -> {new}"
