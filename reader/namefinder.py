"""The built-in person-name finder: rules over capitalised words (no model, no network).

`find_name_spans(body)` returns the character spans of person mentions.  It
works in four steps:

1. cut the text into words and group neighbouring capitalised words into
   *runs* ("Rangers", "Steven Gerrard", "When Jurgen Klopp");
2. trim each run to the name it may hold (titles, describing words and
   country initials off: "Rangers boss Steven Gerrard", "Unseeded Patrick
   Rafter", "U.S. Treasury") and score it as a person or not, from the word
   lists of `namedata` (given names, surnames, places, organisation words,
   word frequency) and the context (a title or role before it, a speech verb
   next to it, a match minute after it);
3. drop, everywhere in the article, the names its context shows to be a
   company, work, place or team ("oil giant Yukos", "Frankfurt-based Deutsche
   Boerse", "the town of Uyo", "Leyton Orient 2 Hartlepool 0");
4. once the confident names of the article are known, mark every other run
   or upper-case headline word that repeats one of them ("Alonso" after
   "Xabi Alonso").

Titles ("Mr", "boss") and possessive endings ('s, ’s, ‘s) are never part of a
span.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from reader.namedata import (
    NOT_NAMES,
    ORGANISATION_CUES,
    ORGANISATION_WORDS,
    PARTICLES,
    PLACE_CUES,
    PLACE_NOUNS,
    SPEECH_VERBS,
    TITLE_PHRASES,
    TITLES,
    Lexicon,
    lexicon,
)
from reader.textnorm import SINGLE_QUOTES, fold

# Letters, with apostrophes and hyphens inside a word ("O'Neill", "Jean-Pierre",
# "Klopp‘s"); the possessive ending is cut off afterwards.
_WORD_RE = re.compile(r"[^\W\d_]+(?:[-" + SINGLE_QUOTES + r"][^\W\d_]+)*")
# What may stand between a sentence end and the first word of the next one.
_SENTENCE_LEAD = frozenset(" \t\r\"'“”‘’«»([{*•‚„")
_SENTENCE_END = frozenset(".!?:;…\n")
# Compounds that describe what follows ("Ohio-based", "Hong Kong-listed",
# "York-born"); the first five mostly introduce a company.
_COMPANY_ENDINGS = ("-based", "-listed", "-owned", "-backed", "-run")
# Compounds that say who holds a place ("Serb-held Doboj", "Palestinian-ruled
# Ramallah"): what follows is no person.
_HELD_ENDINGS = ("-held", "-ruled", "-controlled", "-occupied")
_NO_PERSON_ENDINGS = (*_COMPANY_ENDINGS, *_HELD_ENDINGS)
_DESCRIBING_ENDINGS = (*_NO_PERSON_ENDINGS, "-born", "-led")
# Lower-case nouns that, right after a name, make it a newspaper, an agency or
# a company everywhere in the article ("the official China Daily newspaper").
_ORGANISATION_AFTER = frozenset(
    "newspaper daily weekly magazine agency company firm bank airline insurer factory".split()
)
# Seven or more whole numbers after a name, to the end of the line: a row of
# a standings table.
_STANDINGS_RE = re.compile(r"(?: \d+){7,} ?(?:\n|$)")
_TABLE_LINE = 100
# "Leyton Orient 2 Hartlepool 0": one result, and nothing else, on a line.
_RESULT_LINE_RE = re.compile(r"[^\W\d][^\d\n]*? \d{1,2} [^\W\d][^\d\n]*? \d{1,2}")
# Brackets a result line may hold (scorers, countries, the half-time score),
# the last one maybe closed on the next line; and where a result was played
# ("In Skopje: Sloga (Macedonia) 0 Kispest Honved (Hungary) 1").
_BRACKETED_RE = re.compile(r"\([^()\n]*(?:\)|$)")
_RESULT_SMALL = PARTICLES | {"s"}  # "van", "de", and "Newell 's Old Boys"
_VENUE_RE = re.compile(r"^\s*In [^:\n]{1,40}:")
# Words that end the name of a company ("Gencor Ltd", "Niugini Mining").
_COMPANY_WORDS = frozenset(
    """
    inc corp corporation co ltd plc llc ag sa nv bv gmbh holdings mining
    pharmaceutical pharmaceuticals airlines airways motors industries securities
    technologies systems chemicals electronics petroleum insurance
    """.split()
)
# Countries and unions written with initials ("U.S.", "U.K.", "U.N.", "E.U.").
_COUNTRY_INITIALS = frozenset({("u", "s"), ("u", "k"), ("u", "n"), ("e", "u")})
# A minute of a match right after a name ("Larsson 73rd", "Owen 89th min").
_MINUTE_RE = re.compile(
    r"[ \n](?:\( ?)?\d{1,3}(?:st|nd|rd|th)(?![-\w])(?! (?:century|anniversary|birthday))"
)
# A name that speaks of itself as "its" ("Atria said its profit", "Newcrest said
# on Monday its"), or has shares ("Lamonts 's shares").  "Raichev said it would"
# is a person as often as not.
_IT_SAID_RE = re.compile(r" (?:(?:said|says)(?: on \w+day)? its\b|'s shares\b)")
# Two to four rounds of golf after a name, to the end of the item.
_GOLF_ROUNDS_RE = re.compile(r"(?: [6-8]\d){2,4}(?= ,|\n|$)")
# A player with a country in brackets, then "beat", "vs." or the score of a set.
_MATCH_PLAYER_RE = re.compile(r" \( ?[^()\n]{2,30}? ?\) (?:beat\b|vs\. |\d{1,2}-\d{1,2}\b)")
# A cricket scorecard: a bowler's figures (overs-maidens-runs-wickets) after
# the name, or the way a batsman was out around it ("Ijaz Ahmed c Stewart b
# Mullally 61": caught by Stewart, bowled by Mullally).
_BOWLING_RE = re.compile(r" \d{1,2}(?:\.\d)?-\d{1,2}-\d{1,3}-\d{1,2}\b")
_DISMISSAL_AFTER_RE = re.compile(r" (?:(?:c|b|st|lbw|c &) [A-Z]|(?:not|run) out\b)")
_DISMISSAL_BEFORE_RE = re.compile(r"(?:^|[ \n])(?:c|b|st|lbw|c &) $")
# Words a Title Case headline leaves in lower case ("Fury at the Border").
_SMALL_WORDS = frozenset(
    "a an and as at but by for from in into nor of off on onto or over per so than"
    " the to up upon via vs with".split()
)
# Capitalised words that make a line of nothing else a Title Case headline: a
# line of fewer ("Jurgen Klopp", "Leeds 3 Chelsea 2") is as likely a name or a
# table row.
_TITLE_CASE_WORDS = 4
_INITIAL_RE = re.compile(r"\b[A-Z]\.(?!\w)")
# Titles that in lower case are everyday words ("miss", "major", "general").
_TITLES_WHEN_CAPITALISED = frozenset(
    "miss major general private count chair host star forward keeper".split()
)
# What may follow a surname as part of the name ("James Brady Jr", "Curtis Lee White II").
_REGNAL = frozenset({"ii", "iii", "iv", "vi", "vii", "viii"})
_SUFFIXES = frozenset({"jr", "sr"}) | _REGNAL
# Abbreviations after which a full stop does not end the name ("Dr. Jekyll", "J. Smith").
_DOTTED = frozenset({"mr", "mrs", "ms", "dr", "st", "jr", "sr", "gen", "col", "capt", "lt", "sgt"})

# Thresholds on the Zipf scale (see namedata.Lexicon.zipf): a word at or above
# COMMON is an everyday English word ("Another", "Real"); below RARE it is
# seldom anything but a name or a foreign word.
COMMON = 4.3
VERY_COMMON = 5.2
LESS_COMMON = 3.3
RARE = 3.0
# Given names this common open sentences as other words too ("One", "Will", "May").
_EVERYDAY_FIRST = 6.0


@dataclass(slots=True)
class _Word:
    """A word of the body with what the rules need to know about it."""

    start: int
    end: int  # possessive ending excluded
    full_end: int  # possessive ending included
    folded: str
    capital: bool
    # In a line whose capitals say nothing of names: all capitals ("KLOPP
    # STAYS", a dateline) or Title Case ("Anthony Weiner In Ad Attacking
    # Hillary Clinton").  Only names the rest of the article gives are found there.
    headline: bool
    sentence_start: bool
    acronym: bool = False
    initial: bool = False  # one capital letter and a full stop ("J. Smith")


@dataclass(frozen=True, slots=True)
class _Run:
    """Neighbouring capitalised words, as word indexes [first, last]."""

    first: int
    last: int


def find_name_spans(body: str) -> list[tuple[int, int]]:
    """Sorted, non-overlapping (start, end) spans of person mentions in `body`.

    `body[start:end]` is the name as written, without title or possessive.
    """
    lex = lexicon()
    ws = _words(body)
    accepted: list[_Run] = []
    rejected: list[_Run] = []
    organisations: set[tuple[str, ...]] = set()
    for run in _runs(body, ws):
        trimmed = _trim(ws, run, lex)
        if trimmed is None:
            continue
        if (
            _organisation_cue_before(body, ws, trimmed)
            or _organisation_cue_after(body, ws, trimmed)
            or _in_results_table(body, ws, trimmed)
        ):
            organisations.add(_folded(ws, trimmed))
            continue
        company = _company_name(body, ws, trimmed)
        if company:
            organisations.add(company)  # "Niugini Mining Ltd": later "Niugini said" too
        (accepted if _is_person(body, ws, trimmed, lex) else rejected).append(trimmed)
    if organisations:
        # "Yukos said" is a person only until the article calls it "oil giant Yukos".
        accepted = [r for r in accepted if _folded(ws, r) not in organisations]
        rejected = [r for r in rejected if _folded(ws, r) not in organisations]
    if accepted:
        accepted = _without_affiliations(body, ws, accepted)
    if accepted and rejected:
        listed = _listed_with_people(body, ws, accepted, rejected, lex)
        if listed:
            accepted = sorted([*accepted, *listed], key=lambda r: r.first)
            rejected = [r for r in rejected if r not in listed]
    spans = {(ws[r.first].start, ws[r.last].end) for r in accepted}
    spans |= _repeated_names(ws, accepted, rejected, lex)
    return _non_overlapping(spans)


def _without_affiliations(body: str, ws: list[_Word], accepted: list[_Run]) -> list[_Run]:
    """`accepted` without the bracketed notes right after a name, which give the
    person's club or country ("Bartlomiej Jamroz (Hutnik Krakow)")."""
    kept = accepted[:1]
    for previous, run in pairwise(accepted):
        between = body[ws[previous.last].full_end : ws[run.first].start]
        if between.strip() == "(" and _parenthesised(body, ws, run):
            continue
        kept.append(run)
    return kept


