"""Define the generator's exceptions and the problems they carry."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

Translate = Callable[[str], str]


def N_(message: str) -> str:
    """Mark message for extraction; it is translated when the problem is shown."""
    return message


@dataclass(frozen=True)
class Message:
    """A translatable message with named placeholders."""

    msgid: str
    params: Mapping[str, object] = field(default_factory=dict)

    def render(self, gettext: Translate) -> str:
        """Return the message in the language of gettext."""
        params = {
            key: value.render(gettext) if isinstance(value, Message) else value for key, value in self.params.items()
        }
        return gettext(self.msgid).format(**params)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one field of one file."""

    file: str
    field: str
    expected: Message
    found: str | Message
    line: int | None = None

    def render(self, gettext: Translate) -> str:
        """Return the problem as one line for people."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        template = gettext(N_("{where}: {field}: expected {expected}, found {found}"))
        return template.format(
            where=where,
            field=self.field or gettext(N_("(document)")),
            expected=self.expected.render(gettext),
            found=self.found.render(gettext) if isinstance(self.found, Message) else self.found,
        )


@dataclass(frozen=True)
class ClaimWarning(Problem):
    """Words of a text that claim more than the study's design or data show.

    expected holds the reason, found the words; attributed names who made the claim when the
    release attributes it (the review board, with its source).
    """

    attributed: str | None = None

    def render(self, gettext: Translate) -> str:
        """Return the warning as one line for people."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        words = self.found.render(gettext) if isinstance(self.found, Message) else self.found
        if self.attributed is not None:
            template = gettext(N_("{where}: {field}: warning (claim attributed to {by}): “{words}”: {reason}"))
        else:
            template = gettext(N_("{where}: {field}: warning: “{words}”: {reason}"))
        return template.format(
            where=where, field=self.field, words=words, reason=self.expected.render(gettext), by=self.attributed
        )


class GeneratorError(Exception):
    """Base class: an error to show to people, without a traceback."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__(self.render(lambda message: message))

    def render(self, gettext: Translate) -> str:
        """Return every problem, one per line."""
        return "\n".join(problem.render(gettext) for problem in self.problems)


class DataError(GeneratorError):
    """The data could not be read or is not valid."""


class VerificationError(GeneratorError):
    """A published figure disagrees with the figure computed from the counts."""


class WriteError(GeneratorError):
    """A file could not be written or read (read-only file system, disk full, permissions)."""


class ClaimsError(GeneratorError):
    """A text claims more than the design or data show, and warnings are errors (check --strict)."""


class TemplateError(GeneratorError):
    """A template is missing or broken."""
