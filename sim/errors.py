"""User-facing errors: refused input is reported in one message and exit code 2, no traceback."""

from __future__ import annotations

EXIT_BAD_INPUT = 2


class InputError(Exception):
    """Bad user input (a scenario, a sweep or SA spec, a command-line value).

    The message names the file, the line where one is known, the field, the value and
    what is allowed, so the user can fix it without reading code.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.file, self.line, self.field = file, line, field
        where = file or ""
        if line is not None:
            where = f"{where}:{line}" if where else f"line {line}"
        prefix = f"{where}: " if where else ""
        if field:
            prefix += f"{field}: "
        super().__init__(prefix + message)


class ScenarioError(InputError):
    """A scenario file or override that cannot be run."""