def _listed_with_people(
    body: str, ws: list[_Word], accepted: list[_Run], rejected: list[_Run], lex: Lexicon
) -> set[_Run]:
    """Rejected runs that are items of a list whose neighbouring items are people
    ("Scorers: Vairelles 8th, Foe 85th", "Greg Norman (Australia), Mickelson"):
    a list names one kind of thing, so a word that is also an everyday word
    ("Foe") or an unknown surname is a person there too.  Places are left out.
    """
    people = set(accepted)
    items = sorted(
        (r for r in (*accepted, *rejected) if not _parenthesised(body, ws, r)),
        key=lambda r: r.first,
    )
    listed: set[_Run] = set()
    joined = [_list_gap(body, ws, left, right) for left, right in pairwise(items)]
    for i in range(1, len(items) - 1):
        run, before, after = items[i], items[i - 1], items[i + 1]
        # An item between two others ("Ijaz Ahmed, Inzamam-ul-Haq, Salim Malik")
        # with a person next to it: "In Pittsburgh, Al Martin" is no list.
        if not (joined[i - 1] and joined[i]) or run in people:
            continue
        if (before in people or after in people) and not _is_place(list(_folded(ws, run)), lex):
            listed.add(run)
    return listed


# What may separate two items of a list: commas, a line break, numbers (scores,
# minutes, figures) and a bracketed note ("(Australia)", "(pen)").
_LIST_GAP_RE = re.compile(r"(?:[ \n,]|\d+(?:[-.:/]\d+)*(?:st|nd|rd|th)?|\([^()\n]{0,40}\))*")


