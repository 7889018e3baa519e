"""budgetkit: prepare and check S&T, innovation and digital-transformation budget estimates."""

from __future__ import annotations

__version__ = "1.1.0"
