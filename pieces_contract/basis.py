"""What each verdict rests on, and which level it breaks.

Every meaning check and probe of this package cites the words it enforces: the upstream API page
(the TypeScript SDK's Distributions page, which documents three operations, 200/204 and 500 only)
or openapi.yaml. `mandated` means those words forbid what the check fails; `convention` means our
reading of words that do not say it outright. Only what the upstream page mandates breaks the
upstream level; our spec's words and every convention break the strict level alone.

schemathesis' own checks are placed by the same rule (`level_of`): conformance to a response
upstream lacks (x-addition) is ours, refusing what only our spec calls invalid is ours, accepting
valid data and keeping created resources are upstream's whatever status the server answered.
"""

from __future__ import annotations

from dataclasses import dataclass

UPSTREAM_PAGE = "upstream page (Distributions API, TypeScript SDK)"
SPEC = "openapi.yaml"


@dataclass(frozen=True)
class Basis:
    source: str
    where: str
    words: str
    # "mandated": the words forbid the failure; "convention": our reading of them.
    kind: str

    @property
    def level(self) -> str:
        """The strictest level a failure breaks: upstream (both levels) or strict (ours only)."""
        return "upstream" if self.source == UPSTREAM_PAGE and self.kind == "mandated" else "strict"

    def cite(self) -> str:
        return f'{self.kind}, {self.source} {self.where}: "{self.words}"'


_CREATE = "POST /distributions/create"
_DELETE = "POST /distributions/{distribution}/delete"
_SNAPSHOT = "GET /distributions"

BASES: dict[str, Basis] = {
    "seed_is_kept": Basis(
        SPEC,
        f"{_CREATE} description",
        "a Mailgun seed is stored as sent and a GitHub gist seed is completed with its GitHub "
        "id and URL",
        "mandated",
    ),
    "id_is_fresh": Basis(
        UPSTREAM_PAGE,
        "distributionsDeleteSpecificDistribution, parameter distribution",
        "This is the uuid of a specific distribution.",
        "mandated",
    ),
    "created_distribution_is_listed": Basis(
        UPSTREAM_PAGE,
        "distributionsCreateNewDistribution, distributionsSnapshot",
        "This will create a new distribution. / This will get a specific snapshot of all our "
        "distributions.",
        "mandated",
    ),
    "listed_distribution_is_unchanged": Basis(
        SPEC,
        f"{_CREATE} description, Distribution.created",
        "a Mailgun seed is stored as sent / when it was created",
        "mandated",
    ),
    "reading_changes_nothing": Basis(
        SPEC,
        f"Distribution description; {_SNAPSHOT} (RFC 9110 9.2.1: GET is safe)",
        "when it was created and last updated",
        "convention",
    ),
    "snapshot_is_oldest_first": Basis(
        SPEC,
        f"{_SNAPSHOT} description",
        "Returns every distribution that has not been deleted, oldest first.",
        "mandated",
    ),
    "deleted_distribution_is_gone": Basis(
        UPSTREAM_PAGE,
        "distributionsDeleteSpecificDistribution, distributionsSnapshot",
        "This will delete a specific distribution. / a specific snapshot of all our distributions",
        "mandated",
    ),
    "second_delete_answers_404": Basis(
        SPEC,
        f"{_DELETE} description",
        "Later snapshots no longer list it, and deleting it again answers 404.",
        "mandated",
    ),
    "live_delete_answers_204": Basis(
        UPSTREAM_PAGE,
        "distributionsDeleteSpecificDistribution, HTTP response details",
        "This will delete a specific distribution. / 204 No Content",
        "mandated",
    ),
    "delete_removes_only_its_target": Basis(
        UPSTREAM_PAGE,
        "distributionsDeleteSpecificDistribution",
        "This will delete a specific distribution.",
        "mandated",
    ),
    "share_is_its_own": Basis(
        SPEC,
        f"{_CREATE} description",
        "The server assigns the id, the timestamps and a private share",
        "convention",
    ),
    # Probes (pieces_contract/probes.py): requests of their own around the schemathesis run.
    "delete_matches_the_whole_id": Basis(
        UPSTREAM_PAGE,
        "distributionsDeleteSpecificDistribution, parameter distribution",
        "This will delete a specific distribution. / This is the uuid of a specific distribution.",
        "mandated",
    ),
    "concurrent_creates_are_listed": Basis(
        UPSTREAM_PAGE,
        "distributionsCreateNewDistribution, distributionsSnapshot",
        "This will create a new distribution. / a specific snapshot of all our distributions",
        "mandated",
    ),
    "many_creates_are_listed": Basis(
        UPSTREAM_PAGE,
        "distributionsCreateNewDistribution, distributionsSnapshot",
        "This will create a new distribution. / a specific snapshot of all our distributions",
        "mandated",
    ),
    "wrong_key_is_refused": Basis(
        SPEC,
        "components.responses.Unauthorized",
        "The server requires an API key and X-Application-ID is missing or wrong.",
        "mandated",
    ),
    "body_that_is_not_json_is_refused": Basis(
        SPEC,
        f"{_CREATE} 400, 415 (components.responses.BadRequest, UnsupportedMediaType)",
        "The body is not a valid SeededDistribution / A body was sent with a Content-Type "
        "other than application/json.",
        "mandated",
    ),
    "cross_site_request_is_refused": Basis(
        SPEC,
        "components.responses.Forbidden",
        "Refused before any work: the Host header is not a name the server answers to (a DNS "
        "rebinding guard), or a browser marked the request as coming from another site",
        "mandated",
    ),
}

# Built-in checks whose expectation is a refusal only our spec documents (400, 401, 405...).
STRICT_ONLY_CHECKS = frozenset(
    {"negative_data_rejection", "missing_required_header", "ignored_auth", "unsupported_method"}
)
# Built-in checks that judge a response against its own documentation: a response upstream
# lacks (x-addition) is ours to judge.
BY_STATUS = frozenset(
    {
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
        "response_headers_conformance",
    }
)


def level_of(check: str, mode: str, status_added: bool, operation_added: bool) -> str:
    """The level one failure breaks (see the module docstring)."""
    if operation_added:
        return "strict"
    if check in BASES:
        return BASES[check].level
    if check in STRICT_ONLY_CHECKS or (check == "not_a_server_error" and mode == "negative"):
        return "strict"
    if check in BY_STATUS and status_added:
        return "strict"
    return "upstream"