def _list_gap(body: str, ws: list[_Word], left: _Run, right: _Run) -> bool:
    gap = body[ws[left.last].full_end : ws[right.first].start]
    if gap == "\n":
        return True  # a list going on on the next line
    if gap.strip() == "/":
        return True  # a pair: "Yap Kim Hock / Cheah Soon Kit"
    return "," in gap and _LIST_GAP_RE.fullmatch(gap) is not None


def _parenthesised(body: str, ws: list[_Word], run: _Run) -> bool:
    """A run that is the whole of a bracketed note ("(Australia)", "(Lech Poznan)")."""
    start, end = ws[run.first].start, ws[run.last].full_end
    before = body[max(0, start - 2) : start]
    if "(" not in before:
        return False  # most runs: nothing more to look at
    return before.rstrip().endswith("(") and body[end : end + 2].lstrip().startswith(")")


def _company_name(body: str, ws: list[_Word], run: _Run) -> tuple[str, ...] | None:
    """The name of a company written with a company word ("Gencor Ltd", "Niugini Mining")."""
    words = ws[run.first : run.last + 1]
    for i, word in enumerate(words[1:], start=1):
        if word.folded in _COMPANY_WORDS:
            return tuple(w.folded for w in words[:i])
    after = run.last + 1
    if (
        after < len(ws)
        and body[ws[run.last].full_end : ws[after].start] == " "
        and ws[after].folded in _COMPANY_WORDS
        and (ws[after].capital or ws[after].acronym)
    ):
        return tuple(w.folded for w in words)
    return None


def _folded(ws: list[_Word], run: _Run) -> tuple[str, ...]:
    return tuple(w.folded for w in ws[run.first : run.last + 1])


