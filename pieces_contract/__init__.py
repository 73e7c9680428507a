"""The contract suite for the Pieces OS Distributions API: `pieces-contract run|replay`.

Install with `pip install 'pieces-distributions[contract]'`. The spec (openapi.yaml) and the
schemathesis settings (schemathesis.toml) are bundled; `pieces_contract.checks` is the module
schemathesis loads as its hooks.
"""
