"""What does the event coder know before it reads an article? Everything loaded from data once per process and
handed to the coder explicitly: the lexicon (verbs, nouns, reading rules), the event taxonomy, the actor
dictionary and the gazetteer, for one ExtractConfig (the shipped data plus NEWSEVENTS_DATA_DIR)."""

from __future__ import annotations

from dataclasses import dataclass

from newsevents.extract.actors import ActorDictionary, load_actors
from newsevents.extract.config import ExtractConfig
from newsevents.extract.events.lexicon import Lexicon
from newsevents.extract.gazetteer import Gazetteer, load_gazetteer
from newsevents.extract.taxonomy import Taxonomy, load_taxonomy
from newsevents.extract.topic import TopicModel, load_topic_model


@dataclass(frozen=True)
class Knowledge:
    config: ExtractConfig
    lexicon: Lexicon
    taxonomy: Taxonomy
    actors: ActorDictionary
    gazetteer: Gazetteer
    topic: TopicModel  # the first gate: does an article read as sport, entertainment or technology?

    @classmethod
    def load(cls, config: ExtractConfig) -> Knowledge:
        """Read and build everything (the gazetteer and actor dictionary through the build cache). A data file
        that cannot be read raises DataFileError naming the file and the line."""
        actors = load_actors(config.data_dir)
        return cls(
            config=config,
            lexicon=Lexicon.load(config.data_dir),
            taxonomy=load_taxonomy(config.data_dir),
            actors=actors,
            gazetteer=load_gazetteer(actors, config.data_dir, config.city_min_population, config.focus_countries),
            topic=load_topic_model(),
        )


# The knowledge this process has loaded, per configuration: a run uses one; tests and benchmarks may use two.
_LOADED: dict[ExtractConfig, Knowledge] = {}


def knowledge_for(config: ExtractConfig | None = None) -> Knowledge:
    """The process's knowledge for config (the default settings' when None), loaded on first use."""
    config = config or ExtractConfig.default()
    if config not in _LOADED:
        if len(_LOADED) >= 2:
            _LOADED.clear()
        _LOADED[config] = Knowledge.load(config)
    return _LOADED[config]
