"""The one error every facts reader raises, in its own module so the parsers and the loader share it."""

from __future__ import annotations

from assistant.errors import AssistantError


class FactsError(AssistantError):
    """A facts file that cannot be used; ``problems`` holds one Chinese line per problem."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(f"{source}：" + "；".join(problems))
