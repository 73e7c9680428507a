"""Our template overrides, kept as a diff against the generator's own templates.

Every file under templates/ (except templates/stock/ and README.md) replaces the template of the
same name in openapi-python-client; templates/stock/ holds that template's text, verbatim, for
the version pyproject.toml pins. The generator loads templates by fixed names (model.py.jinja,
property_templates/<name>.py.jinja, ...), so nothing under stock/ is ever rendered.

Usage:
  templates.py check   fail, with a unified diff, when the installed generator's templates
                       differ from templates/stock/ (a version bump shows what upstream changed),
                       when an override has no stock copy, a stock copy no override, or an
                       override loads a stock copy
  templates.py diff    print our overrides as a unified diff against their stock copies

--templates DIR and --upstream DIR point elsewhere (the tests use a copy).
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STOCK = "stock"
# Hand-written modules that a post-hook copies into the package as they are (generator-config.yml):
# not templates, so they have no stock twin.
EXTRA = "extra"
NOT_TEMPLATES = frozenset({"README.md"})
# A template name in quotes that starts with stock/: what an import, include or extends would use.
LOADS_STOCK = re.compile(r"[\"']" + STOCK + "/")


def installed_templates() -> Path:
    """The templates folder of the openapi-python-client this interpreter has installed."""
    import openapi_python_client

    return Path(openapi_python_client.__file__).parent / "templates"


def _relative_files(root: Path) -> set[str]:
    if not root.is_dir():
        return set()
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def overrides(templates: Path) -> list[str]:
    """Relative paths of our overriding templates (stock/, extra/ and the README left out)."""
    return sorted(
        name
        for name in _relative_files(templates)
        if not name.startswith((f"{STOCK}/", f"{EXTRA}/")) and name not in NOT_TEMPLATES
    )


def _diff(old: Path, new: Path, old_label: str, new_label: str) -> list[str]:
    return list(
        difflib.unified_diff(
            old.read_text(encoding="utf-8").splitlines(keepends=True),
            new.read_text(encoding="utf-8").splitlines(keepends=True),
            old_label,
            new_label,
        )
    )


def problems(templates: Path, upstream: Path) -> Iterator[str]:
    """Each way the recorded stock text has drifted from the installed generator, as text."""
    stock = templates / STOCK
    ours, recorded = set(overrides(templates)), _relative_files(stock)
    for name in sorted(ours - recorded):
        yield f"templates/{name}: overrides a template with no stock copy in templates/stock/{name}"
    for name in sorted(recorded - ours):
        yield f"templates/stock/{name}: stock copy of a template we no longer override"
    for name in sorted(ours):
        # A stock copy is a record, never an input: the output must not depend on it.
        if LOADS_STOCK.search((templates / name).read_text(encoding="utf-8")):
            yield f"templates/{name}: loads a template from stock/ (a record, never rendered)"
    for name in sorted(recorded):
        if not (upstream / name).is_file():
            yield f"templates/stock/{name}: the installed generator has no {name} any more"
            continue
        lines = _diff(stock / name, upstream / name, f"templates/stock/{name}", f"installed/{name}")
        if lines:
            yield (
                f"templates/stock/{name}: differs from the installed generator's {name}\n"
                + "".join(lines).rstrip("\n")
            )


def check(templates: Path, upstream: Path) -> int:
    found = list(problems(templates, upstream))
    if not found:
        count = len(overrides(templates))
        print(
            f"check-templates: {count} overrides, each stock copy matches the installed generator"
        )
        return 0
    print("check-templates: templates/stock/ does not match the installed generator")
    for problem in found:
        print(problem)
    print("Port each upstream change into our override, then refresh its stock copy")
    print("(templates/README.md says how).")
    return 1


def diff(templates: Path) -> int:
    for name in overrides(templates):
        stock = templates / STOCK / name
        if not stock.is_file():
            print(f"templates/{name}: no stock copy", file=sys.stderr)
            continue
        sys.stdout.writelines(_diff(stock, templates / name, f"stock/{name}", f"ours/{name}"))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", choices=("check", "diff"))
    parser.add_argument("--templates", type=Path, default=ROOT / "templates")
    parser.add_argument("--upstream", type=Path, default=None, help="default: the installed one")
    args = parser.parse_args(argv)
    if args.mode == "diff":
        return diff(args.templates)
    return check(args.templates, args.upstream or installed_templates())


if __name__ == "__main__":
    sys.exit(main())
