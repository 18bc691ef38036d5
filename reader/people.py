"""People mentioned in an article: extraction and name resolution (no Textual).

Three layers, each usable on its own:

- *finding* mentions: a backend turns a body into (start, end) spans of person
  names.  The default, "builtin", is the rule-based `reader.namefinder` (word
  lists shipped or installed from PyPI, no model, no network).  "spacy" uses an
  installed spaCy English pipeline, when there is one.
- *resolving* them inside one article (`people_from_spans`): "Alonso" after
  "Xabi Alonso" is the same person; the fullest form is the canonical name.
- *linking* people across the library (`resolve_library_names`): one person per
  folded name, and a lone surname joined to a full name only when exactly one
  full name in the library ends with it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from reader.textnorm import fold, words

BACKENDS = ("builtin", "spacy")
DEFAULT_SPACY_MODEL = "en_core_web_sm"


@dataclass(frozen=True, slots=True)
class Mention:
    """One place a person is named: `start`/`end` index the article body."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Person:
    """A person of one article, with every mention of them in that article.

    `name` is the canonical display name ("Jurgen Klopp"), `key` its folded form
    used to compare people across articles ("jurgen klopp"), `aliases` the other
    surface forms seen in the text ("Klopp").
    """

    name: str
    key: str
    aliases: tuple[str, ...]
    mentions: tuple[Mention, ...]

    def to_record(self) -> dict[str, Any]:
        """As stored in the catalog's `people` JSON and printed by `reader extract`
        (`extraction.people_from_json` reads it back)."""
        return {
            "name": self.name,
            "key": self.key,
            "aliases": list(self.aliases),
            "mentions": [{"start": m.start, "end": m.end, "text": m.text} for m in self.mentions],
        }


Extractor = Callable[[str], list[Person]]


class BackendUnavailable(RuntimeError):
    """The requested backend cannot run here (e.g. spaCy or its model is not installed)."""


def extract_people(body: str, backend: str = "builtin") -> list[Person]:
    """The people of `body`, in order of first mention.

    Every mention satisfies `body[m.start:m.end] == m.text`; titles ("Mr",
    "boss") and possessive endings ('s, ’s, ‘s) are not part of it.  A body
    with no names gives an empty list.  Raises `BackendUnavailable` for a
    backend that is not installed and `ValueError` for an unknown one.
    """
    return get_extractor(backend)(body)


def get_extractor(name: str = "builtin") -> Extractor:
    """The extractor for a backend name ("builtin" or "spacy", as in config `people.backend`).

    Loading is lazy: the builtin word lists load on the first extraction, not here.
    """
    if name == "builtin":
        return _builtin_extract
    if name == "spacy":
        return SpacyExtractor(_load_spacy(DEFAULT_SPACY_MODEL))
    raise ValueError(f"unknown people backend {name!r}; expected one of {', '.join(BACKENDS)}")


def key_of(name: str) -> str:
    """The folded key of a name: its folded words joined by single spaces.

    Case, accents, apostrophes, hyphens, full stops and spacing do not matter
    ("Jürgen Klopp" and "JURGEN  KLOPP" -> "jurgen klopp"; "Brian O'Driscoll" ->
    "brian o driscoll"), exactly as the query language folds `person:"..."`.
    """
    return " ".join(words(name))


def without_middle_initials(name: Sequence[str]) -> tuple[str, ...]:
    """The folded words of a name without its middle initials: ("george", "w",
    "bush") -> ("george", "bush").  The first and last words stay whatever
    their length ("j smith")."""
    if len(name) < 3:
        return tuple(name)
    return (name[0], *(word for word in name[1:-1] if len(word) > 1), name[-1])


def core_key(key: str) -> str:
    """A full name's key without its middle initials: "george w bush" -> "george bush"."""
    return " ".join(without_middle_initials(key.split()))


def initials_links(keys: Iterable[str]) -> dict[str, str]:
    """Keys of full names written with middle initials -> the same name without
    them, when that name is among `keys` too and no other name with initials
    comes to it ("george w bush" -> "george bush", but neither "george w bush"
    nor "george h w bush" when both are there: which one "George Bush" is
    cannot be told).
    """
    known = set(keys)
    variants: dict[str, list[str]] = defaultdict(list)
    for key in known:
        core = core_key(key)
        if core != key and core in known:
            variants[core].append(key)
    return {found[0]: core for core, found in variants.items() if len(found) == 1}


