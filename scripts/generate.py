"""openapi-python-client's command line, with the spec's API key header handed to the templates.

Usage: generate.py generate --path openapi.yaml ... (the arguments of `openapi-python-client`)

The generator parses `components.securitySchemes` but hands templates nothing of it
(openapi-python-client issue 600), and `templates/client.py.jinja` needs the API key header. So
this runs the generator's own command line in process, and when the generator makes its project
(whose Jinja environment renders every template) it adds one global, `spec_api_key_header`: the
header of the spec's API key (`pieces_spec.Spec.api_key_header`), or None. The document is the
one the generator itself parsed (its own loader, the same YAML or JSON rules), so a flow-style
or JSON spec gives the same answer as a block-style one. The Makefile's `GENERATE` command calls
this instead of the `openapi-python-client` executable.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openapi_python_client
from openapi_python_client.cli import app
from openapi_python_client.parser.errors import GeneratorError

from pieces_spec import Spec, SpecError

_project_init = openapi_python_client.Project.__init__


def _init(self: openapi_python_client.Project, *args: Any, **kwargs: Any) -> None:
    _project_init(self, *args, **kwargs)
    source = self.config.document_source
    document = openapi_python_client._get_document(source=source, timeout=self.config.http_timeout)
    if isinstance(document, GeneratorError):  # the generator read it a moment ago
        raise SystemExit(f"generate.py: cannot read the spec again: {document.header}")
    try:
        header = Spec(document, Path(str(source))).api_key_header
    except SpecError as error:
        raise SystemExit(f"generate.py: {error}") from None
    self.env.globals["spec_api_key_header"] = header


def main() -> None:
    openapi_python_client.Project.__init__ = _init  # type: ignore[method-assign]
    app()


if __name__ == "__main__":
    main()
