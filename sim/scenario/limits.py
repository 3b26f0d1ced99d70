"""Limits on scenario input: far above any real scenario, far below what would hurt a laptop."""

from __future__ import annotations

import yaml

# Limits on input size: far above any real scenario, far below what would hurt a laptop.
MAX_FILE_BYTES = 1 << 20  # a scenario or areas CSV larger than 1 MiB is refused
MAX_ALIASES = 100  # YAML alias uses in one file
MAX_DEPTH = 32  # nesting of mappings and lists, aliases expanded
MAX_NODES = 50_000  # YAML nodes once aliases are expanded
MAX_EXTENDS = 20  # length of an ``extends`` chain
MAX_FAMILY_WEEK_CELLS = 2e8  # recorded family-weeks (population.record_family_weeks)
SHARE_TOLERANCE = 1e-6

TOP_KEYS = ("name", "description", "extends", "areas", "features")
AREA_FORMS = ("csv", "sample")
N_ICBS = "population.n_icbs"
SPEC_FOLDERS = ("sweeps", "sa", "calibration")  # scenarios/<folder>/ holding experiment specs

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
