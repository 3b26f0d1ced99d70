"""Reporting: figures, and documentation generated from the registry (ODD trace, parameters)."""
