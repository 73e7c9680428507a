"""Drive a live server with the official Python SDK (`pieces_os_client`) and report what it saw.

Runs under .venv-upstream/bin/python, never our own venv: the SDK and its pydantic stack stay
apart from the code under test. tests/interop/test_official_sdks.py runs it in two steps and
checks the ids it prints against what our generated client sees in between:

    python interop/official_python_sdk_flow.py --base-url URL [--api-key KEY] create
    python interop/official_python_sdk_flow.py --base-url URL [--api-key KEY] delete ID [ID ...]

Every response goes through the SDK's own deserialisation (a model that does not fit raises),
and is then dumped back to JSON and compared with the raw body, so a field the SDK's models do
not know, or read differently, fails here too. The last line of stdout is one JSON object; any
failure exits non-zero with the reason on stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from typing import Any

from pieces_os_client.api.distributions_api import DistributionsApi
from pieces_os_client.api_client import ApiClient
from pieces_os_client.configuration import Configuration
from pieces_os_client.exceptions import ApiException
from pieces_os_client.models.distribution import Distribution
from pieces_os_client.models.distributions import Distributions
from pieces_os_client.models.seeded_distribution import SeededDistribution

MAILGUN_SEED: dict[str, Any] = {
    "mailgun": {"recipients": {"iterable": [{"email": "ada@example.com", "name": "Ada Lovelace"}]}}
}
GITHUB_SEED: dict[str, Any] = {
    "github": {
        "gist": {
            "name": "retry_with_backoff.py",
            "description": "Retry helper shared from the official Python SDK",
            "public": True,
        }
    }
}


class FlowError(Exception):
    """The server or the SDK did something the flow does not accept."""


def same_json(left: Any, right: Any, where: str = "$") -> None:
    """Raise FlowError at the first place the two JSON values differ.

    Two strings that both read as the same moment in time count as equal: the SDK writes a
    datetime back in its own spelling (`...Z` for `+00:00`), which is not a difference in data.
    """
    if isinstance(left, dict) and isinstance(right, dict):
        if left.keys() != right.keys():
            raise FlowError(f"{where}: keys {sorted(left)} != {sorted(right)}")
        for key in left:
            same_json(left[key], right[key], f"{where}.{key}")
    elif isinstance(left, list) and isinstance(right, list):
        if len(left) != len(right):
            raise FlowError(f"{where}: {len(left)} items != {len(right)} items")
        for index, (a, b) in enumerate(zip(left, right, strict=True)):
            same_json(a, b, f"{where}[{index}]")
    elif left != right and not same_moment(left, right):
        raise FlowError(f"{where}: {left!r} != {right!r}")


def same_moment(left: Any, right: Any) -> bool:
    if not (isinstance(left, str) and isinstance(right, str)):
        return False
    try:
        return datetime.fromisoformat(left) == datetime.fromisoformat(right)
    except ValueError:
        return False


def check_round_trip(
    api: DistributionsApi, model: Distribution | Distributions, raw: bytes
) -> None:
    # sanitize_for_serialization is how the SDK itself writes a model out as JSON (request bodies).
    same_json(json.loads(raw), api.api_client.sanitize_for_serialization(model))


def create(api: DistributionsApi, seed: dict[str, Any] | None) -> Distribution:
    body = None if seed is None else SeededDistribution.from_dict(seed)
    response = api.distributions_create_new_distribution_with_http_info(seeded_distribution=body)
    if response.status_code != 200 or not isinstance(response.data, Distribution):
        raise FlowError(f"create answered {response.status_code}: {response.raw_data!r}")
    check_round_trip(api, response.data, response.raw_data)
    return response.data


def snapshot(api: DistributionsApi) -> list[str]:
    response = api.distributions_snapshot_with_http_info()
    if response.status_code != 200 or not isinstance(response.data, Distributions):
        raise FlowError(f"snapshot answered {response.status_code}: {response.raw_data!r}")
    check_round_trip(api, response.data, response.raw_data)
    return [distribution.id for distribution in response.data.iterable]


def step_create(api: DistributionsApi) -> dict[str, Any]:
    mailgun = create(api, MAILGUN_SEED)
    recipients = mailgun.mailgun.recipients.iterable if mailgun.mailgun else []
    if [person.email for person in recipients] != ["ada@example.com"] or mailgun.github:
        raise FlowError(f"mailgun seed came back as {mailgun.to_json()}")
    github = create(api, GITHUB_SEED)
    gist = github.github.gist if github.github else None
    if gist is None or gist.name != "retry_with_backoff.py" or not gist.github_id or not gist.url:
        raise FlowError(f"github seed came back as {github.to_json()}")
    empty = create(api, None)
    if empty.mailgun is not None or empty.github is not None:
        raise FlowError(f"create without a body came back as {empty.to_json()}")
    return {
        "created": {"mailgun": mailgun.id, "github": github.id, "empty": empty.id},
        "snapshot": snapshot(api),
    }


def step_delete(api: DistributionsApi, ids: list[str]) -> dict[str, Any]:
    for distribution_id in ids:
        response = api.distributions_delete_specific_distribution_with_http_info(distribution_id)
        if response.status_code != 204:
            raise FlowError(f"delete {distribution_id} answered {response.status_code}")
    try:
        api.distributions_delete_specific_distribution(ids[0])
    except ApiException as error:
        second_delete_status = error.status
    else:
        raise FlowError(f"deleting {ids[0]} a second time succeeded")
    return {"snapshot": snapshot(api), "second_delete_status": second_delete_status}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--api-key")
    steps = parser.add_subparsers(dest="step", required=True)
    steps.add_parser("create")
    delete = steps.add_parser("delete")
    delete.add_argument("ids", nargs="+")
    args = parser.parse_args(argv)

    configuration = Configuration(host=args.base_url)
    if args.api_key is not None:
        configuration.api_key["application"] = args.api_key
    with ApiClient(configuration) as client:
        api = DistributionsApi(client)
        try:
            result = step_create(api) if args.step == "create" else step_delete(api, args.ids)
        except (FlowError, ApiException) as error:
            print(f"official Python SDK flow failed: {error}", file=sys.stderr)
            return 1
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
