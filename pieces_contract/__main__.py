"""`python -m pieces_contract` is `pieces-contract`."""

from pieces_contract.cli import entry

entry()
