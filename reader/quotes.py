"""Direct quotations in an article and who said them (no Textual).

Detection works paragraph by paragraph (paragraphs and sentences are cut by
`reader.sentences`, as everywhere else).  The article's *speech marks* are
chosen once: double quotes (“…”, "…", «…», and two apostrophes '' as typed
in wire and archive text) unless single quotes (‘…’, '…') cover more text, as
in articles written the British way.  Marks of the other kind are then nested
quotes or scare quotes and are not quotations of their own.  An opening mark
glued to the word before and followed by a space ("…,“ said") closes.

- A quotation that runs over several paragraphs (the opening mark repeated at
  each paragraph, no closing mark until the last) gives one `Quote` per
  paragraph, all with the same speaker, so that `body[q.start:q.end] == q.text`
  always holds.
- A *scare quote* (fewer than `MIN_WORDS` words, and no attribution that
  names a speaker in its sentence or sits right next to it: ‘in-house’,
  “big”) is not a quotation.  “No,” he said. is one, and so is "Bush called
  Trump “unhinged.”".
- Speakers come from the article's people: "…,” X said / said X / he told Y /
  X continued / according to X / X said: “…” / "…,” X, a lawyer who …, told Y
  / "…” if it fails, said X." / a signature ("“…” — X").  A last name the
  people finder did not mark is the one person who has it, or, when several
  do, the one the title's gender allows ("Mrs. Clinton") or else the one
  named last.
- The speaker is the subject of the speech verb, not just the nearest name:
  an owner or the object of a preposition ("Trump's campaign said", "a
  spokesman for Trump said") is no one, so a source that is not a person
  gives no speaker; the person such a phrase describes is ("Bob Stone, a
  spokesman for Trump, said").  Of several speech verbs, the last one right
  after a name is the attribution ("Ryan said Trump's criticism … was “…”").
  A participle or a second verb (", calling him “…”", "and said") speaks for
  the subject of the speech verb before it or of the sentence; "his
  remarks", "Trump's comments", "10 points" are nouns, not verbs.  A name
  in a phrase that describes the subject ("Ann Lee, who endorsed Bob Stone,
  said") is not the subject; a description after the verb hands over to the
  name after its comma ("said another resident, Ann Lee"); a colon hands over
  from the clause right before it ("When Ann said …, Bob fired back: “…”").
- "he" and "she" stand for the nearest person named before the quotation
  (sentence by sentence, outside quotation marks, the first in a sentence
  that fits) whose gender does not contradict the pronoun; a sentence whose
  subject is the same pronoun ("He added: …") is the same person again and
  is passed over; a titled stranger ("Mr. Obama", not among the people) who
  fits first leaves the speaker unknown; "they" is never resolved.
- A quotation with no attribution inside a sentence goes on with the speaker
  of an attribution before an earlier quotation of the sentence ("Ann said
  Bob “…” and has “…”"), or else is given to the person the sentence (past an
  opening phrase, "After Ann spoke, Bob …", or the clause after ", while")
  opens with ("Bush referred to Rubio as “a bright leader”");
  one that opens its paragraph, or follows another in the same paragraph,
  continues the previous speaker; one that opens its sentence after a
  sentence reporting what someone said ("Ash argued that …") is theirs.
  Otherwise the speaker is None: never a guess.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from reader.people import Person
from reader.sentences import boundaries, is_abbreviation, paragraphs
from reader.textnorm import fold

# Quotations shorter than this many words need an attribution next to them.
MIN_WORDS = 3
# A quotation inside a sentence with no attribution is given to the person the
# sentence opens with, when named within this many words (tuned on PolNeAR train).
SUBJECT_WORDS = 8

_DOUBLE_OPEN = "“„«"
_DOUBLE_CLOSE = "”»"
_DOUBLE_EITHER = '"'
_SINGLE = "'‘’‛`´"
_CLOSING = _DOUBLE_CLOSE + _DOUBLE_EITHER + _SINGLE
_OPENING_MARKS = _DOUBLE_OPEN + _DOUBLE_EITHER + _SINGLE
# Characters after which a mark can open a quotation.
_OPEN_AFTER = "([{—–-/:…\"“„«'‘"

_SPEECH_VERBS = frozenset(
    """
    said says say saying told tells tell added adds asked asks explained explains
    insisted insists admitted admits claimed claims stated states announced announces
    warned warns noted notes argued argues replied replies continued continues wrote
    writes confirmed confirms declared declares recalled recalls remarked remarks
    tweeted tweets posted posts joked jokes quipped quips acknowledged acknowledges
    conceded concedes suggested suggests urged urges emphasized emphasised emphasizes
    emphasises stressed stresses observed observes responded responds answered answers
    countered counters shouted shouts promised promises vowed vows pledged pledges
    concluded concludes commented comments complained complains cautioned cautions
    predicted predicts boasted boasts laughed laughs added agreed agrees repeated
    repeats described describes called calls went adding saying telling explaining
    echoed echoes retorted retorts reported reports testified testifies noting
    writing labeled labelled labeling labelling branded dubbed calling arguing
    quoted quotes pointed points
    lamented laments asserted asserts contended contends maintained maintains
    recounted recounts mused muses scoffed scoffs reiterated reiterates cracked
    bragged brags griped gripes groused grouses decried decries
    wondered wonders demanded demands touted touts blasted blasts slammed slams spoke speaks
    """.split()
)
# Adverbs between a linking word and its verb ("and also said", "but now said").
_ADVERBS = frozenset("also now later still again even".split())
# Words that start another clause: a speech verb after them is not this quotation's cue.
_CLAUSE_WORDS = frozenset(
    "while and but that which who whom when as because if although though after before so until"
    " unless since whether where whereas".split()
)
_DETERMINERS = frozenset("the a an his her their its our my your this that these those".split())
# Words that open a description of someone named after it ("said another
# voter, Ann Lee", "said his best friend, Ann Lee").
_DESCRIBING = frozenset("a an the his her their its another one".split())
# Contractions of a pronoun and "is" or "has" ("he's said"), not possessives.
_CONTRACTIONS = frozenset("he's she's it's that's who's there's what's".split())
# Words that put the name after them in a phrase of its own ("the spokesman for
# Ann Lee, Bob Stone,"): a name after one of them is not the subject.
_PREPOSITIONS = frozenset("for to at with by from about on in against over under".split())
# Words after which a speech verb has no subject of its own: the clause's
# subject speaks ("and said", "but told"; ", saying", "before adding").
_LINKING_VERB = frozenset("and but then".split())
_LINKING_PARTICIPLE = frozenset("and but then before after while by when".split())
# Words that open a noun phrase other than a name: the subject of a verb after them.
_NEW_SUBJECT = _DETERMINERS | frozenset("it they we i".split())
_SUBJECT_WORDS = _NEW_SUBJECT | frozenset(("he", "she"))
# "Dalton Brody is a store": a name and one of these is a sentence, not an attribution.
_AUXILIARIES = frozenset(
    "is was are were has had have will would can could may might should must does did".split()
)
# Words that open a sentence with a subordinate clause or a phrase ("After Ann
# Lee spoke, …", "On the night of the vote, …"): the main clause, and its
# subject, come after the comma.  Not "to" and "for": "To Ann Lee, Bob Stone
# is “…”" is her view.
_OPENING_PHRASE = (_PREPOSITIONS - {"to", "for"}) | frozenset(
    "after when while as although though because if before since until unless once whereas"
    " during despite amid among through within like unlike".split()
)
# A conjunction after a comma that opens a clause with a subject of its own.
_JOINED = re.compile(r",\s+(?:while|but|whereas|although|though)\s+")
# A clause's subject is named within its first few words ("Former Secretary of
# State Ann Lee"); further on, the person named is something else.
_OPENING_WORDS = 5
# A signature line under a quotation ("- Ann Lee, Dunmore.") is this short.
_SIGNATURE_WORDS = 8
# Subject pronouns that stand for a speaker, with the gender they need.  "they"
# is not one: "…,” they said" names no one (a group, or someone unsexed), and
# the quotation is left without a speaker.
_PRONOUNS = {"he": "male", "she": "female"}
# How many sentences before a quotation a pronoun's referent is looked for; a
# sentence whose subject is the same pronoun ("He added: …") is the same
# person again and does not count, up to _CHAIN_SENTENCES in all.
_REFERENT_SENTENCES = 6
_CHAIN_SENTENCES = 12
_TITLE_GENDER = {
    "mr": "male",
    "mrs": "female",
    "ms": "female",
    "miss": "female",
    "sir": "male",
    "lady": "female",
    "lord": "male",
}
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# "Mr. Obama", "Mrs Clinton": someone of known gender, even when the people finder missed them.
_TITLED = re.compile(r"\b(Mr|Mrs|Ms|Miss|Sir|Lady|Lord)\.? ([A-Z][^\W_]+)")
# A title with a gender right before a last name ("Mrs. Clinton").
_TITLE_BEFORE = re.compile(r"\b(Mr|Mrs|Ms|Miss|Sir|Lady|Lord)\.? $")


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct quotation: `start`/`end` index the body, marks excluded.

    `speaker` is the canonical name of a person of the article, or None when
    the text does not say who spoke.
    """

    start: int
    end: int
    text: str
    speaker: str | None

    def to_record(self) -> dict[str, Any]:
        """As stored in the catalog's `quotes` JSON and printed by `reader extract`
        (`extraction.quotes_from_json` reads it back)."""
        return {"start": self.start, "end": self.end, "text": self.text, "speaker": self.speaker}


