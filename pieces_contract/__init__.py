"""The contract suite for the Pieces OS Distributions API: `pieces-contract run|replay`.

Install with the `contract` extra: from a clone, `make wheel`, then
`pip install --find-links dist 'pieces-distributions[contract]'` (docs/install.md). The spec
(openapi.yaml) and the schemathesis settings (schemathesis.toml) are bundled;
`pieces_contract.checks` is the module schemathesis loads as its hooks.
"""