def _in_results_table(body: str, ws: list[_Word], run: _Run) -> bool:
    """A team in a line of results or standings ("Leyton Orient 2 Hartlepool 0",
    "Greenock Morton 3 2 0 1 5 2 6"), whose name is no person anywhere else either.

    Only short lines are looked at, so long bodies cost nothing more.
    """
    start, end = ws[run.first].start, ws[run.last].full_end
    if _STANDINGS_RE.match(body, end, end + _TABLE_LINE):
        return True
    line_start = body.rfind("\n", max(0, start - _TABLE_LINE), start) + 1
    if line_start == 0 and start > _TABLE_LINE:
        return False
    line_end = body.find("\n", end, end + _TABLE_LINE)
    if line_end < 0:
        if end + _TABLE_LINE < len(body):
            return False
        line_end = len(body)
    before = body[line_start:start]
    if before.count("(") > before.count(")"):
        return False  # a scorer in brackets: "Lens 3 (Vairelles 8th, Foe 85th)"
    return _result_line(body[line_start:line_end])


@lru_cache(maxsize=512)
def _result_line(line: str) -> bool:
    """One result and nothing else, once brackets and the venue are set aside
    (every run of a line asks: the answer is kept)."""
    line = _BRACKETED_RE.sub(" ", line)
    line = " ".join(_VENUE_RE.sub("", line).split()).rstrip(" .")
    if any(w[0].islower() and w not in _RESULT_SMALL for w in _WORD_RE.findall(line)):
        return False  # a sentence: "Meri secured 45 votes and Ruutel 34."
    return bool(_RESULT_LINE_RE.fullmatch(line))


def _ampersand_next_to(body: str, ws: list[_Word], run: _Run) -> bool:
    """ "Douglas & Lomason", "Marks & Spencer": an ampersand joins one-word company names.

    Full names are left alone: "Matt Lucas & David Walliams" are two people.
    """
    after, before = run.last + 1, run.first - 1
    if after < len(ws) and body[ws[run.last].full_end : ws[after].start] == " & ":
        if ws[after].folded in ORGANISATION_WORDS or ws[after].folded == "sons":
            return True  # "Goldman Sachs & Co", "Van Eeghen & Sons"
        if run.first != run.last:
            return False
        return ws[after].capital or ws[after].acronym
    if run.first != run.last:
        return False
    return before >= 0 and body[ws[before].full_end : ws[run.first].start] == " & "


def _organisation_cue_after(body: str, ws: list[_Word], run: _Run) -> bool:
    """A name that speaks of itself as "its" or has shares (`_IT_SAID_RE`), or a
    lower-case press or company noun right after the run, maybe after one more
    lower-case word ("China Daily newspaper", "Belga news agency", "Zastava
    arms factory")."""
    if _IT_SAID_RE.match(body, ws[run.last].full_end):
        return True
    at = run.last
    for _ in range(2):
        after = at + 1
        if after >= len(ws) or ws[after].capital or body[ws[at].full_end : ws[after].start] != " ":
            return False
        if ws[after].folded in _ORGANISATION_AFTER:
            return True
        at = after
    return False


def _organisation_cue_before(body: str, ws: list[_Word], run: _Run) -> bool:
    """A lower-case organisation noun right before the run ("security firm Sophos"),
    or a place noun and "of" ("the town of Uyo")."""
    if _ampersand_next_to(body, ws, run):
        return True
    before = run.first - 1
    if before < 0 or body[ws[before].full_end : ws[run.first].start] != " ":
        return False
    if ws[before].folded.endswith(_NO_PERSON_ENDINGS):
        return True  # "Frankfurt-based Deutsche Boerse", "Serb-held Doboj"
    if ws[before].capital:
        return False
    if ws[before].folded in ORGANISATION_CUES:
        return True
    if ws[before].folded == "official" and before > 0 and ws[before - 1].folded == "the":
        return True  # "the official China Daily", "the official Xinhua news agency"
    return (
        ws[before].folded == "of"
        and before > 0
        and not ws[before - 1].capital
        and ws[before - 1].folded in PLACE_CUES
        and body[ws[before - 1].full_end : ws[before].start] == " "
    )


def _words(body: str) -> list[_Word]:
    headline = _headline_lines(body)
    result: list[_Word] = []
    append = result.append
    for match in _WORD_RE.finditer(body):
        text = match.group()
        start, full_end = match.span()
        if len(text) > 2 and text[-1] == "s" and text[-2] in SINGLE_QUOTES:
            text = text[:-2]  # a possessive: "Klopp's"
        folded = fold(text)
        upper = text[0].isupper()
        if not upper and "-" not in text and folded not in PARTICLES:
            # Most words: lower case, no particle; nothing more to find out.
            append(_Word(start, start + len(text), full_end, folded, False, False, False))
            continue
        line_headline = bool(headline) and _in_ranges(start, headline)
        capital = upper or _particle_joined(text)
        append(
            _Word(
                start,
                start + len(text),
                full_end,
                folded,
                capital,
                line_headline,
                # Only names and their particles ask (the rules never look at
                # it for other words).
                (capital or folded in PARTICLES) and _starts_sentence(body, start),
                upper and not line_headline and len(text) > 1 and text.isupper(),
                len(text) == 1 and upper and body[full_end : full_end + 1] == ".",
            )
        )
    return result


