"""The README's discover() example runs as written against our reference server."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reference_server.launcher import LiveServer

README = Path(__file__).resolve().parents[2] / "README.md"
# Its own fence info string, so tests/live/test_readme.py (plain ```python blocks) leaves it.
FENCE = re.compile(r"```python discover\n(.*?)```", re.DOTALL)


def test_readme_discover_example_finds_the_server(
    reference: LiveServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    [code] = FENCE.findall(README.read_text(encoding="utf-8"))
    # PIECES_OS_URL points it at this test's server: other servers on 39300-39333 of this
    # machine (other test runs, a real Pieces OS) must not decide what it finds.
    monkeypatch.setenv("PIECES_OS_URL", reference.base_url)
    monkeypatch.setenv("PIECES_OS_CONFIG_DIR", str(tmp_path))
    exec(compile(code, "README.md discover example", "exec"), {"__name__": "readme"})
    assert capsys.readouterr().out.startswith(reference.base_url + " ")
