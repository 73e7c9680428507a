"""Import time: medians over fresh interpreters, ours and the official SDK taking turns.

Each run starts a new interpreter that times the import statement itself (perf_counter around it),
so the interpreter's own start-up, the same for both, is left out.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from .support import (
    IMPORT_CLIENT,
    IMPORT_MODELS,
    OURS_PYTHON,
    UPSTREAM_PYTHON,
    Row,
    median,
    ms,
)

OURS_MODELS = "from pieces_distributions.models import Distributions"
THEIRS_MODELS = "from pieces_os_client.models.distributions import Distributions"
# The client class and every operation's module: what a program needs to call the API.
OURS_CLIENT = (
    "from pieces_distributions import Client\n"
    "from pieces_distributions.api.distributions import (\n"
    "    distributions_create_new_distribution,\n"
    "    distributions_delete_specific_distribution,\n"
    "    distributions_snapshot,\n"
    ")"
)
THEIRS_CLIENT = (
    "from pieces_os_client.api_client import ApiClient\n"
    "from pieces_os_client.api.distributions_api import DistributionsApi"
)
HTTPX = "import httpx"
# Ready to call: the imports above and one client object. Ours imports httpx here, when the first
# client is made; theirs has loaded urllib3 with its import already.
OURS_READY = OURS_CLIENT + "\nClient(base_url='http://127.0.0.1:1')"
THEIRS_READY = (
    "from pieces_os_client.api_client import ApiClient\n"
    "from pieces_os_client.configuration import Configuration\n"
    "from pieces_os_client.api.distributions_api import DistributionsApi\n"
    "DistributionsApi(ApiClient(Configuration(host='http://127.0.0.1:1')))"
)

_TIMER = "import time\n_t = time.perf_counter()\n{statement}\nprint(time.perf_counter() - _t)\n"


def import_seconds(python: Path, statement: str) -> float:
    done = subprocess.run(
        [str(python), "-c", _TIMER.format(statement=statement)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return float(done.stdout.strip())


def _medians(pairs: list[tuple[Path, str]], runs: int) -> list[float]:
    # Warm the file cache and the bytecode caches once, then take turns.
    for python, statement in pairs:
        import_seconds(python, statement)
    samples: list[list[float]] = [[] for _ in pairs]
    for _ in range(runs):
        for index, (python, statement) in enumerate(pairs):
            samples[index].append(import_seconds(python, statement))
    return [median(values) for values in samples]


def measure(runs: int) -> list[Row]:
    (
        ours_models,
        theirs_models,
        ours_client,
        theirs_client,
        ours_ready,
        theirs_ready,
        httpx_alone,
    ) = _medians(
        [
            (OURS_PYTHON, OURS_MODELS),
            (UPSTREAM_PYTHON, THEIRS_MODELS),
            (OURS_PYTHON, OURS_CLIENT),
            (UPSTREAM_PYTHON, THEIRS_CLIENT),
            (OURS_PYTHON, OURS_READY),
            (UPSTREAM_PYTHON, THEIRS_READY),
            (OURS_PYTHON, HTTPX),
        ],
        runs,
    )
    part = f"1 import (median of {runs} fresh interpreters)"
    return [
        Row.judged(
            part,
            "models: Distributions",
            ms(ours_models),
            "pieces_os_client",
            ms(theirs_models),
            f"{theirs_models / ours_models:.1f}x faster",
            IMPORT_MODELS,
            theirs_models / ours_models,
        ),
        Row.judged(
            part,
            "client + API modules (no httpx yet)",
            ms(ours_client),
            "pieces_os_client DistributionsApi",
            ms(theirs_client),
            f"{theirs_client / ours_client:.1f}x faster",
            IMPORT_CLIENT,
            theirs_client / ours_client,
        ),
        Row(
            part,
            "the same and a first Client() (imports httpx)",
            ms(ours_ready),
            "the same and DistributionsApi(ApiClient())",
            ms(theirs_ready),
            f"{theirs_ready / ours_ready:.1f}x faster",
            "",
            None,
        ),
        Row(
            part,
            "`import httpx` alone",
            ms(httpx_alone),
            "paid by the first Client(), not by the import",
            "",
            f"{httpx_alone / ours_ready:.0%} of the row above",
            "",
            None,
        ),
    ]
