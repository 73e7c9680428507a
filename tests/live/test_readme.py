"""The README's client examples run as written against a live reference server."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reference_server.launcher import LiveServer

README = Path(__file__).resolve().parents[2] / "README.md"
# The address the examples are written for; each run replaces it with the test server's.
EXAMPLE_URL = "http://127.0.0.1:1000"


def _python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)


def test_readme_has_sync_and_async_examples() -> None:
    blocks = _python_blocks()
    assert len(blocks) >= 2
    assert any("asyncio.run" in block for block in blocks)
    assert all(EXAMPLE_URL in block for block in blocks)


@pytest.mark.parametrize("index", range(len(_python_blocks())))
def test_readme_example_runs(
    index: int, shared_server: LiveServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code = _python_blocks()[index].replace(EXAMPLE_URL, shared_server.base_url)
    exec(compile(code, f"README.md example {index + 1}", "exec"), {"__name__": "readme"})
    printed = capsys.readouterr().out
    assert printed.strip(), "the example is meant to show its result"