def _particle_joined(text: str) -> bool:
    """A particle hyphened to a capitalised name ("al-Saadani", "el-Sheikh")."""
    if "-" not in text:
        return False
    particle, hyphen, rest = text.partition("-")
    return bool(hyphen) and rest[:1].isupper() and particle.lower() in PARTICLES


def _headline_lines(body: str) -> list[tuple[int, int]]:
    """Ranges of lines in capitals only (at least two letters) or in Title Case."""
    ranges = []
    pos = 0
    for line in body.split("\n"):
        # The cheap test first: most lines have a lower-case letter.
        if line.upper() == line:
            letters = [c for c in line if c.isalpha()]
            if len(letters) > 1 and not any(c.islower() for c in letters):
                ranges.append((pos, pos + len(line)))
        elif _title_case(line):
            ranges.append((pos, pos + len(line)))
        pos += len(line) + 1
    return ranges


def _title_case(line: str) -> bool:
    """A line whose every word but the small ones starts with a capital, with at
    least `_TITLE_CASE_WORDS` of them: a headline in Title Case, where capitals
    no longer tell a name from a verb ("Carly Fiorina Endorses Ted Cruz")."""
    if any(c.isdigit() or c in ",(" for c in line) or _INITIAL_RE.search(line):
        # A list of names ("Vaas, Muralitharan, Chandana"), a draw ("Tim Henman
        # (Britain)"), a table row, an initial ("A. Mullally"): names, not a headline.
        return False
    capitals = 0
    for word in _WORD_RE.findall(line):
        if word[0].isupper():
            capitals += 1
        elif word.lower() not in _SMALL_WORDS:
            return False
    return capitals >= _TITLE_CASE_WORDS


def _in_ranges(pos: int, ranges: list[tuple[int, int]]) -> bool:
    return any(start <= pos < end for start, end in ranges)


def _starts_sentence(body: str, start: int) -> bool:
    pos = start - 1
    while pos >= 0 and body[pos] in _SENTENCE_LEAD:
        pos -= 1
    return pos < 0 or body[pos] in _SENTENCE_END


def _runs(body: str, ws: list[_Word]) -> list[_Run]:
    """Maximal groups of capitalised words separated by single spaces."""
    runs = []
    i = 0
    while i < len(ws):
        if not _can_start(ws, i):
            i += 1
            continue
        last = i
        while last + 1 < len(ws) and _joins(body, ws, last, last + 1):
            last += 1
        runs.append(_Run(i, last))
        i = last + 1
    return runs


def _can_start(ws: list[_Word], i: int) -> bool:
    word = ws[i]
    if word.headline or word.acronym:
        return False
    if word.capital:
        return True
    # "van Persie": lower-case particles directly before a capitalised word.
    return word.folded in PARTICLES and _particles_then_capital(ws, i)


def _joins(body: str, ws: list[_Word], i: int, j: int) -> bool:
    """Whether word j continues the name that word i is part of."""
    left, right = ws[i], ws[j]
    if left.end != left.full_end or right.headline:
        return False  # a possessive ends a name
    if right.acronym and right.folded not in _SUFFIXES:
        return False
    gap = body[left.full_end : right.start]
    dotted = gap == ". " and (len(left.folded) == 1 or left.folded in _DOTTED)
    if gap == "." and left.initial and len(right.folded) == 1 and right.capital:
        return True  # "I.K. Gujral", "P.W. Botha" (and "U.S.", rejected as initials only)
    if gap != " " and not dotted:
        return False
    if right.capital:
        return not (right.sentence_start and not dotted)
    return _particles_then_capital(ws, j)


def _particles_then_capital(ws: list[_Word], i: int) -> bool:
    """Words from i on are lower-case particles followed by a capitalised word ("van der Sar")."""
    while i < len(ws) and not ws[i].capital and ws[i].folded in PARTICLES:
        i += 1
    return i < len(ws) and ws[i].capital and not ws[i].headline


