"""What a hostile server sends, made harmless wherever the tool prints or writes it.

The server under test controls bodies, media types, header values and reason phrases, and
schemathesis' negative cases put arbitrary characters into requests: any of it may end up in the
terminal, the HTML page, the JUnit file, a Markdown summary or a shell line. Each sink has its
function here:

- `visible`: control characters (escape sequences, carriage returns, NUL, C1 controls), bidi
  overrides and characters XML 1.0 forbids become printable escapes (`\\x1b`, `\\u202e`), so a
  string can neither drive the terminal nor break an XML file. Newlines and tabs stay.
- `one_line`: `visible` with newlines and tabs escaped too.
- `markdown`: `visible`, then Markdown and HTML syntax escaped.
- `shell`: one word for any POSIX shell, whatever it holds (`$(...)` never runs).
- `mask` and `Secrets`: the API key (and other secret header values) replaced by `[Filtered]`,
  schemathesis' own replacement, in text and in report files.
- `private_file`, `private_dir`: reports readable by their owner only.
- `InertStream`: what `pieces-contract` prints goes through `mask` and `visible`.
"""

from __future__ import annotations

import json
import os
import re
import shlex
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

# schemathesis' replacement for the values it sanitizes (its `output.sanitization` default).
REPLACEMENT = "[Filtered]"

# C0 controls but tab and newline, DEL and the C1 controls, the bidi embeddings, overrides and
# isolates (they reorder what the terminal shows), lone surrogates and the two non-characters
# XML 1.0 forbids.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)
_UNSAFE_LINE = re.compile(_UNSAFE.pattern[:-1] + "\t\n]")
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code == 0x09:
        return "\\t"
    if code == 0x0A:
        return "\\n"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: str) -> str:
    """The text with every character that could drive a terminal or break XML escaped."""
    return _UNSAFE.sub(_escape, text)


def one_line(text: str) -> str:
    """`visible`, on one line: newlines and tabs escaped too."""
    return _UNSAFE_LINE.sub(_escape, text)


def markdown(text: str) -> str:
    """Inert in a Markdown document (GitHub's job summary included): no markup, no HTML."""
    escaped = _MARKDOWN.sub(r"\\\1", one_line(text))
    return escaped.replace("&", "&amp;").replace("<", "&lt;")


def printf_format(value: str) -> str:
    """A quoted `printf` format that prints exactly `value` (UTF-8), in any POSIX shell."""
    spelled: list[str] = []
    for char in value:
        if _UNSAFE_LINE.match(char):
            try:
                # A body's bytes that were not UTF-8 come back as they were read.
                raw = char.encode("utf-8", "surrogateescape")
            except UnicodeEncodeError:
                raw = char.encode("utf-8", "surrogatepass")
            spelled.extend(f"\\{byte:03o}" for byte in raw)
        elif char == "\\":
            spelled.append("\\\\")
        elif char == "%":
            spelled.append("%%")
        else:
            spelled.append(char)
    return shlex.quote("".join(spelled))


def shell(value: str) -> str:
    """`value` as one word of any POSIX shell (bash, dash, zsh, ksh): nothing in it runs.

    Printable text is single-quoted (shlex.quote): nothing inside is expanded. Text holding
    control characters would put them raw on the terminal, so it is rebuilt by `printf`, whose
    format spells each one as an octal escape. Command substitution drops trailing newlines and
    no shell word holds NUL: bodies go through `printf_format` and a pipe instead, and a header
    value holding either cannot be sent by curl at all (see `has_nul`).
    """
    if not _UNSAFE_LINE.search(value):
        return shlex.quote(value)
    return f'"$(printf {printf_format(value)})"'


def has_nul(value: str) -> bool:
    return "\0" in value


class Secrets:
    """The secret values of a run: replaced by REPLACEMENT wherever they would be shown."""

    def __init__(self, values: Iterable[str | None] = ()) -> None:
        self.values: list[str] = []
        for value in values:
            self.add(value)

    def add(self, value: str | None) -> None:
        if not value:
            return
        # As typed, and as JSON spells it inside a string (the event log and the HAR file).
        for form in (value, json.dumps(value)[1:-1], json.dumps(value, ensure_ascii=False)[1:-1]):
            if form not in self.values:
                self.values.append(form)
        # Longest first: a form that contains another is replaced whole.
        self.values.sort(key=len, reverse=True)

    def __bool__(self) -> bool:
        return bool(self.values)

    def mask(self, text: str) -> str:
        for value in self.values:
            if value in text:
                text = text.replace(value, REPLACEMENT)
        return text

    def mask_file(self, path: Path) -> None:
        """Rewrite `path` with every secret masked, as bytes, a block of lines at a time
        (reports can be large; a secret never spans a line break)."""
        if not self.values or not path.is_file():
            return
        forms = [value.encode("utf-8", "surrogatepass") for value in self.values]
        replacement = REPLACEMENT.encode()
        temporary = path.with_name(path.name + ".masking")
        with path.open("rb") as source, private_file(temporary, "wb") as target:
            carried = b""
            while block := source.read(1 << 20):
                block = carried + block
                cut = block.rfind(b"\n") + 1
                carried = block[cut:]
                target.write(self._mask_bytes(block[:cut], forms, replacement))
            target.write(self._mask_bytes(carried, forms, replacement))
        temporary.replace(path)

    @staticmethod
    def _mask_bytes(data: bytes, forms: list[bytes], replacement: bytes) -> bytes:
        for form in forms:
            if form in data:
                data = data.replace(form, replacement)
        return data


# The secrets of this process's run: what `mask` and `InertStream` hide.
SECRETS = Secrets()


def mask(text: str) -> str:
    return SECRETS.mask(text)


def private_file(path: Path, mode: str = "w", errors: str = "strict") -> IO[Any]:
    """Open `path` for writing, readable and writable by its owner only (0600), even if it
    existed before with wider permissions."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)
    if "b" in mode:
        return os.fdopen(descriptor, mode)
    return os.fdopen(descriptor, mode, encoding="utf-8", errors=errors, newline="")


def write_private(path: Path, text: str) -> None:
    with private_file(path) as out:
        out.write(text)


def private_dir(path: Path) -> None:
    """Create `path` (and its parents) and make it owner-only (0700)."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.chmod(0o700)


class InertStream:
    """A text stream that masks the run's secrets and escapes control characters.

    Everything `pieces-contract` prints goes through it (`cli.main` installs it on stdout and
    stderr), whichever module printed and whatever the server sent.
    """

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(visible(mask(text)))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()

    def fileno(self) -> int:
        return self.stream.fileno()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)
