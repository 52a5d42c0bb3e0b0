"""``python -m stance.reports --seed [--out DIR]``: regenerate the seed's reports."""

from stance.reports.seed import main

raise SystemExit(main())