def _trim(ws: list[_Word], run: _Run, lex: Lexicon) -> _Run | None:
    """Drop leading titles and sentence-initial common words; None when nothing is left."""
    first, last = run.first, run.last
    if ws[first].folded == "the":
        return None  # "The Greatest Game", "The Kop"
    if (ws[first].folded, ws[min(first + 1, last)].folded) in _COUNTRY_INITIALS:
        first += 2  # "U.S. Treasury", "U.N. envoy"
        if first > last:
            return None
    # "Security Council President Tono Eitel": the name starts after the last title.
    for i in range(last - 1, first - 1, -1):
        if _is_title(ws[i].folded):
            first = i + 1
            break
    while first <= last:
        word = ws[first]
        if word.folded.endswith(_DESCRIBING_ENDINGS):  # "Ohio-based KeyCorp"
            first += 1
            continue
        titled = _is_title(word.folded) or _title_phrase_at(ws, first, last)
        common = (word.folded in NOT_NAMES and not word.initial) or (
            word.sentence_start
            and not word.initial
            and _is_common(word, lex)
            and not _given_name_first(ws, first, last, lex)
        )
        if titled or common:
            first += 1
        else:
            break
    while last >= first and (ws[last].folded in NOT_NAMES or not ws[last].capital):
        last -= 1
    # "Unseeded Patrick Rafter", "Controversial Australian Anthony Hill":
    # everyday words and peoples before a given name and a surname describe
    # the person.
    for start in range(first + 1, last):
        if not (_describes(ws[start - 1], lex) or _place_or_people(ws[start - 1].folded, lex)):
            break
        if _given_then_surname(ws, start, last, lex):
            first = start
            break
    if first > last:
        return None
    # "American James Heath", "New Zealand Christian Cullen": a place before a name.
    for size in (2, 1):
        rest = last - first - size + 1
        words = tuple(w.folded for w in ws[first : first + size])
        if rest >= 2 and (words in lex.places or (size == 1 and _place_or_people(words[0], lex))):
            return _Run(first + size, last)
    return _Run(first, last)


def _describes(word: _Word, lex: Lexicon) -> bool:
    """An everyday word or compound ("Unseeded", "Third-seeded") that is no part of a name."""
    if word.initial or word.folded in lex.given:
        return False
    if word.folded.endswith(_DESCRIBING_ENDINGS):
        return True
    if "-" in word.folded:
        return not all(part in lex.given for part in word.folded.split("-"))
    if word.sentence_start and word.folded not in lex.surnames and lex.frequency(word.folded):
        return True  # "Unseeded Patrick Rafter" opening a sentence; not "Hurte Sierd Zylstra"
    return lex.frequency(word.folded) >= LESS_COMMON


def _place_or_people(folded: str, lex: Lexicon) -> bool:
    """A place or a people, also one the lists know only by its country or state
    or in the singular ("Namibian" from "Namibia", "Kentuckian", "Texan",
    "Belgians" from "Belgian")."""
    if (folded,) in lex.places:
        return True
    stems = [folded[:-1]] if folded[-1:] in ("n", "s") else []
    if folded.endswith("ian"):
        stems += [folded[:-3] + "y", folded[:-3] + "a"]  # Kentuckian, Floridian
    elif folded.endswith("an"):
        stems += [folded[:-2], folded[:-2] + "s"]  # Ohioan, Texan
    return any((stem,) in lex.places for stem in stems)


def _given_name_first(ws: list[_Word], first: int, last: int, lex: Lexicon) -> bool:
    """A given name that is also an everyday word opening a sentence, then a
    rarer capitalised word ("John Kocinski", "Mark Brooks"; not "One Taibe" or
    "Red Star"): the name, not a sentence's first word."""
    if first >= last or lex.frequency(ws[first].folded) >= _EVERYDAY_FIRST:
        return False
    second = ws[first + 1]
    return (
        ws[first].folded in lex.given
        and second.capital
        and not second.initial
        and lex.frequency(second.folded) < COMMON
    )


def _given_then_surname(ws: list[_Word], first: int, last: int, lex: Lexicon) -> bool:
    """Words first..last read as a given name then a surname ("Patrick Rafter")."""
    surname = ws[last].folded
    return (
        ws[first].capital
        and ws[first].folded in lex.given
        and (surname in lex.surnames or lex.frequency(surname) < RARE)
    )


def _is_title(folded: str) -> bool:
    """A title or role, also hyphenated ("Lieutenant-Colonel", "vice-president")."""
    if folded in TITLES:
        return True
    return "-" in folded and all(part in TITLES for part in folded.split("-"))


def _title_phrase_at(ws: list[_Word], first: int, last: int) -> bool:
    return any(
        tuple(w.folded for w in ws[first : first + len(p)]) == p
        for p in _TITLE_PHRASES_BY_FIRST_WORD.get(ws[first].folded, ())
        if first + len(p) <= last + 1
    )


def _by_first_word(phrases: Iterable[tuple[str, ...]]) -> dict[str, list[tuple[str, ...]]]:
    found: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        found.setdefault(phrase[0], []).append(phrase)
    return found


_TITLE_PHRASES_BY_FIRST_WORD = _by_first_word(TITLE_PHRASES)


def _is_common(word: _Word, lex: Lexicon) -> bool:
    """An everyday English word, unless it is also a given name used less often."""
    zipf = lex.frequency(word.folded)
    if word.folded in lex.given:
        return zipf >= VERY_COMMON
    return zipf >= COMMON


