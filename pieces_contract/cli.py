"""`pieces-contract`: hold a server to the Pieces OS Distributions contract, from any folder."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from pieces_contract import clientcheck, exchanges, inert, results, runner

ENV_KEY = runner.KEY_VARIABLE


def _header(text: str) -> str:
    name, colon, value = text.partition(":")
    if not colon or not name.strip():
        raise argparse.ArgumentTypeError(f"expected 'Name: value', got {text!r}")
    return f"{name.strip()}: {value.strip()}"


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--api-key",
        default=os.environ.get(ENV_KEY) or None,
        help=f"sent as {runner.AUTH_HEADER} on every request (default: ${ENV_KEY})",
    )
    parser.add_argument(
        "--header",
        action="append",
        default=[],
        type=_header,
        metavar="'Name: value'",
        help="an extra header on every request, follow-ups of the checks included (repeatable)",
    )


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="pieces-contract",
        description="Contract tests for a Pieces OS Distributions API server (schemathesis, "
        "driven by the bundled openapi.yaml). Reports go to ./reports/.",
    )
    commands = top.add_subparsers(dest="command", required=True)
    run = commands.add_parser(
        "run",
        help="test a server against the spec",
        description="Test a server against the spec; reports go to ./reports/.",
    )
    run.add_argument("--base-url", help="the server to test (default: start our reference server)")
    _common(run)
    run.add_argument("--profile", choices=sorted(runner.PROFILES), default="ci")
    run.add_argument(
        "--level",
        choices=runner.LEVELS,
        default="strict",
        help="strict: the whole spec; upstream: only what the upstream API page documents "
        "(responses marked x-addition are not required)",
    )
    run.add_argument("--max-failures", type=_positive, help="stop after this many failures")
    run.add_argument(
        "--security",
        action="store_true",
        help="also probe DNS rebinding and cross-site requests (expects 403 or 421)",
    )
    run.add_argument("--seed", type=int, help="the seed of the cases (deep: random by default)")
    run.add_argument("--workers", type=_positive, help="concurrent schemathesis workers")
    run.add_argument(
        "--phases",
        type=_phases,
        help="only these schemathesis phases (examples,coverage,fuzzing,stateful)",
    )
    run.add_argument(
        "--jobs",
        type=int,
        choices=(1, 2),
        help="schemathesis processes: 2 runs the stateful phase beside the others "
        "(default: 2 where two cores are free to use, else 1)",
    )
    run.add_argument("--max-examples", type=_positive, help="cases per operation and phase")
    run.add_argument(
        "--operation",
        action="append",
        default=[],
        metavar="OPERATION_ID",
        help="only this operation (repeatable; with --tag: either); the rest is reported as "
        "left out, e.g. for a server with the page's three operations alone",
    )
    run.add_argument(
        "--tag", action="append", default=[], help="only the operations with this tag (repeatable)"
    )
    run.add_argument(
        "--volume",
        type=int,
        help="creates a snapshot must list all of (default: 0 in ci, "
        f"{runner.VOLUME['deep']} in deep); deleted afterwards",
    )
    run.add_argument("--spec", type=Path, help="another copy of openapi.yaml to test against")
    run.add_argument("--reports", type=Path, default=Path("reports"), help="default: ./reports")
    run.add_argument(
        "--max-time",
        type=_positive,
        metavar="SECONDS",
        help="the run's time budget: "
        + "; ".join(f"{name} {seconds:.0f}s" for name, seconds in runner.MAX_TIME.items())
        + " by default (ci stops when its cases are done, deep fuzzes until it is spent); a run "
        "stopped by it says so and still writes its reports",
    )
    run.add_argument(
        "--client-defects",
        choices=clientcheck.CHOICES,
        help="whether a response the spec allows that the generated client cannot read back "
        "whole fails the run (default: fail when the run starts our reference server, report "
        "otherwise)",
    )
    run.add_argument(
        "--baseline",
        type=Path,
        metavar="FILE",
        help="accepted failures: a failure whose check, operation and status are in FILE is "
        "reported as known and does not fail the run",
    )
    run.add_argument(
        "--write-baseline",
        action="store_true",
        help="add this run's failures to the --baseline FILE (created when missing)",
    )
    run.add_argument(
        "--quiet", action="store_true", help="no progress line (never shown when not a terminal)"
    )
    run.add_argument(
        "--keep-exchanges",
        choices=exchanges.CHOICES,
        default=exchanges.FAILING,
        help="which requests and responses the event log and HAR file keep (default: those of "
        "the failing cases)",
    )
    rep = commands.add_parser(
        "replay",
        help="re-send the failing cases of a run and say which still fail",
        description="Re-send the failing cases of a run to a server (schemathesis' replay of "
        "the run's crash files) and say which still fail, which are fixed (the same check "
        "passed on the same request) and which cannot be judged without the whole run. "
        "RECORDING is the run's reports folder or a file in it.",
    )
    rep.add_argument("recording", type=Path)
    rep.add_argument("--base-url", required=True, help="the server to send them to")
    _common(rep)
    rep.add_argument("--case", action="append", default=[], help="only this case id (repeatable)")
    return top


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C's KeyboardInterrupt so the same clean-up runs."""


def _terminated(signum: int, frame: object) -> None:
    raise Terminated


def _phases(text: str) -> list[str]:
    chosen = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in chosen if name not in results.PHASES]
    if unknown or not chosen:
        named = ", ".join(unknown) or repr(text)
        raise argparse.ArgumentTypeError(
            f"unknown phase {named}: choose from {','.join(results.PHASES)}"
        )
    return chosen


def main(argv: Sequence[str] | None = None) -> int:
    top = parser()
    args = top.parse_args(argv)
    if args.command == "run" and args.write_baseline and args.baseline is None:
        top.error("--write-baseline needs --baseline FILE")
    # Whatever any part prints passes through one filter: the key masked, and no control
    # character a server sent reaches the terminal (pieces_contract/inert.py).
    if not isinstance(sys.stdout, inert.InertStream):
        sys.stdout = inert.InertStream(sys.stdout)
        sys.stderr = inert.InertStream(sys.stderr)
    inert.SECRETS.add(args.api_key)
    signal.signal(signal.SIGTERM, _terminated)
    if args.command == "run":
        return runner.run(
            runner.Options(
                base_url=args.base_url,
                api_key=args.api_key,
                headers=args.header,
                profile=args.profile,
                level=args.level,
                max_failures=args.max_failures,
                security=args.security,
                seed=args.seed,
                spec_path=args.spec,
                reports=args.reports,
                workers=args.workers,
                operation_ids=args.operation,
                tags=args.tag,
                volume=args.volume,
                max_time=args.max_time,
                quiet=args.quiet,
                keep_exchanges=args.keep_exchanges,
                client_defects=args.client_defects,
                baseline=args.baseline,
                write_baseline=args.write_baseline,
                phases=args.phases,
                jobs=args.jobs,
                extra=["--max-examples", str(args.max_examples)] if args.max_examples else [],
            )
        )
    # Imported here: replay's subprocess is not on the way of a run's start.
    from pieces_contract import replay

    return replay.replay(args.recording, args.base_url, args.api_key, args.header, args.case)


def entry() -> None:
    try:
        code = main()
    except KeyboardInterrupt as stop:
        # The schemathesis child and a server the run started are stopped by now (their
        # context managers ran while this unwound).
        name = "SIGTERM" if isinstance(stop, Terminated) else "SIGINT"
        print(f"contract: stopped by {name}", file=sys.stderr)
        code = 143 if isinstance(stop, Terminated) else 130
    sys.exit(code)
