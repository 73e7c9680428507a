"""Reference server for the Pieces OS Distributions API (see openapi.yaml)."""
