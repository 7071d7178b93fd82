"""Run the command line: python -m generator."""

import sys

if __name__ == "__main__":
    # Imported here, not above: the card workers (spawned, see card_drawing.py) import this
    # module again as their main module, and need none of the command line's imports.
    from generator.cli import main

    sys.exit(main())
