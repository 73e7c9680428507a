"""Every example in README.md and docs/ runs as written against a live reference server.

An example is a block fenced exactly as ```python: a whole program, run here unchanged. The
examples find their server with discover(), whose first source is PIECES_OS_URL: pointing it at
this session's server is how they run as written, ports included, and `make serve`'s default
port is what discover() finds when a reader runs them. A fragment that is not a whole program
takes a fence with attributes (```python title="...") and is left alone.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reference_server.launcher import LiveServer

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
FENCE = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)
# A Markdown link or image target that is not a URL or an anchor: a file of the checkout.
LOCAL_LINK = re.compile(r"\]\((?!https?://|#)([^)#\s]+)")


def _examples() -> list[tuple[str, str]]:
    found = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for match in FENCE.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.append((f"{page.relative_to(ROOT)}:{line}", match.group(1)))
    return found


EXAMPLES = _examples()


def test_readme_has_an_example() -> None:
    assert any(where.startswith("README.md:") for where, _ in EXAMPLES)


@pytest.mark.parametrize(("where", "code"), EXAMPLES, ids=[where for where, _ in EXAMPLES])
def test_doc_example_runs_as_written(
    where: str,
    code: str,
    shared_server: LiveServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("PIECES_OS_URL", shared_server.base_url)
    # No Pieces OS port file of this machine may decide anything either.
    monkeypatch.setenv("PIECES_OS_CONFIG_DIR", str(tmp_path))
    exec(compile(code, where, "exec"), {"__name__": "__main__"})
    assert capsys.readouterr().out.strip(), f"{where}: the example is meant to show its result"


def test_readme_links_point_at_files() -> None:
    # mkdocs --strict checks the links of docs/; the README is not part of the site.
    readme = ROOT / "README.md"
    targets = LOCAL_LINK.findall(readme.read_text(encoding="utf-8"))
    assert targets
    assert [target for target in targets if not (ROOT / target).exists()] == []
