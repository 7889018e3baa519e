"""The rule catalogue: one module per family, registered by code (see registry.py)."""

from __future__ import annotations

from budgetkit.rules.registry import Rule, all_codes, all_rules, get

__all__ = ["Rule", "all_codes", "all_rules", "get"]