def find_quotes(body: str, people: list[Person]) -> list[Quote]:
    """The quotations of `body`, in text order, attributed to `people` where possible.

    `text == body[start:end]`: the quoted words without the marks, without
    surrounding spaces and without the comma that hands over to "he said".
    Scare quotes are left out (see the module docstring).
    """
    spans = _detect(body)
    if not spans:
        return []
    return _Attributor(body, people, spans).quotes()


# ---------------------------------------------------------------- detection


@dataclass(frozen=True, slots=True)
class _Span:
    """A quoted stretch inside one paragraph."""

    open: int  # index of the opening mark
    start: int
    end: int
    close: int | None  # index of the closing mark; None when it runs to the paragraph end
    paragraph: int
    continued: bool  # the quotation started in an earlier paragraph


@dataclass(frozen=True, slots=True)
class _Mark:
    at: int
    can_open: bool
    can_close: bool
    strong_close: bool  # cannot be an apostrophe (fans’ pick)


def _detect(body: str) -> list[_Span]:
    paras = paragraphs(body)
    double = _scan(body, paras, single=False)
    single = _scan(body, paras, single=True)

    def covered(spans: list[_Span]) -> int:
        return sum(s.end - s.start for s in spans)

    return single if covered(single) > covered(double) else double


def _scan(body: str, paras: list[tuple[int, int]], *, single: bool) -> list[_Span]:
    spans: list[_Span] = []
    running = False  # the previous paragraph ended inside a quotation
    for number, (p_start, p_end) in enumerate(paras):
        marks = list(_marks(body, p_start, p_end, single=single))
        first_opens = bool(marks) and marks[0].at == p_start and marks[0].can_open
        continued = running and first_opens
        running = False
        inside: int | None = None
        for k, mark in enumerate(marks):
            if inside is None:
                if mark.can_open:
                    inside = mark.at
                continue
            if mark.can_close and (mark.strong_close or not _strong_close_ahead(marks, k)):
                spans.extend(_span(body, inside, mark.at, mark.at, number, continued))
                inside, continued = None, False
            elif mark.can_open and not mark.can_close:
                # An opening mark inside a quotation: the previous one was never
                # closed (a missing mark, or paragraphs run together).
                spans.extend(_span(body, inside, mark.at, None, number, continued))
                inside, continued = mark.at, False
        if inside is not None:
            spans.extend(_span(body, inside, p_end, None, number, continued))
            running = True
    return spans


# Two apostrophes ('') are a double quotation mark in wire and archive text
# typed without curly quotes.  Of three, the single mark of a nested quotation
# comes first when they close (''he said 'no,''') and last when they open.
_TYPED_DOUBLE = "''"
_SINGLE_MARK = re.compile(f"{_TYPED_DOUBLE}+|[{re.escape(_SINGLE)}]")
_DOUBLE_MARK = re.compile(
    f"{_TYPED_DOUBLE}(?!')|[{re.escape(_DOUBLE_OPEN + _DOUBLE_CLOSE + _DOUBLE_EITHER)}]"
)


def _strong_close_ahead(marks: list[_Mark], k: int) -> bool:
    for mark in marks[k + 1 :]:
        if mark.strong_close:
            return True
        if mark.can_open and not mark.can_close:
            return False
    return False


def _marks(body: str, start: int, end: int, *, single: bool) -> Iterator[_Mark]:
    # The quotation marks are found by a regular expression: looking at every
    # character in Python was a sixth of finding quotes.
    pattern = _SINGLE_MARK if single else _DOUBLE_MARK
    for found in pattern.finditer(body, start, end):
        at = found.start()
        if single and found.end() - at > 1:
            continue  # '' is a double mark, not two single ones
        char = body[at]
        before = body[at - 1] if at > start else " "
        after = body[found.end()] if found.end() < end else " "
        can_open = (before.isspace() or before in _OPEN_AFTER) and not after.isspace()
        can_close = not before.isspace() and not after.isalnum()
        if not single and before == " " and at - 1 > start and body[at - 2] in _SINGLE:
            # "…, 'this is important,' " Ann said: a space sets the closing mark
            # apart from the closing mark of the quotation inside.
            can_open, can_close = False, not after.isalnum()
        if not single:
            if char in _DOUBLE_OPEN:
                # An opening mark glued to the word before and followed by a
                # space closes, typed the wrong way round ("…,“ said Ann Lee").
                typo = after.isspace() and not before.isspace() and before not in _OPEN_AFTER
                can_open, can_close = not typo, typo
            elif char in _DOUBLE_CLOSE:
                can_open, can_close = False, True
        strong = not single or not after.isspace() or before in ".,!?;:…—–-"
        if can_open or can_close:
            yield _Mark(at, can_open, can_close, strong)


