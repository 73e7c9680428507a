"""What a hostile server or a generated case puts in a string stays inert in every sink (in
process; the shells are real: dash, the POSIX sh of Debian, and bash)."""

from __future__ import annotations

import json
import stat
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from pieces_contract import inert

HOSTILE = [
    "$(touch {marker})",
    "`touch {marker}`",
    'it\'s "quoted" \\ back',
    "100% %s %n",
    "\x1b[2J\x1b]0;t\x07 clear",
    "\r\t tab and return",
    "caf\u00e9 \u202eevil",
    "\x7f\x9b2J",
]


@pytest.mark.parametrize("shell", ["dash", "bash"])
@pytest.mark.parametrize("template", HOSTILE)
def test_shell_word_is_sent_as_text_and_never_run(
    shell: str, template: str, tmp_path: Path
) -> None:
    marker = tmp_path / "ran"
    value = template.format(marker=marker)
    word = inert.shell(value)
    assert inert.visible(word) == word
    done = subprocess.run(
        [shell, "-c", f"printf %s {word}"], capture_output=True, timeout=10, check=True
    )
    assert done.stdout.decode() == value
    assert not marker.exists()


def test_printf_format_pipes_bytes_no_word_can_hold() -> None:
    value = "nul\x00 and trailing newline\n"
    done = subprocess.run(
        ["dash", "-c", f"printf {inert.printf_format(value)}"],
        capture_output=True,
        timeout=10,
        check=True,
    )
    assert done.stdout == value.encode()


def test_visible_escapes_every_terminal_control_but_newline_and_tab() -> None:
    text = "".join(chr(c) for c in range(0xA0)) + "\u202e\u2066"
    shown = inert.visible(text)
    assert {c for c in shown if not c.isprintable()} == {"\t", "\n"}
    assert "\\x1b" in shown
    assert "\\u202e" in shown


def test_visible_text_makes_valid_xml() -> None:
    node = ET.Element("failure", message=inert.visible("\x00\x0c\ufffe"))
    node.text = inert.visible("".join(chr(c) for c in range(0x20)) + "\ud800")
    parsed = ET.fromstring(ET.tostring(node, encoding="unicode"))
    assert parsed.get("message") == "\\x00\\x0c\\ufffe"


def test_markdown_leaves_no_markup() -> None:
    shown = inert.markdown("# *bold* [link](x) <img src=x> | `code`\n- item")
    assert "<" not in shown
    assert "\n" not in shown
    # Every character Markdown gives a meaning is escaped.
    unescaped = [
        c for i, c in enumerate(shown) if c in "#*[]()`|-" and (i == 0 or shown[i - 1] != "\\")
    ]
    assert unescaped == []


def test_secrets_are_masked_as_typed_and_as_json_spells_them() -> None:
    secrets = inert.Secrets(['k"e\\y'])
    text = 'key k"e\\y, in JSON ' + json.dumps({"h": 'k"e\\y'})
    assert "e\\y" not in secrets.mask(text)
    assert secrets.mask(text).count(inert.REPLACEMENT) == 2


def test_mask_file_masks_and_leaves_the_file_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "events.ndjson"
    path.write_text('{"X-Application-ID": "s3cret"}\n')
    path.chmod(0o644)
    inert.Secrets(["s3cret"]).mask_file(path)
    assert path.read_text() == '{"X-Application-ID": "[Filtered]"}\n'
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
