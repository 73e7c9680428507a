"""Project scripts the Makefile runs (`python -m scripts.NAME` or `python scripts/NAME.py`)."""
