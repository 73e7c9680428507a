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
from pieces_contract.probes import Exchange, Outcome

# Per exchange, and for the whole section (8 probes of 3 operations, 3 requests each).
TIMEOUT = bounded.DEADLINE_SECONDS
SECTION_SECONDS = 120.0
REFUSED = (403, 421)
FOREIGN = "evil.attacker.example"
# The name these probes have in every report (basis.py).
CHECK = "cross_site_request_is_refused"


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
        exchange = self.exchange(method, path, probe, body)
        return exchange.status or 0, exchange.text

    def exchange(
        self, method: str, path: str, probe: Probe | None = None, body: bytes | None = None
    ) -> Exchange:
        """One request, bounded; the exchange keeps every header sent, the Host included."""
        left = self.ends - time.monotonic()
        if left <= 0:
            raise bounded.Unanswered(f"the probes took more than {SECTION_SECONDS:g}s in all")
        headers = {
            **self.headers,
            **(probe.headers if probe else {}),
            **({"Content-Type": "application/json"} if body is not None else {}),
        }
        host = None if probe is None else probe.host
        answer = bounded.exchange(
            self.server, method, path, headers, body=body, host=host, deadline=min(TIMEOUT, left)
        )
        server = self.server
        url = f"{'https' if server.https else 'http'}://{server.netloc}{server.prefix}{path}"
        shown = {"Host": server.netloc if host is None else host, **headers}
        media = next((v for k, v in answer.headers.items() if k.lower() == "content-type"), "")
        return Exchange(
            method, url, shown, body, answer.status, media.split(";")[0].strip(), answer.body
        )


def run(base_url: str, headers: Mapping[str, str], document: Mapping[str, Any]) -> list[Outcome]:
    """Probe every operation; print one line per probe; return every probe's outcome (a
    failing outcome of its own when the server could not be probed at all)."""
    operations = spec.find_operations(document)
    try:
        target = Target(base_url, headers)
    except bounded.Unanswered as error:
        print(f"security: cannot probe {base_url}: {error}")
        unreachable = Exchange("GET", base_url, {}, None)
        return [Outcome(CHECK, operations.snapshot.label, unreachable, str(error))]

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

    outcomes: list[Outcome] = []
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
                exchange = target.exchange(operation.method.upper(), path, probe, body)
                status = exchange.status
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
                outcomes.append(
                    Outcome(
                        CHECK,
                        operation.label,
                        exchange,
                        f"{probe.name}: " + "; ".join(problems) if problems else "",
                    )
                )
                print(f"security: {probe.name:<40} {operation.label:<42} {verdict}")
        target.send("POST", delete_path(victim))
    except (bounded.Unanswered, RuntimeError, ValueError, KeyError, TypeError) as error:
        print(f"security: cannot probe {base_url}: {error}")
        unreachable = Exchange("GET", base_url, {}, None)
        problem = f"cannot probe {base_url}: {error}"
        return [*outcomes, Outcome(CHECK, operations.snapshot.label, unreachable, problem)]
    failures = sum(1 for outcome in outcomes if outcome.problem)
    print(f"security: {len(outcomes) - failures} of {len(outcomes)} probes passed")
    return outcomes
