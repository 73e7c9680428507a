"""The reports of a run: failures grouped by check, the summary table, JUnit, the HTML page.

Every report uses the same check names (schemathesis' own and ours), the same levels and the
same reproduction lines, so a failure reads the same in the terminal, in CI and in the browser.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pieces_contract import basis, inert, spec
from pieces_contract.results import PHASES, Failure, Results

# The lines of schemathesis' warnings summary ("  ⚠️ Missing test data: 1 operation ...");
# a warning fails the run (schemathesis.toml).
WARNING = re.compile(r"^\s*\u26a0\ufe0f?\s*(\S.*?)\s*$", re.MULTILINE)
# The one variable that holds the key: the CLI reads it, and every printed line names it.
KEY_VARIABLE = "CONTRACT_API_KEY"
# Checks that judge a create by a follow-up snapshot.
FOLLOWS_CREATE = frozenset({"created_distribution_is_listed"})
# Headers a reproduction line leaves out: the client sets them itself.
NOISE_HEADERS = frozenset(
    {
        "user-agent",
        "accept-encoding",
        "connection",
        "content-length",
        "accept",
        "x-schemathesis-testcaseid",
    }
)
SHOWN_PER_GROUP = 2


@dataclass(frozen=True)
class Selection:
    """The operations a run was limited to (--operation, --tag), and those it left out."""

    left_out: frozenset[str] = frozenset()
    how: str = ""

    @classmethod
    def of(
        cls, document: Mapping[str, Any], operation_ids: Sequence[str], tags: Sequence[str]
    ) -> Selection:
        if not operation_ids and not tags:
            return cls()
        left_out = frozenset(
            operation.label
            for operation in spec.operations_of(document)
            if operation.operation_id not in operation_ids
            and not set(operation.raw.get("tags") or ()) & set(tags)
        )
        how = ", ".join(
            [*(f"--operation {o}" for o in operation_ids), *(f"--tag {t}" for t in tags)]
        )
        return cls(left_out, how)


def classify(found: Results, document: Mapping[str, Any]) -> None:
    """Mark each failure with the level it breaks: `upstream` (both) or `strict` (ours only)."""
    added = spec.additions(document)
    added_operations = spec.added_operations(document)
    for failure in found.failures:
        status = str(failure.status) if failure.status is not None else ""
        failure.level = basis.level_of(
            failure.check,
            failure.mode,
            status in added.get(failure.operation, ()),
            failure.operation in added_operations,
        )


def warnings_in(log: str) -> list[str]:
    """The warnings schemathesis summed up, once each."""
    return list(dict.fromkeys(match.group(1) for match in WARNING.finditer(log)))


def _request_lines(failure: Failure) -> list[str]:
    """The exact request a probe sent: request line, headers, body."""
    lines = [f"{failure.method} {failure.uri}"]
    lines += [f"{name}: {value}" for name, value in failure.request_headers.items()]
    if failure.request_body is not None:
        lines.append(failure.request_body.decode("utf-8", "replace")[:200])
    return lines


def _base(uri: str) -> str:
    parts = urlsplit(uri)
    return f"{parts.scheme}://{parts.netloc}"


def curl_line(failure: Failure, base_url: str, document: Mapping[str, Any]) -> str:
    """A shell line that reproduces the failing request from any folder, in any POSIX shell.

    Every value is quoted for the shell (inert.shell): whatever a generated case or a --header
    holds, `$(...)` included, is sent, never run, and no control character reaches the
    terminal. The key is named by its variable (`"$CONTRACT_API_KEY"`), never written out.
    A delete that succeeded named a distribution that existed then; the line creates one first
    and deletes that, instead of naming an id the run has deleted since.
    """
    operations = spec.find_operations(document)
    key_header = spec.key_header(document).lower()
    parts = urlsplit(failure.uri)
    # The request went to base_url + the operation's path: a base URL with a path of its own
    # (a server behind a reverse proxy) is already in the recorded path once.
    prefix = urlsplit(base_url).path.rstrip("/")
    path = parts.path.removeprefix(prefix) if parts.path.startswith(prefix + "/") else parts.path
    url = base_url + path + (f"?{parts.query}" if parts.query else "")
    headers = []
    unsendable = []
    for name, value in failure.request_headers.items():
        if name.lower() in NOISE_HEADERS:
            continue
        if name.lower() == key_header and (
            value == inert.REPLACEMENT or value in inert.SECRETS.values
        ):
            # The run's key (masked in the recording); a wrong key a check sent stays as sent.
            headers.append(f'-H {inert.shell(name + ": ")}"${KEY_VARIABLE}"')
        elif any(c in value for c in "\0\r\n"):
            unsendable.append(name)
        else:
            headers.append(f"-H {inert.shell(f'{name}: {value}')}")
    method = f"-X {inert.shell(failure.method)}"
    body = feed = ""
    if failure.request_body is not None:
        text = failure.request_body.decode("utf-8", "surrogateescape")
        if inert.has_nul(text) or inert.visible(text) != text or "\r" in text:
            # Exactly these bytes, spelled for printf and piped: no shell word holds NUL.
            feed = f"printf {inert.printf_format(text)} | "
            body = " --data-binary @-"
        else:
            body = f" --data-binary {inert.shell(text)}"
    steps = []
    if failure.operation == operations.delete.label and failure.status == 204:
        create = base_url + operations.create.path
        pointer = operations.id_pointer
        pick = (
            "import functools,json,sys,urllib.parse; print(urllib.parse.quote(str("
            'functools.reduce(lambda d, k: d[k], sys.argv[1].strip("/").split("/"), '
            'json.load(sys.stdin))), safe=""))'
        )
        steps.append(
            f"ID=$(curl -s -X POST {inert.shell(create)} -H 'Content-Type: application/json' "
            f"-d '{{}}' | python3 -c {inert.shell(pick)} {inert.shell(pointer)})"
        )
        placeholder = "{" + operations.delete_parameter + "}"
        before, _, after = (base_url + operations.delete.path).partition(placeholder)
        target = f'{inert.shell(before)}"$ID"{inert.shell(after) if after else ""}'
        steps.append(f"{feed}curl -i {method} {' '.join(headers)} {target}{body}")
    else:
        steps.append(f"{feed}curl -i {method} {' '.join(headers)} {inert.shell(url)}{body}")
    if failure.check in FOLLOWS_CREATE or failure.operation == operations.delete.label:
        steps.append(f"curl -s {inert.shell(base_url + operations.snapshot.path)}")
    line = " && ".join(step.replace("  ", " ") for step in steps)
    if unsendable:
        line += (
            f"  # leaves out {', '.join(unsendable)}: a NUL byte or line break no curl "
            "argument can carry (the replay line sends it)"
        )
    return line


def failures_text(found: Results, level: str, replay: str, base_url: str) -> str:
    if not found.failures:
        return ""  # the final line says whether the run passed, and why not
    by_check: dict[str, list[list[Failure]]] = {}
    for group in found.grouped().values():
        by_check.setdefault(group[0].check, []).append(group)
    lines = [f"contract: {len(found.failures)} failure(s) in {len(by_check)} check(s), by check:"]
    for check in sorted(by_check):
        groups = by_check[check]
        total = sum(len(g) for g in groups)
        lines.append("")
        lines.append(f"== {check}: {total} failing case(s)")
        for group in groups[:SHOWN_PER_GROUP]:
            first = group[0]
            breaks = "upstream and strict" if first.level == "upstream" else "strict only"
            counted = "" if level == "strict" or first.level == "upstream" else " (not counted)"
            if first.known:
                counted += " [known: in the baseline, not counted]"
            lines.append(f"-- {first.operation}: {first.title} [breaks {breaks}]{counted}")
            lines.extend(f"   {m}" for m in first.message.strip().splitlines()[:6])
            if check in basis.BASES:
                lines.append(f"   rests on: {basis.BASES[check].cite()}")
            if first.phase == "probes":
                lines.append("   request sent:")
                lines.extend(f"     > {m}" for m in _request_lines(first))
            lines.append(f"   answer: {first.status} {first.media_type or '(no content type)'}")
            lines.extend(f"   | {m}" for m in first.body.splitlines())
            lines.append("   reproduce:")
            if first.phase != "probes":
                lines.append(f"     {replay} --case {first.case_id}")
            lines.append(f"     {first.curl}")
            if len(group) > 1:
                lines.append(f"   ({len(group) - 1} more case(s) fail the same way)")
        if len(groups) > SHOWN_PER_GROUP:
            lines.append(
                f"   ({len(groups) - SHOWN_PER_GROUP} more kind(s) of failure; see the HTML page)"
            )
    return "\n".join(lines)


def attach_reproductions(found: Results, base_url: str, document: Mapping[str, Any]) -> None:
    for failure in found.failures:
        failure.curl = curl_line(failure, base_url, document)


def coverage_rows(
    found: Results, document: Mapping[str, Any], selection: Selection = Selection()
) -> list[tuple[str, str, str, str, bool]]:
    """(operation, status, media type, seen / NEVER SEEN / left out, an addition) per
    documented response and media type."""
    added = spec.additions(document)
    rows = []
    for operation, statuses in spec.documented(document).items():
        for status, media_types in statuses.items():
            seen = found.seen.get(operation, {}).get(status, set())
            extra = status in added.get(operation, ())
            for media in media_types or [""]:
                hit = (media in seen) if media else bool(seen)
                verdict = "seen" if hit else "NEVER SEEN"
                if operation in selection.left_out:
                    verdict = "left out"
                rows.append((operation, status, media or "(no body)", verdict, extra))
    return rows


def check_rows(found: Results) -> list[tuple[str, int, int, int]]:
    totals: dict[str, list[int]] = {}
    for (_, check), tally in found.checks.items():
        row = totals.setdefault(check, [0, 0, 0])
        row[0] += tally["success"]
        row[1] += tally["failure"]
    # schemathesis records no result for a check that skipped a case: the rest of the cases.
    # A probe's check judges its own requests only.
    for name, row in totals.items():
        row[2] = 0 if name in found.probe_checks else found.total_cases - row[0] - row[1]
    return [(name, *totals[name]) for name in sorted(totals)]  # type: ignore[misc]


def summary_text(
    found: Results, document: Mapping[str, Any], selection: Selection = Selection()
) -> str:
    rows = [
        f"contract summary: {len(found.operations)} operations, {found.total_cases} cases, "
        f"{found.probes} probes" + (f", seed {found.seed}" if found.seed is not None else "")
    ]
    if selection.left_out:
        rows.append(f"  left out ({selection.how}): " + ", ".join(sorted(selection.left_out)))
    for phase in PHASES:
        extra = f" in {found.scenarios[phase]} scenarios" if phase == "stateful" else ""
        rows.append(f"  phase {phase:<10} {found.cases[phase]:>6} cases{extra}")
    for name, passed, failed, skipped in check_rows(found):
        rows.append(
            f"  check {name:<32} {passed:>6} passed {failed:>4} failed {skipped:>6} not applicable"
        )
    rows.append("  coverage (documented status, media type, level that documents it: seen?)")
    for operation, status, media, verdict, added in coverage_rows(found, document, selection):
        level = "strict" if added else "upstream"
        rows.append(f"    {operation:<42} {status:>4} {media:<18} {level:<8} {verdict}")
    return "\n".join(rows)


def write_junit(found: Results, path: Path) -> None:
    """One test case per operation and check; its failures, grouped, as the failure text.

    Every string passes through inert.visible: characters XML 1.0 forbids (which a server's
    body or media type may hold) would make the whole file unreadable to CI.
    """

    def x(text: str) -> str:
        return inert.visible(inert.mask(text))

    suites = ET.Element("testsuites", name="pieces-contract")
    by_operation: dict[str, list[tuple[str, Any]]] = {}
    for (operation, check), tally in sorted(found.checks.items()):
        by_operation.setdefault(operation, []).append((check, tally))
    total_failures = total_tests = 0
    for operation, checks in by_operation.items():
        suite = ET.SubElement(suites, "testsuite", name=x(operation))
        failures = 0
        for check, tally in checks:
            case = ET.SubElement(suite, "testcase", classname=x(operation), name=x(check))
            mine = [
                f
                for f in found.failures
                if f.operation == operation and f.check == check and not f.known
            ]
            known = any(
                f.known and f.operation == operation and f.check == check for f in found.failures
            )
            if mine:
                failures += 1
                node = ET.SubElement(
                    case, "failure", message=x(mine[0].title), type=x(mine[0].level)
                )
                node.text = x(
                    "\n\n".join(
                        f"{f.title} [breaks {f.level}]\n{f.message}\nreproduce: {f.curl}"
                        for f in mine[:5]
                    )
                )
            elif known:
                ET.SubElement(case, "skipped", message="known failures only (in the baseline)")
            elif not tally["success"]:
                ET.SubElement(case, "skipped", message="no response this check applies to")
        suite.set("tests", str(len(checks)))
        suite.set("failures", str(failures))
        total_failures += failures
        total_tests += len(checks)
    suites.set("tests", str(total_tests))
    suites.set("failures", str(total_failures))
    with inert.private_file(path, "wb") as out:
        ET.ElementTree(suites).write(out, encoding="utf-8", xml_declaration=True)


STYLE = """
body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:1em 0}
td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}
th{background:#eee}.seen{background:#dfd}.never{background:#fdd}.fail{background:#fdd}.pass{background:#dfd}
.known{background:#eee;color:#555;font-size:80%;padding:.1em .4em;border-radius:.3em}
pre{background:#f6f6f6;padding:.5em;white-space:pre-wrap;word-break:break-all}
"""


def write_html(
    found: Results,
    document: Mapping[str, Any],
    path: Path,
    level: str,
    replay: str,
    base_url: str,
    client_defects: Sequence[Any] = (),
    selection: Selection = Selection(),
) -> None:
    """One self-contained page: coverage, checks and what each rests on, failures with their
    reproduction (a probe's with the exact request it sent).

    Every string is escaped for HTML after inert.visible: a server's body shows its control
    characters as escapes, and its markup as text.
    """

    def e(text: object) -> str:
        return html.escape(inert.visible(inert.mask(str(text))))

    out = [
        "<!doctype html><html lang=en><head><meta charset=utf-8>",
        "<title>pieces-contract report</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<h1>Contract run against {e(base_url)}</h1>",
        f"<p>{found.total_cases} cases, {found.probes} probes, seed {found.seed}, "
        f"level {e(level)}, {len(found.failures)} failure(s).</p>",
        "<h2>Documented responses</h2>",
    ]
    if selection.left_out:
        out.append(
            f"<p>Left out by {e(selection.how)}: {e(', '.join(sorted(selection.left_out)))}</p>"
        )
    out.append(
        '<table id="coverage"><tr><th>operation</th><th>status</th><th>media type</th>'
        "<th>documented by</th><th>seen</th></tr>"
    )
    for operation, status, media, verdict, extra in coverage_rows(found, document, selection):
        css = "seen" if verdict == "seen" else "never"
        by = "our spec only (x-addition)" if extra else "upstream and our spec"
        out.append(
            f"<tr><td>{e(operation)}</td><td>{e(status)}</td><td>{e(media)}</td>"
            f'<td>{by}</td><td class="{css}">{e(verdict.lower())}</td></tr>'
        )
    out.append("</table><h2>Checks</h2>")
    out.append(
        '<table id="checks"><tr><th>check</th><th>passed</th><th>failed</th>'
        "<th>not applicable</th><th>rests on</th></tr>"
    )
    for name, passed, failed, skipped in check_rows(found):
        css = "fail" if failed else "pass"
        cited = basis.BASES[name].cite() if name in basis.BASES else "schemathesis' built-in check"
        out.append(
            f'<tr class="{css}"><td>{e(name)}</td><td>{passed}</td><td>{failed}</td>'
            f"<td>{skipped}</td><td>{e(cited)}</td></tr>"
        )
    out.append("</table><h2>Failures</h2>")
    if not found.failures:
        out.append("<p>None.</p>")
    for group in found.grouped().values():
        first = group[0]
        mark = ' <span class="known">known (baseline)</span>' if first.known else ""
        css = ' class="known-failure"' if first.known else ""
        out.append(
            f"<h3{css}>{e(first.check)}: {e(first.operation)}: {e(first.title)} "
            f"(breaks {e(first.level)}, {len(group)} case(s)){mark}</h3>"
        )
        out.append(f"<pre>{e(first.message)}</pre>")
        if first.check in basis.BASES:
            out.append(f"<p>Rests on: {e(basis.BASES[first.check].cite())}</p>")
        if first.phase == "probes":
            out.append(f"<p>Request sent:</p><pre>{e(chr(10).join(_request_lines(first)))}</pre>")
        out.append(f"<p>Answer: {first.status} {e(first.media_type)}</p><pre>{e(first.body)}</pre>")
        again = "" if first.phase == "probes" else f"{replay} --case {first.case_id}\n"
        out.append(f"<p>Reproduce:</p><pre>{e(again + first.curl)}</pre>")
    out.append('<h2 id="client-defects">Client defects</h2>')
    out.append(
        "<p>Responses the spec allows that the generated client (pieces_distributions) could "
        "not read, or read with loss: the client's fault, not the server's.</p>"
    )
    if not client_defects:
        out.append("<p>None.</p>")
    for defect in client_defects:
        out.append(
            f"<h3>{e(defect.operation)} {defect.status}: the client {e(defect.kind)}</h3>"
            f"<pre>{e(defect.detail)}</pre><p>case {e(defect.case_id)}</p>"
        )
    out.append("</body></html>")
    inert.write_private(path, "\n".join(out))
