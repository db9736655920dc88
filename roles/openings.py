"""The open postings at each career level, for the role pages: told by the app that holds postings.

roles knows nothing of postings (README.md, "Layout"), so postings registers a
provider here in its AppConfig.ready(): a function (levels) → {level id:
LevelOpenings} for the levels it was given, leaving out those with no open
posting, in a fixed number of queries however many levels and postings. Without
a provider the pages show no openings.
"""

from dataclasses import dataclass, field


@dataclass
class SettingOpenings:
    """Open postings of one level in one care setting, with the board's address listing them."""

    name: str
    count: int
    url: str


@dataclass
class LevelOpenings:
    count: int
    url: str  # the job board filtered to the level
    by_setting: list[SettingOpenings] = field(default_factory=list)
    pay: list[str] = field(default_factory=list)  # "$85,000–$110,000 per year", a line per pay unit shown


_providers = []


def register(provider):
    """Add `provider` (idempotent, as ready() may run more than once in tests)."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def for_levels(levels):
    """{level id: LevelOpenings} for the levels with open postings."""
    openings = {}
    for provider in _providers:
        openings.update(provider(levels))
    return openings