def _is_person(body: str, ws: list[_Word], run: _Run, lex: Lexicon) -> bool:
    names = ws[run.first : run.last + 1]
    folded = [w.folded for w in names]
    titled = _titled(body, ws, run.first)
    if _is_organisation(body, ws, run, folded):
        return False
    capitals = [w for w in names if w.capital]
    while len(capitals) > 2 and capitals[-1].folded in _SUFFIXES:
        capitals.pop()  # "John Hinckley Jr": the name is scored without it
    if all(w.initial for w in capitals):
        return False  # "U.S.", "U.N.": initials with no name after them
    if (
        len(capitals) == 2
        and capitals[1].folded in _REGNAL
        and capitals[0].folded in lex.given
        and not _is_common(capitals[0], lex)
    ):
        return True  # a monarch or a pope: "Napoleon III", "Alexander III"
    if len(capitals) >= 2:
        if not titled and _names_place(capitals, lex):
            return False
        return _full_name_score(capitals, lex) + _context_score(body, ws, run, titled) >= 2.0
    if _is_place(folded, lex) and (not titled or _only_a_place(folded[0], lex)):
        return False  # "Jordan", "Commander Europe"; not "President Jordan"
    return _single_name_score(names[0], lex) + _context_score(body, ws, run, titled) >= 2.0


def _context_score(body: str, ws: list[_Word], run: _Run, titled: bool) -> float:
    score = (3.0 if titled else 0.0) + (2.0 if _speaks(body, ws, run) else 0.0)
    end = ws[run.last].full_end
    if _MINUTE_RE.match(body, end):
        # A scorer ("Larsson 73rd", "Rodriguez (56th minute)"), even one whose
        # name is an everyday word ("Jack 66th", "Foe 85th").
        score += 4.0
    elif _in_scorecard(body, ws, run):
        score += 3.0  # a cricketer: "Mullally 37.1-7-97-3", "c Croft b Cork 176"
    elif _GOLF_ROUNDS_RE.match(body, end):
        score += 2.0  # a golfer's rounds: "Fred Couples 73 68 72 72"
    elif _MATCH_PLAYER_RE.match(body, end):
        score += 2.0  # a player in a draw: "Sandra Kleinova (Czech Republic) 6-3 6-4"
    return score


def _in_scorecard(body: str, ws: list[_Word], run: _Run) -> bool:
    """A bowler's figures after the name, or how a batsman was out around it."""
    end, start = ws[run.last].full_end, ws[run.first].start
    return bool(
        _BOWLING_RE.match(body, end)
        or _DISMISSAL_AFTER_RE.match(body, end)
        or _DISMISSAL_BEFORE_RE.search(body, max(0, start - 6), start)
    )


def _full_name_score(capitals: list[_Word], lex: Lexicon) -> float:
    """Evidence that two or more capitalised words are a person's name."""
    first, last = capitals[0], capitals[-1]
    score = 0.5  # unexplained capitalised pairs in news are more often people
    if first.initial:
        score += 2.0
    elif first.folded in lex.given and first.folded not in NOT_NAMES:
        score += 2.0 if lex.frequency(first.folded) < VERY_COMMON else 1.0
    elif first.folded in lex.surnames and lex.frequency(first.folded) < COMMON:
        score += 0.5  # "Payne Stewart": surnames serve as given names too
    if last.folded in lex.surnames:
        score += 1.0
    for word in capitals:
        if word.initial:
            continue
        zipf = lex.frequency(word.folded)
        if zipf < RARE:
            score += 0.75
        elif zipf >= COMMON and word.folded not in lex.given:
            score -= 1.5
    return score


def _single_name_score(word: _Word, lex: Lexicon) -> float:
    """Evidence that one capitalised word is a person; only context can make it one."""
    if word.folded in NOT_NAMES or word.initial:
        return -3.0
    zipf = lex.frequency(word.folded)
    known_name = word.folded in lex.given or word.folded in lex.surnames
    if known_name and COMMON <= zipf < VERY_COMMON:
        return -1.0  # "Clinton", "Hall": a title makes them a person ("President Clinton")
    if zipf >= COMMON or (zipf >= LESS_COMMON and not known_name):
        return -2.0
    return 0.0 if known_name or zipf < RARE else -0.5


def _titled(body: str, ws: list[_Word], first: int) -> bool:
    """A title or role word right before the name ("boss Steven Gerrard", "Mr Klopp",
    "Mr. Klopp"; not "King: Jordan is entering a new era")."""
    if first == 0 or not _is_title(ws[first - 1].folded):
        return False
    if ws[first - 1].folded in _TITLES_WHEN_CAPITALISED and not ws[first - 1].capital:
        return False  # "would miss England", "a major Tokyo bank"
    return body[ws[first - 1].full_end : ws[first].start] in (" ", ". ")


