"""Formatters: each renders plain records (results, findings) and nothing else."""
