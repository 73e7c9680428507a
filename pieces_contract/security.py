"""`--security`: DNS rebinding and cross-site probes, against any server.

A server on the user's own machine must refuse what a web page on another site can make a
browser send it: a request whose Host is not a name the server answers for (DNS rebinding: the
attacker's name re-pointed to 127.0.0.1), and a request the browser marks as cross-site (a
foreign Origin, `Origin: null`, `Sec-Fetch-Site: cross-site`). Each probe expects 403 or 421,
and that nothing was created or deleted. Requests go through http.client, which sends the Host
header exactly as given (an empty one included).
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pieces_contract import bounded, spec

# Per exchange, and for the whole section (8 probes of 3 operations, 3 requests each).
TIMEOUT = bounded.DEADLINE_SECONDS
SECTION_SECONDS = 120.0
REFUSED = (403, 421)
FOREIGN = "evil.attacker.example"


@dataclass(frozen=True)
class Probe:
    name: str
    headers: Mapping[str, str]
    # Replaces the Host header (None: the server's own host:port).
    host: str | None = None


def probes(port: int) -> list[Probe]:
    return [
        Probe("foreign Host", {}, FOREIGN),
        Probe("foreign Host with port", {}, f"{FOREIGN}:{port}"),
        Probe("IP-looking foreign Host", {}, "127.0.0.1.nip.io"),
        Probe("empty Host", {}, ""),
        Probe("foreign Origin", {"Origin": f"http://{FOREIGN}"}),
        Probe("Origin: null", {"Origin": "null"}),
        Probe("Sec-Fetch-Site: cross-site", {"Sec-Fetch-Site": "cross-site"}),
        Probe(
            "Sec-Fetch-Site: cross-site with Origin",
            {"Sec-Fetch-Site": "cross-site", "Origin": f"http://{FOREIGN}"},
        ),
    ]


class Target:
    def __init__(self, base_url: str, headers: Mapping[str, str]) -> None:
        self.server = bounded.Server.at(base_url)
        self.port = self.server.port
        self.headers = dict(headers)
        self.ends = time.monotonic() + SECTION_SECONDS

    def send(
        self, method: str, path: str, probe: Probe | None = None, body: bytes | None = None
    ) -> tuple[int, bytes]:
        left = self.ends - time.monotonic()
        if left <= 0:
            raise bounded.Unanswered(f"the probes took more than {SECTION_SECONDS:g}s in all")
        answer = bounded.exchange(
            self.server,
            method,
            path,
            {
                **self.headers,
                **(probe.headers if probe else {}),
                **({"Content-Type": "application/json"} if body is not None else {}),
            },
            body=body,
            host=None if probe is None else probe.host,
            deadline=min(TIMEOUT, left),
        )
        return answer.status, answer.body


def run(base_url: str, headers: Mapping[str, str], document: Mapping[str, Any]) -> int:
    """Probe every operation; print one line per probe; return how many failed."""
    operations = spec.find_operations(document)
    try:
        target = Target(base_url, headers)
    except bounded.Unanswered as error:
        print(f"security: cannot probe {base_url}: {error}")
        return 1

    def listed() -> set[str]:
        status, body = target.send("GET", operations.snapshot.path)
        if status != 200:
            raise RuntimeError(f"{operations.snapshot.label} answered {status}")
        items = json.loads(body).get(spec.LIST_PROPERTY, [])
        return {str(item.get("id")) for item in items if isinstance(item, dict)}

    def create() -> str:
        status, body = target.send("POST", operations.create.path, body=b"{}")
        if status != 200:
            raise RuntimeError(f"{operations.create.label} answered {status}")
        return str(spec.pointer_get(json.loads(body), operations.id_pointer))

    def delete_path(distribution: str) -> str:
        return bounded.fill(operations.delete.path, operations.delete_parameter, distribution)

    failures = 0
    try:
        victim = create()
        for probe in probes(target.port):
            for operation in (operations.snapshot, operations.create, operations.delete):
                before = listed()
                path = operation.path
                body = None
                if operation is operations.delete:
                    path = delete_path(victim)
                elif operation is operations.create:
                    body = b"{}"
                status, _ = target.send(operation.method.upper(), path, probe, body)
                after = listed()
                problems = []
                if status not in REFUSED:
                    problems.append(f"answered {status}, expected 403 or 421")
                if after - before:
                    problems.append("created a distribution")
                if before - after:
                    problems.append("deleted a distribution")
                    victim = create()
                verdict = "FAILED (" + "; ".join(problems) + ")" if problems else "passed"
                failures += bool(problems)
                print(f"security: {probe.name:<40} {operation.label:<42} {verdict}")
        target.send("POST", delete_path(victim))
    except (bounded.Unanswered, RuntimeError, ValueError, KeyError, TypeError) as error:
        print(f"security: cannot probe {base_url}: {error}")
        return failures + 1
    total = len(probes(target.port)) * 3
    print(f"security: {total - failures} of {total} probes passed")
    return failures