def _speaks(body: str, ws: list[_Word], run: _Run) -> bool:
    """A speech verb right after the name or right before it ("Klopp said", "said Klopp")."""
    after = run.last + 1
    if after < len(ws) and ws[after].folded in SPEECH_VERBS:
        gap = body[ws[run.last].full_end : ws[after].start]
        if gap.strip(" ,") == "":
            return True
    before = run.first - 1
    if before >= 0 and ws[before].folded in SPEECH_VERBS:
        gap = body[ws[before].full_end : ws[run.first].start]
        return gap.strip(" ,") == ""
    return False


def _is_organisation(body: str, ws: list[_Word], run: _Run, folded: list[str]) -> bool:
    """Organisation words in or right after the run, or "the" right before it."""
    if any(f in ORGANISATION_WORDS for f in folded):
        return True
    after = run.last + 1
    if after < len(ws):
        gap = body[ws[run.last].full_end : ws[after].start]
        word = ws[after]
        if gap == " " and (
            word.folded in PLACE_NOUNS
            or (word.folded in ORGANISATION_WORDS and (word.capital or word.acronym))
        ):
            return True
    before = run.first - 1
    return before >= 0 and ws[before].folded == "the"


def _names_place(capitals: list[_Word], lex: Lexicon) -> bool:
    """Whether capitalised words name a place rather than a person.

    Any known place of two or three words counts ("Hong Kong", "Sri Lanka").
    A one-word place counts unless the words start with a given name, since
    people are named after places too ("Trevor Holland", "Jordan Henderson").
    """
    folded = [w.folded for w in capitals]
    for size in (2, 3):
        for i in range(len(folded) - size + 1):
            if tuple(folded[i : i + size]) in lex.places:
                return True
    if folded[0] in lex.given and not capitals[0].initial:
        return False
    return any((f,) in lex.places for f in folded)


def _is_place(folded: list[str], lex: Lexicon) -> bool:
    """Any one to three neighbouring words of the run form a known place or people."""
    for size in (1, 2, 3):
        for i in range(len(folded) - size + 1):
            if tuple(folded[i : i + size]) in lex.places:
                return True
    return False


def _repeated_names(
    ws: list[_Word], accepted: list[_Run], rejected: list[_Run], lex: Lexicon
) -> set[tuple[int, int]]:
    """Other places where an accepted name, or its first or last word, is written again.

    In headlines in capitals only whole names and surnames count.
    """
    full: dict[tuple[str, ...], None] = {}
    parts: set[str] = set()
    surnames: set[str] = set()
    for run in accepted:
        folded = tuple(w.folded for w in ws[run.first : run.last + 1] if w.capital)
        full[folded] = None
        last = _surname_of(folded)
        parts.update((folded[0], last))
        surnames.add(last)
    if not parts:
        return set()
    covered = {i for run in accepted for i in range(run.first, run.last + 1)}
    spans = set()
    # A rejected run that is exactly a known name or name part becomes a mention.
    for run in rejected:
        folded = tuple(w.folded for w in ws[run.first : run.last + 1])
        if len(folded) == 1 and folded[0] in parts and _only_a_place(folded[0], lex):
            continue  # "China" alone is the country, whatever "China Daily" was
        if folded in full or (len(folded) == 1 and folded[0] in parts):
            spans.add((ws[run.first].start, ws[run.last].end))
            covered.update(range(run.first, run.last + 1))
    # Headline words in capitals: match whole names first, then single parts.
    i = 0
    while i < len(ws):
        if not ws[i].headline or i in covered:
            i += 1
            continue
        size = _full_name_at(ws, i, full)
        if size:
            spans.add((ws[i].start, ws[i + size - 1].end))
            i += size
            continue
        # A headline says "KLOPP" rather than "JURGEN", whose capitals match too much.
        if ws[i].folded in surnames:
            spans.add((ws[i].start, ws[i].end))
        i += 1
    return spans


def _surname_of(folded: tuple[str, ...]) -> str:
    """The last word of a name before any suffix ("white" of "curtis lee white ii")."""
    words = list(folded)
    while len(words) > 1 and words[-1] in _SUFFIXES:
        words.pop()
    return words[-1]


def _only_a_place(folded: str, lex: Lexicon) -> bool:
    """A known place that is no one's name ("China", not "Jordan" or "Chelsea")."""
    return (folded,) in lex.places and folded not in lex.given and folded not in lex.surnames


def _full_name_at(ws: list[_Word], i: int, full: dict[tuple[str, ...], None]) -> int:
    for name in full:
        size = len(name)
        if size > 1 and tuple(w.folded for w in ws[i : i + size]) == name:
            return size
    return 0


def _non_overlapping(spans: set[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans sorted by start; of two overlapping spans the longer one wins."""
    result: list[tuple[int, int]] = []
    for start, end in sorted(spans, key=lambda s: (s[0], -s[1])):
        if result and start < result[-1][1]:
            continue
        result.append((start, end))
    return result
