"""The event coder: who did what to whom, where and when, read from a dependency parse of an article's sentences.

One module per question a contributor asks (the order of the steps is coder.py, top to bottom):

    lexicon       which words can make an event, and how is a sentence read? (data/event_words/, the CAMEO verbs)
    knowledge     what is loaded once per process (lexicon, taxonomy, actor dictionary, gazetteer)
    context       what is known while a sentence is read (its parse, the article's actors so far)
    syntax        how are the words of the parse related? (subjects, obliques, clauses)
    predicates    what happened? (verbs, event nouns, intentions; one predicate per happening)
    status        did it happen? (negation, modality, conditions, announced acts)
    participants  which actor does a noun phrase name?
    references    what does a phrase stand for beyond its words? (pronouns, 'the union', 'the chairman of X')
    sectors       what kind of actor is it? (government, military, party, ngo, business, civilian, ...)
    roles         who did it to whom? (and: is a violent word a metaphor?)
    measures      whose plans? (a statement about 'the plans' is about their owner, named earlier)
    place         where?
    when          when?
    counts        how many killed, injured, deployed?
    scope         is it an event an analyst would code? (the table's scope; which articles are parsed at all)
    merge         one row per happening
    model         the records that pass between the steps
    coder         the steps in order: extract_events, extract_events_batch
"""

from newsevents.extract.events.coder import (
    ArticleInput,
    CodedArticle,
    code_articles,
    extract_events,
    extract_events_batch,
)
from newsevents.extract.events.knowledge import Knowledge, knowledge_for
from newsevents.extract.events.model import Actor, Event, Place

__all__ = [
    "Actor",
    "ArticleInput",
    "CodedArticle",
    "Event",
    "Knowledge",
    "Place",
    "code_articles",
    "extract_events",
    "extract_events_batch",
    "knowledge_for",
]
