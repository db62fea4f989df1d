"""The extract stage's configuration: the settings it reads, taken from the one Settings object once per run and
handed down explicitly (no module below reads the environment or receives loose strings)."""

from __future__ import annotations

from dataclasses import dataclass

from newsevents.settings import Settings


@dataclass(frozen=True)
class ExtractConfig:
    data_dir: str | None  # NEWSEVENTS_DATA_DIR: the user's data files, which extend the shipped ones
    spacy_model: str
    ner: bool
    event_languages: tuple[str, ...]
    city_min_population: int
    focus_countries: tuple[str, ...]
    pentacode_retype: bool
    pentacode_retype_sure: float
    min_confidence: float

    @classmethod
    def from_settings(cls, settings: Settings) -> ExtractConfig:
        return cls(
            data_dir=settings.data_dir,
            spacy_model=settings.spacy_model,
            ner=settings.ner,
            event_languages=tuple(settings.event_languages),
            city_min_population=settings.city_min_population,
            focus_countries=tuple(settings.focus_countries),
            pentacode_retype=settings.pentacode_retype,
            pentacode_retype_sure=settings.pentacode_retype_sure,
            min_confidence=settings.min_confidence,
        )

    @classmethod
    def default(cls) -> ExtractConfig:
        """The configuration of the default settings (the shipped data only)."""
        return cls.from_settings(Settings())