def _span(
    body: str, open_at: int, end: int, close: int | None, paragraph: int, continued: bool
) -> list[_Span]:
    start = open_at + (2 if body.startswith(_TYPED_DOUBLE, open_at) else 1)
    while start < end and body[start].isspace():
        start += 1
    while end > start and (body[end - 1].isspace() or body[end - 1] == ","):
        end -= 1
    if end <= start or not any(c.isalnum() for c in body[start:end]):
        return []
    return [_Span(open_at, start, end, close, paragraph, continued)]


# ---------------------------------------------------------------- attribution


@dataclass(frozen=True, slots=True)
class _Named:
    """A person mention or a pronoun standing where a speaker's name would."""

    start: int
    end: int
    person: Person | None  # None for a pronoun
    pronoun: str | None


@dataclass(frozen=True, slots=True)
class _Cue:
    """An attribution ("he said", "according to"); `named` is who it names, if anyone.

    `passed_over` when a person stands where the speaker would but is not the
    speaker ("Trump's campaign said", "a spokesman for Trump said").
    """

    named: _Named | None
    passed_over: bool = False


class _Attributor:
    def __init__(self, body: str, people: Sequence[Person], spans: list[_Span]) -> None:
        self.body = body
        self.spans = spans
        self.paras = paragraphs(body)
        self.mentions = sorted(
            ((m.start, m.end, p) for p in people for m in p.mentions), key=lambda t: t[0]
        )
        self._mention_starts = [start for start, _end, _person in self.mentions]
        # (opening mark, closing mark or end) of each quotation, in text order.
        self.inside = [(s.open, (s.close if s.close is not None else s.end)) for s in spans]
        self._opens = [op for op, _close in self.inside]
        self._para_starts = [p_start for p_start, _ in self.paras]
        self.people = people
        self.surnames = _unique_surnames(people)
        self._sentence_ends: dict[int, list[tuple[int, int]]] = {}

    def quotes(self) -> list[Quote]:
        result: list[Quote] = []
        # The quotation before, its speaker, and whether an attribution named them.
        previous: tuple[_Span, str | None, bool] | None = None
        for span in self.spans:
            cue_found, speaker, names_someone = self._cue(span)
            cued = cue_found
            words = len(self.body[span.start : span.end].split())
            attributed = cue_found and (
                speaker is not None or names_someone or self._cue_adjacent(span)
            )
            if words < MIN_WORDS and not attributed and not self._speech_noun_before(span):
                continue  # a scare quote: a word or two that nobody is said to say
            if not cue_found and self._same_sentence_as_cued(previous, span):
                # "Ann said that Bob “has a plan” and “will win”": still Ann.
                assert previous is not None
                cue_found, speaker = True, previous[1]
            if not cue_found:
                subject = self._sentence_subject(span)
                if subject is not None:
                    cue_found, speaker = True, subject
            if not cue_found and previous is not None and self._continues(previous[0], span):
                cue_found, speaker = True, previous[1]
            if not cue_found:
                speaker = self._reported_before(span)
            result.append(Quote(span.start, span.end, self.body[span.start : span.end], speaker))
            previous = (span, speaker, cued)
        return result

    def _same_sentence_as_cued(
        self, previous: tuple[_Span, str | None, bool] | None, span: _Span
    ) -> bool:
        """Is `span` in the sentence of the quotation before, whose speaker an
        attribution before it named?  That attribution governs the rest of
        the sentence, and the sentence's first person does not ("Trump
        campaign spokeswoman Ann Lee said that Trump “…” and has “…”").  One
        after it ("“…,” with Clinton") does not reach further."""
        if previous is None or not previous[2] or previous[1] is None or span.continued:
            return False
        before = previous[0]
        return (
            self._sentence_start(before.open) == self._sentence_start(span.open)
            and self._trailing(before) is None
        )

    # Where the speaker is said ---------------------------------------------

    def _cue(self, span: _Span) -> tuple[bool, str | None, bool]:
        """(an attribution was found, the speaker's name if known, a person was passed over).

        An attribution can name a person who is not the speaker ("Trump's
        campaign called it a “disgrace”"): the quotation is still one, even short.
        """
        if span.continued:
            return False, None, False
        trailing = self._trailing(span)
        if trailing is not None:
            assert span.close is not None
            return True, self._resolve(trailing, span), trailing.passed_over
        leading = self._leading(span)
        if leading is not None:
            return True, self._resolve(leading, span), leading.passed_over
        signed = self._sentence_attribution(span) or self._signed(span)
        if signed is not None:
            return True, self._resolve(signed, span), False
        return False, None, False

    def _cue_adjacent(self, span: _Span) -> bool:
        """A short quotation counts only with "he said" right after or "X said:" right before."""
        if span.close is not None and self._trailing(span) is not None:
            return True
        before = self.body[self._sentence_start(span.open) : span.open].rstrip()
        return before.endswith((":", ",")) and self._leading(span) is not None

    def _trailing(self, span: _Span) -> _Cue | None:
        """The attribution right after the closing mark ("…,” he said / said X), if any."""
        if span.close is None:
            return None
        start = span.close + 1
        end = self._window_end(start)
        window = list(self._words(start, end))
        if not window:
            return None
        if self._ends_sentence(span) and self.body[start:end].rstrip().endswith(":"):
            return None  # “…” Ann Lee replied: “…”: she answers the quotation before
        if len(window) >= 2 and window[0][2] == "according" and window[1][2] == "to":
            return _Cue(self._named_at(window[2][0], end) if len(window) > 2 else None)
        if self._ends_sentence(span) and (len(window) > 5 or not self._opens_sentence(span)):
            # “…venue.” The champion says he is fit: a sentence of its own, and
            # certainly after “a quotation inside a sentence.” Ann Lee said …
            return None
        if self._hands_over(span) and not self._title_like(span):
            apposed = self._apposed(window, end)
            if apposed is not None:
                return _Cue(apposed)
        for k, (w_start, _w_end, word) in enumerate(window[:8]):
            if word in _CLAUSE_WORDS:
                if next(self._named_in(start, w_start), None) is not None:
                    break  # "…,” Trump assured Jones, after …": a verb we do not list
                return None  # "…”, while the Democrats said": another clause
            if not self._is_speech_verb(window, k):
                continue
            if k > 0 and window[k - 1][2] == "to":
                return None  # "“…” to say the group …": what someone went on to say
            if k == 0:
                if word.endswith("ing"):
                    return None  # "“…,” adding that Trump …": the speaker is said before
                # "said Caddell", "said Mr. Trump", "said Republican strategist Ryan Williams"
                named = self._named_after(window, end)
                owner = named is None and self._named_after(window, end, owners=True) is not None
                if named is None and not owner and not self._opens_sentence(span):
                    return None  # "Ann Lee, citing “…”, said the …": she said it before
                return _Cue(named, passed_over=owner)
            if self.body[start:w_start].rstrip().endswith(","):
                # "“…” for Clinton, said Kunin": the verb comes before its subject
                named = self._named_after(window[k:], end)
                if named is not None:
                    return _Cue(named)
            # "he said", "Caddell said", "Trump campaign manager Bob Stone said",
            # "Bob Stone, a spokesman for Trump, said"; but "Trump's campaign
            # said" names no one
            before = list(self._named_in(start, w_start))
            subject = self._verb_subject(before, w_start) if before else None
            return _Cue(subject, passed_over=bool(before) and subject is None)
        first = self.body[window[0][0] : window[0][1]]
        verb_like = first.islower() and first not in _SUBJECT_WORDS | _PREPOSITIONS
        if self._hands_over(span) and verb_like:
            # “This is fantastic!” beamed Donald Hartley: a verb we do not list, then
            # a name right after it (not "linking to a story about Cruz", nor
            # "“Shame!” (for Ann Lee)": a preposition).
            named = self._named_after(window[:3], end)
            if named is not None and named.person is not None:
                return _Cue(named)
        if self._hands_over(span):
            # “…,” an angry Hollande retaliated: someone, then a verb we do not list.
            for w_start, _w_end, _word in window[:4]:
                named = self._named_at(w_start, end)
                if named is not None:
                    after = _WORD.match(self.body, named.end + 1)
                    verb = after.group() if after and after.start() == named.end + 1 else ""
                    if verb.islower() and verb not in _AUXILIARIES:
                        return _Cue(named)
                    break
        return None

    def _sentence_attribution(self, span: _Span) -> _Cue | None:
        """The attribution that closes the quotation's sentence after a comma.

        "“…” if she loses by less, said Ann Lee, an analyst." and "… and
        Clevelanders get nervous, Ann Lee said.": the whole sentence is
        attributed, the quotation in it too.
        """
        if span.close is None or self._ends_sentence(span):
            return None  # “…them.” Ann Lee, after …, wrote: a sentence of its own
        _, p_end = self._paragraph_of(span.close)
        ends = (b.mark for b in boundaries(self.body, span.close + 1, p_end))
        end = next((at for at in ends if not self._in_quote(at)), p_end)
        commas = [
            at
            for at, char in enumerate(self.body[span.close + 1 : end], span.close + 1)
            if char == "," and not self._in_quote(at)
        ]
        for comma in commas:
            window = list(self._words(comma + 1, end))
            for k in range(min(len(window), _OPENING_WORDS + 1)):
                if not self._is_speech_verb(window, k) or window[k][2].endswith("ing"):
                    continue
                if k == 0:
                    named = self._named_after(window, end)
                else:
                    before = list(self._named_in(comma + 1, window[k][0]))
                    named = self._verb_subject(before, window[k][0]) if before else None
                return _Cue(named) if named is not None and named.person is not None else None
        return None

    def _signed(self, span: _Span) -> _Cue | None:
        """A signature after a quotation that opens its paragraph: "“…” — Ann Lee",
        or a line "- Ann Lee, Dunmore." of its own right below."""
        if span.close is None or self.body[self.paras[span.paragraph][0] : span.open].strip():
            return None
        _, p_end = self.paras[span.paragraph]
        after = self.body[span.close + 1 : p_end]
        if not after.strip(" .,") and span.paragraph + 1 < len(self.paras):
            start, end = self.paras[span.paragraph + 1]
            if len(self.body[start:end].split()) > _SIGNATURE_WORDS:
                return None
        else:
            start, end = span.close + 1, p_end
        dash = re.match(r"\s*[-–—]+\s*", self.body[start:end])
        if dash is None:
            return None
        named = self._named_at(start + dash.end(), end)
        return _Cue(named) if named is not None and named.person is not None else None

    def _named_after(
        self, window: list[tuple[int, int, str]], end: int, *, owners: bool = False
    ) -> _Named | None:
        """The first person (or pronoun) in the words after a verb, before any comma.

        An owner is passed over unless `owners`: "said Trump's spokeswoman
        Hope Hicks" is Hope Hicks, "said Trump's campaign" no one.
        """
        for a_start, _a_end, _ in window[1:SUBJECT_WORDS]:
            if "," in self.body[window[0][1] : a_start]:
                return self._apposed_name(window, end)
            named = self._named_at(a_start, end)
            if named is not None and (owners or not self._possessive(named)):
                return named
        return None

    def _apposed_name(self, window: list[tuple[int, int, str]], end: int) -> _Named | None:
        """The person named right after the comma that ends a description after a
        verb: "said another Twitter user, Ann Lee", "wrote his best friend,
        Ann Lee".  The description opens with a determiner and names no one.
        """
        if len(window) < 2 or window[1][2] not in _DESCRIBING:
            return None
        comma = self.body.find(",", window[1][1], end)
        if comma < 0 or "," in self.body[window[0][1] : window[1][0]]:
            return None
        after = comma + 1
        while after < end and self.body[after] == " ":
            after += 1
        named = self._named_at(after, end)
        if named is None or named.start != after or named.person is None:
            return None
        return None if self._possessive(named) else named

    def _opens_sentence(self, span: _Span) -> bool:
        """Does the quotation open its sentence (no words before it)?"""
        before = self.body[self._sentence_start(span.open) : span.open]
        return not any(c.isalnum() for c in before)

    def _title_like(self, span: _Span) -> bool:
        """Could the quotation be a title in its sentence ("Friday on “New Day,” Ann
        Lee, a senator, said")?  Not when it opens the sentence or is a few words long."""
        short = len(self.body[span.start : span.end].split()) < MIN_WORDS
        return short and not self._opens_sentence(span)

    def _apposed(self, window: list[tuple[int, int, str]], end: int) -> _Named | None:
        """A person right after a hand-over, described between commas before the verb.

        "“…,” Ann Lee, a lawyer who knows the case, told reporters": the verb
        comes too far on, or after a "who", for the verb rules.  The name must
        open the words after the quotation (titles and roles may come first,
        but no preposition: "the spokesman for Ann Lee, Bob Stone," is not Ann
        Lee's) and be followed by a comma or a bracket.
        """
        for k, (w_start, _w_end, word) in enumerate(window[:5]):
            if word in _PREPOSITIONS or word in _CLAUSE_WORDS or self._is_speech_verb(window, k):
                return None
            named = self._named_at(w_start, end)
            if named is None:
                continue
            follows = self.body[named.end : named.end + 2].lstrip(" ")
            if named.person is not None and follows[:1] in (",", "("):
                return named
            return None
        return None

    def _speech_noun_before(self, span: _Span) -> bool:
        """Does a speech noun introduce the quotation ("his claims were “sarcasm”")?"""
        window = list(self._words(self._sentence_start(span.open), span.open))
        return any(
            word in _SPEECH_VERBS and not self._is_speech_verb(window, k)
            for k, (_s, _e, word) in enumerate(window)
        )

    def _is_speech_verb(self, window: list[tuple[int, int, str]], k: int) -> bool:
        """Is word `k` a speech verb, not a noun ("his remarks", "Ginsburg's comments",
        "10 points")?"""
        if window[k][2] not in _SPEECH_VERBS:
            return False
        if k == 0:
            return True
        before = window[k - 1][2]
        owner = before.endswith(("'s", "s'")) and before not in _CONTRACTIONS
        return before not in _DETERMINERS and not owner and not before.isdigit()

    def _possessive(self, named: _Named) -> bool:
        """Is the name an owner ("Trump's campaign", "Sanders' aides") rather than a subject?"""
        after = self.body[named.end : named.end + 2]
        return after[:1] in "'’" and (after[1:] in ("s", "S") or not after[1:].isalpha())

    def _ends_sentence(self, span: _Span) -> bool:
        """Does the quotation end with a full stop inside its marks (“…venue.”)?"""
        return self.body[span.end - 1] in ".…" and not is_abbreviation(self.body, span.end - 1)

    def _hands_over(self, span: _Span) -> bool:
        """Does the quotation end with a comma, "?" or "!" (“…,” he said) rather than a stop?"""
        assert span.close is not None
        inside = self.body[span.end : span.close] or self.body[span.end - 1 : span.end]
        after = self.body[span.close + 1 : span.close + 3].lstrip("'")  # past a '' mark
        return any(c in ",?!" for c in inside) or after[:1] == ","

    def _leading(self, span: _Span) -> _Cue | None:
        """The attribution before the opening mark in the same sentence ("X said: “…”")."""
        sentence = self._sentence_start(span.open)
        if sentence == span.open and span.paragraph > 0:
            # "Caddell continued:" as a paragraph of its own, the quotation below it.
            p_start, p_end = self.paras[span.paragraph - 1]
            if (
                self.body[p_start:p_end].rstrip().endswith(":")
                and sentence == self.paras[span.paragraph][0]
            ):
                sentence = self._sentence_start(p_end - 1)
        previous_close = max(
            (close for _op, close in self.inside if sentence <= close < span.open),
            default=None,
        )
        start = sentence if previous_close is None else previous_close + 1
        window = list(self._words(start, span.open))
        for k, (_s, _e, word) in enumerate(window[:-1]):
            if word == "according" and window[k + 1][2] == "to":
                after = window[k + 2][0] if k + 2 < len(window) else span.open
                return _Cue(self._named_at(after, span.open))
        verbs = [k for k in range(len(window)) if self._is_speech_verb(window, k)]
        if not verbs:
            if self.body[start : span.open].rstrip().endswith(":"):
                # A colon hands over to the person named right before it ("…
                # surprise pollster Daron Shaw: “…”", "More from Jones: “…”") or
                # else to the first ("Here is Clinton in 1992: “…”"); not to an
                # owner or an object ("a message to Trump: “…”").
                named = list(self._named_in(start, span.open))
                last_before = named and not self.body[named[-1].end : span.open].strip(" :)")
                for candidate in [named[-1]] if last_before else named[:1]:
                    source = self._object(candidate, but="from")
                    # "“…,” he said, and that she learned: “…”" goes on with him.
                    person = candidate.person is not None or start == sentence
                    if person and not self._possessive(candidate) and not source:
                        return _Cue(candidate)
            return None
        colon = self._colon_clause(start, window[verbs[-1]][0], span.open)
        if colon is not None:
            return _Cue(colon)
        verb = next((k for k in reversed(verbs) if self._said_by_name(window, k)), verbs[-1])
        verb_start = window[verb][0]
        before_verb = list(self._named_in(start, verb_start))
        after_verb = next(
            (n for w, _e, _w in window[verb + 1 : verb + 3] if (n := self._named_at(w, span.open))),
            None,
        )
        # "said that Trump …": Trump is in what was said.
        reported = window[verb + 1 : verb + 2] != [] and window[verb + 1][2] == "that"
        inverted = after_verb if after_verb is not None and not reported else None
        subject: _Named | None
        if not before_verb and inverted is not None and self._handed_over(inverted, span):
            subject = inverted  # "said Trump: “…”", "“…” But, said Ann Lee, “…”"
        elif self._shares_subject(verb_start, window[verb][2]):
            # "Trump attacked Bush, calling him “…”", "Wilson praised Rubio and said
            # the senator can “…”": the verb has no subject of its own.
            subject = self._shared_subject(sentence, verb_start)
        elif before_verb:
            subject = self._verb_subject(before_verb, verb_start)
        elif inverted is not None and verb == 0 and not self._possessive(inverted):
            subject = inverted  # "Said Ann Lee, who grew up there, “…”"
        else:
            subject = None
        return _Cue(subject, passed_over=subject is None and bool(before_verb or after_verb))

    def _colon_clause(self, start: int, last_verb: int, open_at: int) -> _Named | None:
        """The person who hands over with a colon in a clause of their own, after
        the sentence's speech verbs: "When Ann Lee said …, Bob Stone fired
        back: “…”", "… , to which Bob Stone replied curtly: “…”"."""
        if not self.body[start:open_at].rstrip().endswith(":"):
            return None
        commas = list(self._commas(last_verb, open_at))
        return self._subject_at(commas[-1] + 1, open_at) if commas else None

    def _said_by_name(self, window: list[tuple[int, int, str]], k: int) -> bool:
        """Is speech verb `k` right after a person's name ("Ryan said Trump's
        criticism … called …")?  That is the sentence's attribution, not a
        speech verb further on in what was said."""
        if k == 0:
            return False
        named = self._named_at(window[k - 1][0], window[k][0])
        return (
            named is not None
            and named.person is not None
            and not self.body[named.end : window[k][0]].strip()
        )

    def _handed_over(self, named: _Named, span: _Span) -> bool:
        """Does the quotation follow the name right away ("said Trump: “…”")?

        A name after the verb further on ("says Trump's plan is “…”", "said
        that Trump will …") is part of what was said.
        """
        return not self.body[named.end : span.open].strip(" ,:")

    def _verb_subject(self, named: list[_Named], verb_start: int) -> _Named | None:
        """Of the people named before a speech verb, the one who is its subject.

        The nearest, unless it is an owner or the object of a preposition:
        then no one ("Trump's campaign said", "a spokesman for Trump said"),
        or the person that phrase describes ("Bob Stone, a spokesman for Ann
        Lee, said", "Bob Stone, who worked for Ann Lee, said").
        """
        nearest = named[-1]
        verb = _WORD.match(self.body, verb_start)
        participle = verb is not None and verb.group().endswith("ing")
        if participle and not self.body[nearest.end : verb_start].strip():
            return nearest  # "with McCain calling it …": his words, after a preposition too
        for candidate in reversed(named):
            if self._possessive(candidate) or self._object(candidate):
                continue
            if self._inserted(candidate, named, verb_start):
                continue
            described = candidate is not nearest
            if described and not re.match(r"\s*(,|\(|—|–|who\b)", self.body[candidate.end :]):
                return None
            if self._other_subject(candidate.end, verb_start):
                return None  # "While Trump spoke, the group said"
            return candidate
        return None

    def _inserted(self, candidate: _Named, named: list[_Named], verb_start: int) -> bool:
        """Is `candidate` inside a phrase set off by commas that describes a person
        named before it ("Ann Lee, who endorsed Bob Stone, said", "Ann Lee, a
        Stone supporter, said")?  The phrase says something about Ann Lee;
        she is the subject.  A name that opens the phrase is the one described
        ("the spokesman for Ann Lee, Bob Stone, said").
        """
        if "," not in self.body[candidate.end : verb_start]:
            return False  # the phrase does not close before the verb
        for earlier in named:
            if earlier.start >= candidate.start:
                return False
            opening = re.match(
                r"\s*(?:\([^()]*\)\s*)?[,(]\s*", self.body[earlier.end : candidate.start]
            )
            if opening is not None and earlier.end + opening.end() < candidate.start:
                return True
        return False

    def _shared_subject(self, sentence: int, verb_start: int) -> _Named | None:
        """Who speaks a verb without a subject of its own: the subject of the speech
        verb before it in the sentence ("Spicer said, adding …" even after "Ryan
        and Trump will meet, Spicer said"), else the subject of the sentence."""
        words = [w for w in self._words(sentence, verb_start) if not self._in_quote(w[0])]
        earlier = [k for k in range(len(words)) if self._is_speech_verb(words, k)]
        if earlier and earlier[-1] > 0:
            # Only a name right before the verb ("Spicer said"): "campaign points"
            # and "…, who worked for Trump, said" are not read as subject and verb.
            named = self._named_at(words[earlier[-1] - 1][0], words[earlier[-1]][0])
            if named is not None and not self.body[named.end : words[earlier[-1]][0]].strip():
                return named
        return self._clause_subject(self._main_clause(sentence, verb_start), verb_start)

    def _shares_subject(self, verb_start: int, verb: str) -> bool:
        """Is the speech verb at `verb_start` without a subject of its own?

        A participle after a comma or a linking word (", saying", "before
        adding") and a verb joined by "and" or "but" ("and said") belong to the
        subject of the clause they follow.
        """
        # The comma may be inside the quotation before ("“…,” adding") or
        # before an adverb (", recently telling").
        before = self.body[max(0, verb_start - 40) : verb_start].rstrip(" " + _CLOSING)
        before = re.sub(r"(\s+[^\W_]+ly)+$", "", before)
        if verb.endswith("ing") and before.endswith(","):
            return True
        previous = [fold(w) for w in _WORD.findall(before)[-2:]]
        if previous and (previous[-1].endswith("ly") or previous[-1] in _ADVERBS):
            previous = previous[:-1]  # "and then also said", "but now said"
        if not previous:
            return False
        linking = _LINKING_PARTICIPLE if verb.endswith("ing") else _LINKING_VERB
        return previous[-1] in linking

    def _clause_subject(self, sentence: int, before: int) -> _Named | None:
        """The person the sentence at `sentence` is about: its subject, if a person.

        The first person or pronoun named that only a few words open its
        clause with ("On Monday, former governor Jeb Bush …"), none of them a
        preposition or a verb ("When asked, she …" is passed over); none when
        a name comes first as an owner or after a preposition ("The ad cuts
        to Trump …" has no person as its subject).
        """
        for named in self._named_in(sentence, before):
            if self._possessive(named) or self._object(named):
                return None
            clause = max(sentence, self.body.rfind(",", sentence, named.start) + 1)
            words = self._words(clause, named.start)
            opening = [word for at, _end, word in words if not self._in_quote(at)]
            if opening[:1] and opening[0] in _SPEECH_VERBS:
                opening = opening[1:]  # “…,” said Ann Lee, adding …
            if len(opening) <= _OPENING_WORDS and not any(
                w in _PREPOSITIONS or w in _SPEECH_VERBS or w.endswith("ed") for w in opening
            ):
                return named
        return None

    def _object(self, named: _Named, but: str = "") -> bool:
        """Is the name the object of a preposition ("a spokesman for Secretary Clinton")?

        `but` is a preposition that does not count.  Capitalised words, "of"
        and "the" just before the name are its title ("for
        the Rev. Al Green") or a longer name ("the Trump Organization"); a
        punctuation mark ends the phrase.
        """
        start = max(self._sentence_start(named.start), named.start - 60)
        phrase = re.split(r"[^\w\s'’.-]", self.body[start : named.start])[-1]
        for word in reversed(_WORD.findall(phrase)):
            if word[0].isupper() or word in ("of", "the"):
                continue
            return fold(word) in _PREPOSITIONS and fold(word) != but
        return False

    def _other_subject(self, after: int, verb_start: int) -> bool:
        """Does the speech verb have a subject of its own after the name at `after`?

        "While Clinton spoke, the groups who wrote to her say": the last part of
        the text before the verb opens with a determiner or a pronoun, so it is
        that noun, not Clinton, who speaks.
        """
        between = self.body[after:verb_start]
        if "," not in between.lstrip()[1:]:
            return False  # none, or only the one of "Ann Lee, a lawyer, said"
        last = _WORD.findall(between.rsplit(",", 1)[1])
        return bool(last) and fold(last[0]) in _NEW_SUBJECT

    # Who is named where -----------------------------------------------------

    def _named_at(self, at: int, limit: int) -> _Named | None:
        """A person mention or pronoun starting at `at` (a title word may come first)."""
        first = bisect_right(self._mention_starts, at - 1)
        for start, end, person in self.mentions[first : first + 4]:
            if at <= start < min(limit, at + 6) and end <= limit:
                gap = self.body[at:start]
                if start == at or (gap.rstrip(". ").isalpha() and gap.endswith((" ", ". "))):
                    return _Named(start, end, person, None)
            if start > at + 6:
                break
        match = _WORD.match(self.body, at)
        if match is None or match.end() > limit:
            return None
        word = fold(match.group())
        if word in _PRONOUNS:
            return _Named(match.start(), match.end(), None, word)
        if match.group()[0].isupper() and self.body[at - 1 : at] not in ("-", "‑"):
            # (not "pro-Clinton": part of a word, not a mention)
            surname_of = self._surname_person(word, match.start())
            if surname_of is not None:
                return _Named(match.start(), match.end(), surname_of, None)
        return None

    def _surname_person(self, surname: str, at: int) -> Person | None:
        """The person a last name at `at` stands for, if only one fits.

        The one person of the article with that last name; or, after a title
        with a gender ("Mrs. Clinton" is not Bill Clinton), the one of them
        of that gender, or else whose gender does not contradict it; or else
        the one of them mentioned last before `at`.
        """
        if surname in self.surnames:
            return self.surnames[surname]
        same = [p for p in self.people if _surname(p) == surname]
        if not same:
            return None
        title = _TITLE_BEFORE.search(self.body, max(0, at - 6), at)
        gender = _TITLE_GENDER.get(fold(title.group(1))) if title else None
        if gender is not None:
            for allowed in ((gender,), (gender, None)):
                fits = [p for p in same if self._gender(p) in allowed]
                if len(fits) == 1:
                    return fits[0]
            same = [p for p in same if self._gender(p) in (gender, None)]
        # The one named last before: "Jeb Bush says … Bush says" is Jeb Bush.
        k = bisect_left(self._mention_starts, at) - 1
        while k >= 0:
            if self.mentions[k][2] in same:
                return self.mentions[k][2]
            k -= 1
        return None

    def _named_in(self, start: int, end: int) -> Iterator[_Named]:
        """People and pronouns between `start` and `end`, in text order, outside quotations."""
        for w_start, _w_end, _word in self._words(start, end):
            if self._in_quote(w_start):
                continue
            named = self._named_at(w_start, end)
            if named is not None and named.start == w_start:
                yield named

    def _resolve(self, cue: _Cue, span: _Span) -> str | None:
        named = cue.named
        if named is None:
            return None
        if named.person is not None:
            return named.person.name
        assert named.pronoun is not None
        subject = self._narrative_subject(span.open, named.pronoun)
        return subject.name if subject else None

    def _narrative_subject(self, before: int, pronoun: str) -> Person | None:
        """The person a pronoun before `before` stands for, or None when it is not clear.

        Sentence by sentence back from `before`, outside quotations: a sentence
        whose subject is this pronoun ("He added: …") is about the same person,
        so the search goes on before it; otherwise the first person
        named whose gender does not contradict the pronoun.  Someone with a
        title the people finder does not know ("Mr. Obama") is a person too:
        when they are the nearest match, the answer is None rather than
        someone further away.
        """
        gender = _PRONOUNS[pronoun]
        end = before
        counted = 0
        for _ in range(_CHAIN_SENTENCES):
            start = self._sentence_start(end)
            named = list(self._named_in(start, end))
            if not self._opens_with(start, named, pronoun):
                counted += 1
                found = self._compatible(start, end, named, gender)
                if found is not None:
                    return found[0]
            if start == 0 or counted >= _REFERENT_SENTENCES:
                break
            end = start - 1
        return None

    def _opens_with(self, start: int, named: list[_Named], pronoun: str) -> bool:
        """Is the sentence at `start` about the person `pronoun` stands for already?

        It is when the first person or pronoun it names is that pronoun ("He
        added: …", "In Honolulu, he told …"), except when the pronoun sits in
        an opening phrase and the person it announces comes right after the
        comma ("Asked whether he would stay, Tom Jones paused").
        """
        if not named or named[0].pronoun != pronoun:
            return False
        comma = self.body.find(",", start, named[-1].start)
        if comma < named[0].end or named[0].start == start:
            return True  # "He added, …": the pronoun opens the sentence
        after = next((n for n in named if n.start > comma), None)
        announced = (
            after is not None
            and after.person is not None
            and not self.body[comma + 1 : after.start].strip()
        )
        return not announced

    def _compatible(
        self, start: int, end: int, named: list[_Named], gender: str
    ) -> tuple[Person | None] | None:
        """The first person of `named` (or titled stranger) the gender allows, in text order.

        `(None,)` when that is someone the article's people do not hold.
        """
        candidates: list[tuple[int, Person | None]] = [
            (n.start, n.person) for n in named if n.person is not None
        ]
        for match in _TITLED.finditer(self.body, start, end):
            at = match.start(2)
            if self._in_quote(at) or any(s <= at < e for s, e, _p in self._mentions_near(at)):
                continue
            if fold(match.group(2)) in self.surnames:
                continue  # "Mr. Trump", a mention the finder missed: _named_in has it
            if _TITLE_GENDER[fold(match.group(1))] == gender:
                candidates.append((at, None))
        for _at, person in sorted(candidates, key=lambda c: c[0]):
            if person is None:
                return (None,)
            if self._gender(person) in (gender, None):
                return (person,)
        return None

    def _mentions_near(self, at: int) -> list[tuple[int, int, Person]]:
        first = bisect_right(self._mention_starts, at - 40)
        return [m for m in self.mentions[first : first + 8] if m[0] <= at]

    def _gender(self, person: Person) -> str | None:
        for mention in person.mentions:
            title = self.body[max(0, mention.start - 6) : mention.start].split()
            if title:
                found = _TITLE_GENDER.get(fold(title[-1]).rstrip("."))
                if found:
                    return found
        given = person.name.split()[0] if len(person.name.split()) > 1 else None
        return _given_name_gender(given) if given else None

    # Text positions -----------------------------------------------------------

    def _words(self, start: int, end: int) -> Iterator[tuple[int, int, str]]:
        for match in _WORD.finditer(self.body, start, end):
            yield match.start(), match.end(), fold(match.group())

    def _in_quote(self, at: int) -> bool:
        k = bisect_right(self._opens, at) - 1
        return k >= 0 and at <= self.inside[k][1]

    def _paragraph_of(self, at: int) -> tuple[int, int]:
        """The paragraph holding `at`, or the last one before it (for blank lines)."""
        k = bisect_right(self._para_starts, at) - 1
        return self.paras[k] if k >= 0 else (0, 0)

    def _sentence_start(self, at: int) -> int:
        """Start of the sentence holding `at`, never before its paragraph."""
        p_start, p_end = self._paragraph_of(at)
        at = min(at, p_end)
        # The paragraph's sentence ends outside quotations, found once: the
        # rules ask for the sentences of the same paragraphs again and again.
        ends = self._sentence_ends.get(p_start)
        if ends is None:
            ends = self._sentence_ends[p_start] = [
                (b.mark, b.stop)
                for b in boundaries(self.body, p_start, p_end)
                if not self._in_quote(b.mark)
            ]
        k = bisect_left(ends, (at, -1)) - 1
        start = ends[k][1] if k >= 0 and ends[k][1] <= at else p_start
        # Text past `at` is not read: a mark right before it ends a sentence.
        for boundary in boundaries(self.body, start, at):
            if not self._in_quote(boundary.mark):
                start = boundary.stop
        while start < at and self.body[start].isspace():
            start += 1
        return start

    def _window_end(self, start: int) -> int:
        """End of the cue after a closing mark: the sentence end, a new quotation or 120 chars."""
        _, p_end = self._paragraph_of(start)
        end = min(p_end, start + 120)
        k = bisect_left(self._opens, start)
        if k < len(self._opens) and self._opens[k] < end:
            end = self._opens[k]
        found = next(boundaries(self.body, start, end), None)
        return end if found is None else found.mark

    # Continuing speakers ----------------------------------------------------

    def _sentence_subject(self, span: _Span) -> str | None:
        """For a quotation inside a sentence with no attribution, the person it opens with.

        "Bush referred to Rubio as “a bright leader”" is Bush's.  None when the
        quotation opens its sentence, no one is named in its first words, or the
        first named is an owner or after a preposition ("Trump's critics call it
        “…”", "In a letter to Trump, …").
        """
        sentence = self._main_clause(self._sentence_start(span.open), span.open)
        sentence = self._joined_clause(sentence, span.open)
        window = list(self._words(sentence, span.open))[:SUBJECT_WORDS]
        if not window:
            return None
        named = next(self._named_in(sentence, window[-1][1]), None)
        if named is None or self._possessive(named) or self._object(named):
            return None
        return self._resolve(_Cue(named), span)

    def _main_clause(self, sentence: int, before: int) -> int:
        """Where the main clause of the sentence at `sentence` opens, when an
        opening phrase comes first and a person is named right after its comma.

        "After Ann Lee criticised the plan, Bob Stone shot back, “…”",
        "Responding to Ann Lee, Bob Stone called it “…”" and "On the last
        night of a long campaign in the north, Bob Stone called it “…”" are
        about Bob Stone.  With no one named after the comma ("As Ann Lee put
        it, “…”"), the sentence start.
        """
        first = _WORD.match(self.body, sentence)
        if first is None or not first.group()[:1].isupper():
            return sentence
        word = fold(first.group())
        if word not in _OPENING_PHRASE and not word.endswith("ing"):
            return sentence
        opening = next(self._named_in(sentence, before), None)
        if opening is not None and opening.start == sentence:
            return sentence  # "King called it …": a name, not a participle
        comma = next(self._commas(sentence, before), None)
        if comma is None or self._subject_at(comma + 1, before) is None:
            return sentence
        return comma + 1

    def _joined_clause(self, sentence: int, before: int) -> int:
        """Where the last clause before `before` opens, when a conjunction after a
        comma joins it and a person is named right after the conjunction: in
        "Ann Lee signed the order, while Bob Stone called it “…”" the quotation
        is Bob Stone's.  Else `sentence`."""
        joined = None
        for found in _JOINED.finditer(self.body, sentence, before):
            if not self._in_quote(found.start()):
                joined = found
        if joined is None:
            return sentence
        return sentence if self._subject_at(joined.end(), before) is None else joined.end()

    def _subject_at(self, start: int, before: int) -> _Named | None:
        """The person named within the first few words after `start` (a clause's
        opening), unless an owner or after a preposition: its subject."""
        words = list(self._words(start, before))[:_OPENING_WORDS]
        named = next(self._named_in(start, words[-1][1]), None) if words else None
        if named is None or named.person is None:
            return None
        return None if self._possessive(named) or self._object(named) else named

    def _commas(self, start: int, end: int) -> Iterator[int]:
        """The commas between `start` and `end`, outside quotations."""
        at = self.body.find(",", start, end)
        while at >= 0:
            if not self._in_quote(at):
                yield at
            at = self.body.find(",", at + 1, end)

    def _reported_before(self, span: _Span) -> str | None:
        """For a quotation that opens its sentence with no attribution, the person
        the sentence before reports speaking ("Ash argued in his email that the
        rules were broken. “In light of this …”"), in its paragraph or, when the
        quotation opens its paragraph, at the end of the paragraph before."""
        sentence = self._sentence_start(span.open)
        if self.body[sentence : span.open].strip(_OPENING_MARKS + " "):
            return None
        p_start, _ = self._paragraph_of(span.open)
        if sentence > p_start:
            # From the end mark of the sentence before, not the space after it.
            last = len(self.body[p_start:sentence].rstrip()) + p_start - 1
            before = self._sentence_start(max(last, p_start))
        elif span.paragraph > 0:
            _, previous_end = self.paras[span.paragraph - 1]
            before = self._sentence_start(previous_end - 1)
        else:
            return None
        end = sentence if sentence > p_start else self.paras[span.paragraph - 1][1]
        window = [w for w in self._words(before, end) if not self._in_quote(w[0])]
        verbs = [k for k in range(len(window)) if self._is_speech_verb(window, k)]
        if not verbs:
            return None
        verb_start, verb = window[verbs[0]][0], window[verbs[0]][2]
        named = list(self._named_in(before, verb_start))
        if self._shares_subject(verb_start, verb):
            subject = self._shared_subject(before, verb_start)
        else:
            subject = self._verb_subject(named, verb_start) if named else None
        return self._resolve(_Cue(subject), span) if subject is not None else None

    def _continues(self, previous: _Span, span: _Span) -> bool:
        """Does an unattributed `span` go on with the speaker of `previous`?"""
        if span.continued:
            return True
        if previous.paragraph == span.paragraph:
            return True
        p_start, _ = self.paras[span.paragraph]
        opens_paragraph = not self.body[p_start : span.open].strip()
        return opens_paragraph and span.paragraph - previous.paragraph == 1


