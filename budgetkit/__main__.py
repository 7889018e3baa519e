"""`python -m budgetkit`: the command line, as the `budgetkit` script runs it."""

from budgetkit.cli import main

raise SystemExit(main())