def is_lone_name(name: str) -> bool:
    """A name written as one word ("Alonso", "O'Driscoll"), which may be anyone's surname."""
    return len(name.split()) == 1


def surname_key(name: str) -> str:
    """The key of the last written word of a name: "Brian O'Driscoll" -> "o driscoll".

    A lone name links to the full names whose surname key equals its own key.
    """
    parts = name.split()
    return key_of(parts[-1]) if parts else ""


def _builtin_extract(body: str) -> list[Person]:
    from reader.namefinder import find_name_spans

    return people_from_spans(body, find_name_spans(body))


class SpacyExtractor:
    """Extractor over a spaCy pipeline: its PERSON entities, resolved like the builtin ones.

    Any `nlp` object works (a trained English model, or a blank pipeline with an
    entity ruler in tests).  Titles and possessive endings are trimmed from
    each entity so that spans mean the same as with the builtin backend.
    """

    def __init__(self, nlp: Any, label: str = "PERSON") -> None:
        self.nlp = nlp
        self.label = label

    def __call__(self, body: str) -> list[Person]:
        doc = self.nlp(body)
        spans = []
        for ent in doc.ents:
            if ent.label_ == self.label:
                span = _trim_span(body, ent.start_char, ent.end_char)
                if span:
                    spans.append(span)
        return people_from_spans(body, spans)


@lru_cache(maxsize=2)
def _load_spacy(model: str) -> Any:
    try:
        import spacy
    except ModuleNotFoundError as exc:
        raise BackendUnavailable("people.backend 'spacy' needs the spacy package") from exc
    try:
        return spacy.load(model, disable=["lemmatizer"])
    except OSError as exc:
        raise BackendUnavailable(f"spaCy model {model!r} is not installed") from exc


def _trim_span(body: str, start: int, end: int) -> tuple[int, int] | None:
    """Drop a leading title word and a trailing possessive from an entity span."""
    from reader.namedata import TITLES

    text = body[start:end]
    first, _, rest = text.partition(" ")
    if rest and fold(first).rstrip(".") in TITLES:
        start += len(first) + 1
    tail = fold(body[start:end])
    if tail.endswith("'s"):
        end -= 2
    elif tail.endswith("'"):
        end -= 1
    return (start, end) if end > start else None


# ---------------------------------------------------------------- resolution


@dataclass(slots=True)
class _Cluster:
    """Mentions believed to name one person, while resolving an article."""

    words: tuple[str, ...]  # folded words of the fullest form so far
    name: str
    mentions: list[Mention] = field(default_factory=list)


def people_from_spans(body: str, spans: Iterable[tuple[int, int]]) -> list[Person]:
    """Group name spans of one article into people.

    Multi-word names are grouped when one is the other or a prefix/suffix of it
    ("Klopp" ⊂ "Jurgen Klopp", "Jürgen Klopp" = "Jurgen Klopp" once folded).  A
    one-word mention joins the person whose last (else first) word it is, the
    one mentioned most recently before it when several qualify; otherwise it is a
    person of its own.  The canonical name is the fullest form (most words, then
    longest), preferring text not written in capitals.  Empty spans are ignored.
    """
    mentions = sorted(
        (Mention(s, e, body[s:e]) for s, e in set(spans) if e > s and words(body[s:e])),
        key=lambda m: m.start,
    )
    clusters: list[_Cluster] = []
    singles: list[Mention] = []
    for mention in mentions:
        if len(words(mention.text)) == 1:
            singles.append(mention)
        else:
            _add_full_mention(clusters, mention)
    for mention in singles:
        _add_single_mention(clusters, mention)
    clusters.sort(key=lambda c: min(m.start for m in c.mentions))
    return [_to_person(c) for c in clusters]


def _add_full_mention(clusters: list[_Cluster], mention: Mention) -> None:
    found = tuple(words(mention.text))
    bare = without_middle_initials(found)
    for cluster in clusters:
        known = without_middle_initials(cluster.words)
        # "Donald J. Trump" and "Donald Trump" (or "Trump") are one person.
        if _contains(known, bare) or _contains(bare, known):
            cluster.mentions.append(mention)
            if _fuller(mention.text, found, cluster):
                cluster.words, cluster.name = found, mention.text
            return
    clusters.append(_Cluster(found, mention.text, [mention]))


