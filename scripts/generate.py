"""openapi-python-client's command line, with the spec's API key scheme handed to the templates.

Usage: generate.py generate --path openapi.yaml ... (the arguments of `openapi-python-client`)

The generator parses `components.securitySchemes` but hands templates nothing of it
(openapi-python-client issue 600), and `templates/client.py.jinja` needs the API key header. So
this runs the generator's own command line in process, and when the generator makes its project
(whose Jinja environment renders every template) it adds one global, `api_key_scheme`: the first
security scheme of type `apiKey` in a header, as {"name": ...}, or None. It is read from the
document as the generator itself parsed it (its own loader, the same YAML or JSON rules), so a
flow-style or JSON spec gives the same answer as a block-style one. The Makefile's `GENERATE`
command calls this instead of the `openapi-python-client` executable.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import openapi_python_client
from openapi_python_client.cli import app
from openapi_python_client.parser.errors import GeneratorError


def api_key_scheme(document: Mapping[str, Any]) -> dict[str, str] | None:
    """The first apiKey-in-a-header scheme of `components.securitySchemes`, or None."""
    components = document.get("components")
    schemes = components.get("securitySchemes") if isinstance(components, Mapping) else None
    for scheme in (schemes or {}).values():
        if not isinstance(scheme, Mapping):
            continue
        if scheme.get("type") == "apiKey" and scheme.get("in") == "header":
            name = scheme.get("name")
            if isinstance(name, str) and name:
                return {"name": name}
    return None


_project_init = openapi_python_client.Project.__init__


def _init(self: openapi_python_client.Project, *args: Any, **kwargs: Any) -> None:
    _project_init(self, *args, **kwargs)
    document = openapi_python_client._get_document(
        source=self.config.document_source, timeout=self.config.http_timeout
    )
    if isinstance(document, GeneratorError):  # the generator read it a moment ago
        raise SystemExit(f"generate.py: cannot read the spec again: {document.header}")
    self.env.globals["api_key_scheme"] = api_key_scheme(document)


def main() -> None:
    openapi_python_client.Project.__init__ = _init  # type: ignore[method-assign]
    app()


if __name__ == "__main__":
    main()
