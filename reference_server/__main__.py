"""Entry point: `python -m reference_server --help`."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
