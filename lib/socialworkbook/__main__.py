"""`python -m socialworkbook`."""

from .cli import main

raise SystemExit(main())
