"""The upstream API page (tests/fixtures/seed-page.md), parsed rather than transcribed.

A copy of the upstream TypeScript SDK's documentation of the Distributions API: its operations,
their parameters, return types, media types and statuses. Parsing it keeps every test that reads
it meaning the page even if the copy is refreshed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tests.support.spec import FIXTURES

SEED_PAGE = FIXTURES / "seed-page.md"


@dataclass
class SeedParameter:
    name: str
    type: str
    optional: bool


@dataclass
class SeedOperation:
    operation_id: str
    method: str = ""
    path: str = ""
    parameters: list[SeedParameter] = field(default_factory=list)
    return_type: str = ""
    content_types: list[str] = field(default_factory=list)
    accept: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)


@dataclass
class SeedPage:
    base_url: str
    operations: dict[str, SeedOperation]


def _unescape(text: str) -> str:
    return text.replace("\\{", "{").replace("\\}", "}")


def _media_types(text: str) -> list[str]:
    return [] if text.strip() == "Not defined" else [t.strip() for t in text.split(",")]


def parse_seed_page(text: str) -> SeedPage:
    base = re.search(r"All URIs are relative to \*(\S+?)\*", text)
    assert base, "the page no longer states its base URL"
    found: dict[str, SeedOperation] = {}
    for op_id, method, path in re.findall(
        r"^\[\*\*(\w+)\*\*\]\([^)]*\) \| \*\*([A-Z]+)\*\* (\S+) \|", text, re.MULTILINE
    ):
        found[op_id] = SeedOperation(op_id, method.lower(), _unescape(path))
    sections = re.split(r"^## \*\*(\w+)\*\*.*$", text, flags=re.MULTILINE)
    for op_id, body in zip(sections[1::2], sections[2::2], strict=True):
        op = found.setdefault(op_id, SeedOperation(op_id))
        # In the example code, `// Type | description (optional)` sits above `name: value,`.
        optional = {
            name: "(optional)" in comment
            for comment, name in re.findall(r"//\s*(.*)\n\s*(\w+):", body)
        }
        params = body.split("### Parameters", 1)[1].split("###", 1)[0]
        for row in re.findall(r"^\s*\*\*\w+\*\*.*$", params, re.MULTILINE):
            name, type_name = (re.sub(r"[\[\]*]", "", cell).strip() for cell in row.split("|")[:2])
            op.parameters.append(SeedParameter(name, type_name, optional.get(name, False)))
        returns = body.split("### Return type", 1)[1].strip().splitlines()[0]
        model = re.match(r"\[\*\*(\w+)\*\*\]", returns)
        op.return_type = model.group(1) if model else "void"
        content_type = re.search(r"\*\*Content-Type\*\*: (.+)", body)
        accept = re.search(r"\*\*Accept\*\*: (.+)", body)
        assert content_type, f"{op_id}: no Content-Type line"
        assert accept, f"{op_id}: no Accept line"
        op.content_types = _media_types(content_type.group(1))
        op.accept = _media_types(accept.group(1))
        op.statuses = re.findall(r"^\*\*(\d{3})\*\* \|", body, re.MULTILINE)
    return SeedPage(base.group(1), found)


SEED = parse_seed_page(SEED_PAGE.read_text(encoding="utf-8"))
SEED_OPS = list(SEED.operations.values())
