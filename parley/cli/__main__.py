"""`python -m parley.cli`: the same command as the `parley` console script."""

import sys

from parley.cli import main

sys.exit(main())
