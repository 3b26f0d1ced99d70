"""``python -m sim.experiments.calibration``: write docs/CALIBRATION.md."""

from sim.experiments.calibration.report import main

raise SystemExit(main())