def _surname(person: Person) -> str:
    return fold(person.name.split()[-1]) if person.name.split() else ""


def _unique_surnames(people: Sequence[Person]) -> dict[str, Person]:
    """Folded last name -> the one person of the article who has it.

    For mentions the people finder missed ("Trump says" at the start of a
    sentence, "Mr. Trump").  Names that differ only by a middle name or
    initial ("Donald J. Trump", "Donald Trump") are one person, the one
    mentioned most; a last name shared by different given names is no one's.
    """
    by_surname: dict[str, list[Person]] = {}
    for person in people:
        if person.name.split():
            by_surname.setdefault(_surname(person), []).append(person)
    unique = {}
    for surname, group in by_surname.items():
        given = {fold(p.name.split()[0]) for p in group if len(p.name.split()) > 1}
        if len(group) == 1 or (len(given) == 1 and all(len(p.name.split()) > 1 for p in group)):
            unique[surname] = max(group, key=lambda p: len(p.mentions))
    return unique


@lru_cache(maxsize=1)
def _name_genders() -> dict[str, str]:
    """Folded given name -> "male" or "female", for the names gender-guesser is sure of.

    Kept in the user's cache folder (`reader.wordcache`): reading the package's
    table takes a third of a second in every process that finds quotes.
    """
    from reader.wordcache import cached, versions_key

    return cached("genders", versions_key("gender-guesser"), _build_name_genders)


def _build_name_genders() -> dict[str, str]:
    try:
        from gender_guesser.detector import Detector
    except ModuleNotFoundError:
        return {}
    detector = Detector(case_sensitive=False)
    genders = {}
    for name in detector.names:
        found = detector.get_gender(name)
        # "mostly_female" names (Kim, Jamie) are left unknown rather than forced.
        if found in ("male", "female"):
            genders[name] = found
    return genders


def _given_name_gender(name: str) -> str | None:
    """ "male", "female" or None (unknown, or given to both) for a given name."""
    return _name_genders().get(name.lower())
