"""Allow ``python -m placements``."""

from .cli import main

main()
