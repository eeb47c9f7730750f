"""``python -m audiolevels …``: the command line (see :mod:`audiolevels.cli`)."""

from audiolevels.cli import main

raise SystemExit(main())
