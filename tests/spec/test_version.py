"""The package version is openapi.yaml's info.version: hatchling reads it there, nowhere else."""

from __future__ import annotations

import re
import tomllib

from tests.support.spec import ROOT, load_spec

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_version_pattern_finds_info_version() -> None:
    # The same regular expression hatchling applies to openapi.yaml when it builds the package.
    pattern = PYPROJECT["tool"]["hatch"]["version"]["pattern"]
    found = re.search(pattern, (ROOT / "openapi.yaml").read_text(encoding="utf-8"))
    assert found is not None
    assert found.group("version") == str(load_spec()["info"]["version"])
