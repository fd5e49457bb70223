"""``python -m goodsgov``: the ``goodsgov`` command (see :mod:`goodsgov.cli`)."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