def _contains(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    """Same name, or `shorter` is its first or last words ("Xabi Alonso" / "Alonso")."""
    return longer[: len(shorter)] == shorter or longer[-len(shorter) :] == shorter


def _fuller(text: str, found: tuple[str, ...], cluster: _Cluster) -> bool:
    if len(found) != len(cluster.words):
        return len(found) > len(cluster.words)
    # Same words: prefer normal case over a headline in capitals.
    return cluster.name.isupper() and not text.isupper()


def _add_single_mention(clusters: list[_Cluster], mention: Mention) -> None:
    word = words(mention.text)[0]
    for position in (-1, 0):  # surname first, then given name
        candidates = [c for c in clusters if len(c.words) > 1 and c.words[position] == word]
        if candidates:
            _closest_before(candidates, mention.start).mentions.append(mention)
            return
    for cluster in clusters:
        if cluster.words == (word,):
            cluster.mentions.append(mention)
            if cluster.name.isupper() and not mention.text.isupper():
                cluster.name = mention.text
            return
    clusters.append(_Cluster((word,), mention.text, [mention]))


def _closest_before(candidates: list[_Cluster], start: int) -> _Cluster:
    """The candidate named most recently before `start` (else the first named)."""

    def last_before(cluster: _Cluster) -> int:
        return max((m.start for m in cluster.mentions if m.start < start), default=-1)

    return max(candidates, key=last_before)


def _to_person(cluster: _Cluster) -> Person:
    mentions = tuple(sorted(cluster.mentions, key=lambda m: m.start))
    aliases = tuple(dict.fromkeys(m.text for m in mentions if m.text != cluster.name))
    return Person(cluster.name, key_of(cluster.name), aliases, mentions)


# ---------------------------------------------------------------- library


@dataclass(frozen=True, slots=True)
class NameLinks:
    """How the people keys of a whole library relate.

    - `names`: every key -> its display name (the form used by most articles;
      ties go to the form with accents, then the first in sort order).
    - `linked`: lone-name key -> full-name key, when exactly one full name in
      the library ends with that lone name ("alonso" -> "xabi alonso"); and
      a full name with middle initials -> the same name without them
      (`initials_links`: "george w bush" -> "george bush").
    - `ambiguous`: lone-name key -> the sorted full-name keys it may stand for,
      when there are two or more ("alonso" -> ("marcos alonso", "xabi alonso")).

    A lone name with no candidate is in neither mapping: it stays a person of
    its own.  Keys absent from `linked` map to themselves (see `canonical_key`).
    """

    names: dict[str, str]
    linked: dict[str, str]
    ambiguous: dict[str, tuple[str, ...]]

    def canonical_key(self, key: str) -> str:
        """The key a person should be listed under across the library."""
        return self.linked.get(key, key)


def resolve_library_names(people_by_article: Mapping[str, Sequence[Person]]) -> NameLinks:
    """Link the people of every article into one view of the library (pure function).

    `people_by_article` maps an article id to the people `extract_people`
    found in it.  People with equal keys are the same person whatever their
    spelling ("Jürgen Klopp" and "Jurgen Klopp").  A *lone name* is a name
    written as one word ("Alonso", see `is_lone_name`); its candidates are the
    people of names of several words whose `surname_key` is the lone name's key
    (a name with middle initials and the same name without are one).
    The result does not depend on the order of articles.
    """
    spellings: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for persons in people_by_article.values():
        for person in persons:
            spellings[person.key][person.name] += 1
    names = {key: display_name(forms) for key, forms in spellings.items()}

    full = [key for key, name in names.items() if not is_lone_name(name)]
    linked: dict[str, str] = initials_links(full)
    by_surname: dict[str, set[str]] = defaultdict(set)
    for key in full:
        by_surname[surname_key(names[key])].add(linked.get(key, key))
    ambiguous: dict[str, tuple[str, ...]] = {}
    for key, name in names.items():
        if not is_lone_name(name):
            continue
        candidates = by_surname.get(key, set())
        if len(candidates) == 1:
            linked[key] = next(iter(candidates))
        elif candidates:
            ambiguous[key] = tuple(sorted(candidates))
    return NameLinks(names, linked, ambiguous)


def display_name(forms: Mapping[str, int]) -> str:
    """The spelling to show for a person, from each spelling's number of articles."""

    def rank(name: str) -> tuple[int, bool, bool, str]:
        # Most used first; then accents kept (Jürgen over Jurgen); then not in capitals.
        return (-forms[name], name.isascii(), name.isupper(), name)

    return min(forms, key=rank)
