"""The plugin as pytest runs it: the strict teardown and the marker.

Each test runs a small test file in a pytest session of its own (pytester, in this process),
which loads the plugin through its pytest11 entry point as any project's run does. xdist needs
no test of its own: `make test` runs this folder and examples/ in xdist workers, each of which
starts its own server.
"""

from __future__ import annotations

import pytest

# Imported here, before pytester snapshots sys.modules: otherwise every inner session would
# import the server's stack again and pytester would drop it afterwards.
import pieces_testing.server  # noqa: F401
from tests.support.plugins import without_other_plugins

pytest_plugins = ["pytester"]
# The inner sessions load our plugin through its entry point and leave the others out.
INNER = without_other_plugins()

SENDS_A_BAD_BODY = """
import httpx

def test_app(pieces_os):
    answer = httpx.post(pieces_os.url + "/distributions/create", json={"mailgun": {}})
    assert answer.status_code == 400  # the app handles the refusal
"""


def test_forbidden_request_fails_the_test_at_teardown(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(SENDS_A_BAD_BODY)

    result = pytester.runpytest_inprocess(*INNER)

    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(
        [
            "*ERROR at teardown of test_app*",
            "*distributionsCreateNewDistribution (POST /distributions/create): request body at"
            " /mailgun: invalid SeededDistribution at mailgun: 'recipients' is a required property",
            "*@pytest.mark.pieces_os(strict=False)*",
        ]
    )


def test_strict_false_lets_a_forbidden_request_pass(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        "import pytest\npytestmark = pytest.mark.pieces_os(strict=False)\n" + SENDS_A_BAD_BODY
    )

    result = pytester.runpytest_inprocess(*INNER, "--strict-markers")

    result.assert_outcomes(passed=1)


def test_marker_with_an_unknown_keyword_is_an_error(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
import pytest

@pytest.mark.pieces_os(stricter=True)
def test_app(pieces_os):
    pass
"""
    )

    result = pytester.runpytest_inprocess(*INNER)

    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        ["*takes the keywords strict, api_key, version, newer; got stricter*"]
    )
