"""What a measure is: one output of the model with its unit, display name, range and
direction, so every table, figure and report shows it the same way."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Measure:
    """One output: its code name, unit, plain description and direction.

    ``display`` is the plain name figures, tables and reports show instead of the code name;
    ``bounds`` is the range the measure can take (intervals are clipped to it, so no figure
    shows negative hours); ``higher_is_worse`` says which way is better.
    """

    name: str
    unit: str
    description: str
    higher_is_worse: bool
    headline: bool = True
    display: str = ""
    bounds: tuple[float | None, float | None] = (0.0, None)

    @property
    def higher_is_better(self) -> bool:
        return not self.higher_is_worse

    @property
    def label(self) -> str:
        """Display name with unit, for axes and table headers."""
        return f"{self.display or self.name} ({self.unit})"
