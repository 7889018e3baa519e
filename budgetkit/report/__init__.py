"""The documents that get submitted: the explanatory report (Word) and the estimate tables (Excel)."""
