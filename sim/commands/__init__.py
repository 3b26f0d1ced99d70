"""Subcommands of ``phb-sim``; each module registers one (or a family of) parser(s)."""
