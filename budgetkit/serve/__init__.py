"""budgetkit serve: a local web page and HTTP API over the same library as the command line."""

from budgetkit.serve.app import create_app

__all__ = ["create_app"]
