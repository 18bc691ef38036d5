"""Finding direct quotations and who said them, on the seed and on small handwritten texts."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.articles import read_file
from reader.cli import main
from reader.library import Library
from reader.people import Mention, Person, extract_people, key_of
from reader.quotes import Quote, find_quotes

# Fixtures that are helpers (tests/conftest.py).
Write = Callable[[Path, str | bytes], Path]


@pytest.fixture
def seed_quotes(seed_article: Path) -> tuple[str, list[Quote]]:
    """The seed's body and its quotes."""
    body = read_file(seed_article).articles[0].body
    return body, find_quotes(body, extract_people(body))


def person(body: str, name: str, *forms: str) -> Person:
    """A person with a mention at every occurrence of `name` and of the other `forms`."""
    mentions = []
    for form in (name, *forms):
        at = body.find(form)
        while at >= 0:
            mentions.append(Mention(at, at + len(form), form))
            at = body.find(form, at + len(form))
    mentions.sort(key=lambda m: m.start)
    return Person(name, key_of(name), tuple(forms), tuple(mentions))


def test_every_block_quote_of_the_seed_is_xabi_alonsos(
    seed_quotes: tuple[str, list[Quote]],
) -> None:
    _, quotes = seed_quotes
    block = [q for q in quotes if len(q.text.split()) > 5]
    assert len(block) == 9
    assert {q.speaker for q in block} == {"Xabi Alonso"}
    # Carragher is named closer to the first quotation, but "he" is Alonso.
    assert block[0].text.startswith("I prefer to take it step by step")
    assert block[-1].text == "I like doing what I’m doing at the moment."


def test_offsets_index_the_body_without_the_marks(seed_quotes: tuple[str, list[Quote]]) -> None:
    body, quotes = seed_quotes
    for quote in quotes:
        assert body[quote.start : quote.end] == quote.text
        assert quote.text[0] not in "“”‘’\"' " and quote.text[-1] not in "“”‘’\"', "


def test_a_quotation_over_several_paragraphs_gives_one_quote_per_paragraph(
    seed_quotes: tuple[str, list[Quote]],
) -> None:
    _, quotes = seed_quotes
    texts = [q.text for q in quotes]
    assert "The key thing is that you need to feel prepared." in texts
    assert any(t.startswith("[It will mean] having more knowledge") for t in texts)
    assert all("\n" not in t for t in texts)


def test_partial_quote_inside_a_sentence_is_found(seed_quotes: tuple[str, list[Quote]]) -> None:
    _, quotes = seed_quotes
    partial = [q for q in quotes if q.text == "taking things slowly."]
    # No "said": the quotation goes to the person the sentence opens with.
    assert [q.speaker for q in partial] == ["Xabi Alonso"]


def test_partial_quote_goes_to_the_person_the_sentence_opens_with() -> None:
    body = "Jeb Bush referred to Marco Rubio as “a bright, charismatic leader” on Monday."
    people = [person(body, "Jeb Bush"), person(body, "Marco Rubio")]
    assert [q.speaker for q in find_quotes(body, people)] == ["Jeb Bush"]


def test_scare_quotes_are_not_offered(seed_quotes: tuple[str, list[Quote]]) -> None:
    _, quotes = seed_quotes
    texts = [q.text for q in quotes]
    for scare in ("in-house", "big", "not rushing", "enjoying"):
        assert scare not in texts


def test_one_word_with_an_attribution_is_a_quote() -> None:
    body = "Asked whether he would stay, Tom Jones paused. “No,” he said."
    quotes = find_quotes(body, [person(body, "Tom Jones")])
    assert quotes == [Quote(body.index("No"), body.index("No") + 2, "No", "Tom Jones")]


def test_said_x_x_said_and_according_to_x() -> None:
    body = (
        "“We will win the vote next week,” said Ann Lee.\n\n"
        "“The numbers are simply not there,” Bob Stone said.\n\n"
        "“It is all over for them now,” according to Ann Lee.\n\n"
        "Bob Stone said: “We have never been more ready for this.”"
    )
    people = [person(body, "Ann Lee"), person(body, "Bob Stone")]
    assert [q.speaker for q in find_quotes(body, people)] == [
        "Ann Lee",
        "Bob Stone",
        "Ann Lee",
        "Bob Stone",
    ]


def test_the_speaker_is_the_name_next_to_the_verb_not_the_first_in_the_sentence() -> None:
    body = (
        "As for analysts who prefer Hillary Clinton, John Bolton said, “They have not "
        "studied her at all.”\n\n"
        "“France will always be France,” an angry Francois Hollande retaliated."
    )
    people = [
        person(body, "Hillary Clinton"),
        person(body, "John Bolton"),
        person(body, "Francois Hollande"),
    ]
    assert [q.speaker for q in find_quotes(body, people)] == ["John Bolton", "Francois Hollande"]


def test_a_sentence_after_a_closed_quotation_is_not_its_attribution() -> None:
    body = (
        "Kim Collins ran in Birmingham in 2003. “I got a great reception there,” he said. "
        "“It will be exciting to return.” The coach of Maurice Greene says he is fit."
    )
    people = [person(body, "Kim Collins"), person(body, "Maurice Greene")]
    # Kim is a name given to women and men: "he" still finds Collins.
    assert [q.speaker for q in find_quotes(body, people)] == ["Kim Collins", "Kim Collins"]


def test_a_colon_hands_over_to_the_person_named_before_it() -> None:
    body = "Here is Ann Lee in December 1992: “Our new direction must rest on the facts.”"
    assert [q.speaker for q in find_quotes(body, [person(body, "Ann Lee")])] == ["Ann Lee"]


def test_said_then_a_description_then_the_name() -> None:
    body = (
        "“It just became a crowded race for votes,” said Republican political consultant "
        "Chris Russell.\n\n“This is fantastic, really!” beamed Donald Hartley of Madison."
    )
    people = [person(body, "Chris Russell"), person(body, "Donald Hartley")]
    assert [q.speaker for q in find_quotes(body, people)] == ["Chris Russell", "Donald Hartley"]


def speakers(body: str, *names: str) -> list[str | None]:
    """The speakers of `body`'s quotations, the people being `names` (full names only)."""
    return [q.speaker for q in find_quotes(body, [person(body, name) for name in names])]


def test_a_described_speaker_after_the_quotation() -> None:
    body = (
        "“The bridge will be open before the winter,” Ann Lee, who chairs the "
        "transport committee of the county council, told reporters.\n\n"
        "“Nobody has asked the people who live there,” Bob Stone, a farmer "
        "from Dunmore and a critic of the plan, said on Monday."
    )
    assert speakers(body, "Ann Lee", "Bob Stone") == ["Ann Lee", "Bob Stone"]


def test_an_owner_is_not_the_speaker() -> None:
    body = (
        "“We will appeal the decision,” Ann Lee's campaign said.\n\n"
        "“The count was fair and it was quick,” Ann Lee's spokesman Bob Stone said.\n\n"
        "Bob Stone told reporters that Ann Lee's comments were “a disgrace to the office”."
    )
    # "comments" after an owner is a noun, not the verb whose subject speaks.
    assert speakers(body, "Ann Lee", "Bob Stone") == [None, "Bob Stone", "Bob Stone"]


def test_a_participle_or_a_second_verb_speaks_for_the_subject_of_the_sentence() -> None:
    body = (
        "Ann Lee attacked Bob Stone on Monday, calling him “a danger to the town”.\n\n"
        "Carl Diaz praised Bob Stone's record and said the mayor was “the best we ever had”.\n\n"
        "Ann Lee said the vote was “a disgrace,” adding that Carl Diaz “should know better”."
    )
    assert speakers(body, "Ann Lee", "Bob Stone", "Carl Diaz") == [
        "Ann Lee",
        "Carl Diaz",
        "Ann Lee",
        "Ann Lee",
    ]


def test_a_name_after_a_preposition_is_not_the_speaker() -> None:
    body = (
        "A spokesman for Ann Lee said: “The minister has nothing to add.”\n\n"
        "Bob Stone, a former aide to Ann Lee, said: “She never wanted the job.”"
    )
    assert speakers(body, "Ann Lee", "Bob Stone") == [None, "Bob Stone"]


def test_a_source_that_is_not_a_person_gives_no_speaker() -> None:
    body = (
        "The report says Ann Lee's plan is “too costly for a small town”.\n\n"
        "It stated that Ann Lee supports “a tax on every second home”.\n\n"
        "While Ann Lee was speaking, the protesters said they were “not going home”.\n\n"
        "The council attacked Ann Lee, saying her budget was “pure fiction from start to end”."
    )
    assert speakers(body, "Ann Lee") == [None, None, None, None]


def test_a_title_and_a_last_name_the_people_finder_missed() -> None:
    body = (
        "Mary Lee and John Lee own the mill.\n\n"
        "“We will not sell it to anyone,” Mrs. Lee said.\n\n"
        "“The mill stays in the family,” Mr. Lee said."
    )
    people = [person(body, "Mary Lee"), person(body, "John Lee")]
    assert [q.speaker for q in find_quotes(body, people)] == ["Mary Lee", "John Lee"]
    # Two spellings of one name, two people for the people finder: "Stone" is one of them.
    body = "Donald J. Stone spoke. Donald Stone left.\n\n“It is over for us,” Stone said."
    people = [person(body, "Donald J. Stone"), person(body, "Donald Stone")]
    assert [q.speaker for q in find_quotes(body, people)] in (["Donald J. Stone"], ["Donald Stone"])


def test_the_next_sentence_is_not_the_attribution_of_a_quotation_inside_a_sentence() -> None:
    body = (
        "Ann Lee called Bob Stone “a liar and a cheat.” Carl Diaz said the mayor "
        "“has never told a lie in his life.”"
    )
    assert speakers(body, "Ann Lee", "Bob Stone", "Carl Diaz") == ["Ann Lee", "Carl Diaz"]


def test_a_verb_before_its_subject_after_a_comma() -> None:
    body = "“This will be very hard” for the town, said Ann Lee, the mayor of Dunmore."
    assert speakers(body, "Ann Lee") == ["Ann Lee"]


def test_a_name_in_a_later_clause_is_not_the_speaker() -> None:
    body = (
        "Ann Lee says she was “riding the fence for weeks” until Bob Stone said he would run.\n\n"
        "Bob Stone and Carl Diaz will meet next week, Ann Lee said, adding, "
        "“They need to sit down and talk.”"
    )
    assert speakers(body, "Ann Lee", "Bob Stone", "Carl Diaz") == ["Ann Lee", "Ann Lee"]


def test_a_verb_we_do_not_list_before_another_clause() -> None:
    body = (
        '"Your garden is the finest in the county," Ann Lee assured Bob Stone, after '
        "he showed her the roses."
    )
    assert speakers(body, "Ann Lee", "Bob Stone") == ["Ann Lee"]
    # A name and "is" make a sentence of their own, not an attribution.
    body = "“Is the shop open on Sunday?” Bob Stone is a shop on the high street."
    assert speakers(body, "Bob Stone") == [None]


def test_a_space_between_the_closing_marks_of_a_nested_quotation() -> None:
    body = (
        "\"They always say, 'this is the last time,' \" Ann Lee said on Monday. "
        '"Nobody believes them any more."'
    )
    quotes = find_quotes(body, [person(body, "Ann Lee")])
    assert [(q.text, q.speaker) for q in quotes] == [
        ("They always say, 'this is the last time,'", "Ann Lee"),
        ("Nobody believes them any more.", "Ann Lee"),
    ]


def test_a_signature_under_a_quotation() -> None:
    body = (
        "“Every town deserves a library of its own.”\n\n"
        "- Ann Lee, Dunmore.\n\n"
        "“A library is a room full of friends.” — Bob Stone\n\n"
        "- Carl Diaz spoke next, about the roads and the new bridge over the river."
    )
    assert speakers(body, "Ann Lee", "Bob Stone", "Carl Diaz") == ["Ann Lee", "Bob Stone"]


def test_the_name_next_to_the_verb_after_the_quotation() -> None:
    body = (
        "“The count was fair,” Lee campaign manager Bob Stone said on Monday.\n\n"
        "“We are not worried,” Carl Diaz, a spokesman for Ann Lee, told reporters."
    )
    assert speakers(body, "Ann Lee", "Bob Stone", "Carl Diaz") == ["Bob Stone", "Carl Diaz"]


def test_a_colon_after_a_name_an_object_or_from() -> None:
    body = (
        "The result did not surprise the pollster Bob Stone: “Turnout was low all day.”\n\n"
        "Carl Diaz sent a short message to Bob Stone: “Call me when you land.”\n\n"
        "More from Ann Lee: “The roads come first, then the bridge.”"
    )
    assert speakers(body, "Ann Lee", "Bob Stone", "Carl Diaz") == [
        "Bob Stone",
        "Carl Diaz",
        "Ann Lee",
    ]


def test_an_attribution_that_closes_the_sentence() -> None:
    body = (
        "“Many would call that a defeat for the mayor” if she won by less, said Ann Lee, "
        "an analyst at the county office."
    )
    assert speakers(body, "Ann Lee") == ["Ann Lee"]


def test_a_quotation_after_a_sentence_reporting_what_someone_said() -> None:
    body = (
        "The council met on Monday.\n\n"
        "Ann Lee argued in her letter that the rules had been broken twice.\n\n"
        "“In light of this, the vote should be held again.”\n\n"
        "Polls show Bob Stone up by 10 points in the town. “Nobody saw that coming.”"
    )
    # "10 points" is a noun: no one is reported speaking before the last quotation.
    assert speakers(body, "Ann Lee", "Bob Stone") == ["Ann Lee", None]


def test_the_speech_verb_of_the_sentence_is_the_last_one_after_a_name() -> None:
    body = (
        "Ann Lee said Bob Stone's plan for the bridge, which the council discussed, was "
        "“the worst idea in years”.\n\n"
        "“It is over,” Bob Stone said, after Ann Lee said the mayor had called him "
        "“a danger to the town”."
    )
    assert speakers(body, "Ann Lee", "Bob Stone") == ["Ann Lee", "Bob Stone", "Ann Lee"]


def test_a_shared_last_name_is_the_one_named_last() -> None:
    body = (
        "Jeb Stone and Paul Stone spoke at the fair.\n\n"
        "Paul Stone left early. Stone says he is “tired of the whole business”."
    )
    people = [person(body, "Jeb Stone"), person(body, "Paul Stone")]
    assert [q.speaker for q in find_quotes(body, people)] == ["Paul Stone"]


def test_a_speaker_interrupted_by_what_they_cite_or_described_between_dashes() -> None:
    body = (
        "Ann Lee, citing “the worst winter in memory,” said the roads would close.\n\n"
        "Bob Stone — a friend of the mayor since school — told reporters that it was "
        "“a sad day for the town”."
    )
    assert speakers(body, "Ann Lee", "Bob Stone") == ["Ann Lee", "Bob Stone"]


def test_a_last_name_inside_a_word_is_not_a_mention() -> None:
    body = (
        "Ann Lee and Bob Stone met.\n\n"
        "Carl Diaz, who leads a pro-Stone group in the town, said it was “a good start”."
    )
    people = [person(body, "Ann Lee"), person(body, "Bob Stone"), person(body, "Carl Diaz")]
    assert [q.speaker for q in find_quotes(body, people)] == ["Carl Diaz"]


def test_participles_infinitives_and_with_phrases() -> None:
    body = (
        "Ann Lee says she was the “first one in the council” to say the bridge was unsafe.\n\n"
        "The plan was criticised, with Bob Stone calling it “a waste of good money”.\n\n"
        "Carl Diaz has expressed doubts, recently telling a friend that the vote was "
        "“a foregone conclusion”."
    )
    assert speakers(body, "Ann Lee", "Bob Stone", "Carl Diaz") == [
        "Ann Lee",
        "Bob Stone",
        "Carl Diaz",
    ]


def test_x_continued_and_unattributed_paragraphs_continue_the_speaker() -> None:
    body = (
        "Mr Stone spoke first. “Taxes will go down next year,” Stone said.\n\n"
        "“Spending will go down too, and quickly.”\n\n"
        "Ann Lee laughed.\n\n"
        "“Nobody believes that any more,” Lee continued."
    )
    people = [person(body, "Stone"), person(body, "Ann Lee", "Lee")]
    assert [q.speaker for q in find_quotes(body, people)] == ["Stone", "Stone", "Ann Lee"]


def test_she_is_the_woman_of_the_narrative_not_the_nearest_name() -> None:
    body = (
        "Hillary Clinton met Donald Trump on Monday.\n\n"
        "“I have a plan for the economy and for the jobs,” she told him."
    )
    people = [person(body, "Hillary Clinton"), person(body, "Donald Trump")]
    assert [q.speaker for q in find_quotes(body, people)] == ["Hillary Clinton"]


def test_pronoun_speakers_are_the_nearest_compatible_person_or_unknown() -> None:
    body = (
        "Peter Quinn opened the new library in Dunmore on Friday.\n\n"
        "“Every town deserves a place to read in peace,” he said.\n\n"
        "He added: “We built it in eleven months, on time and on budget.”\n\n"
        "Peter Quinn was thanked by the mayor, Margaret Hale, after the speech.\n\n"
        "She praised the builders and Anna Price, who drew the plans.\n\n"
        "“We waited thirty years for this building,” she said.\n\n"
        "The council paid for the roof and the shelves.\n\n"
        "“It cost more than anyone in the council expected,” they said.\n\n"
        "Mr. Dowd, a neighbour, disagreed with Peter Quinn about the parking.\n\n"
        "“There is nowhere left to park a car,” he said."
    )
    people = [
        person(body, "Peter Quinn"),
        person(body, "Margaret Hale"),
        person(body, "Anna Price"),
    ]
    assert [q.speaker for q in find_quotes(body, people)] == [
        "Peter Quinn",  # "he said" right after a named man
        "Peter Quinn",  # "He added:" goes on with the same man
        # Two people named: "she" is the woman, not the first name; and the
        # sentence that opens with "She" is about her too, not Anna Price.
        "Margaret Hale",
        None,  # "they": a group, never a person
        None,  # the nearest man is Mr. Dowd, whom the people finder does not know
    ]
    # No man named before "he": unknown rather than the only person there.
    body = "Margaret Hale closed the meeting.\n\n“The shelves are still half empty,” he said."
    assert [q.speaker for q in find_quotes(body, [person(body, "Margaret Hale")])] == [None]


def test_unknown_speaker_stays_unknown() -> None:
    body = "Ann Lee arrived late.\n\nA sign on the door read “closed for the whole summer season”."
    quotes = find_quotes(body, [person(body, "Ann Lee")])
    assert [(q.text, q.speaker) for q in quotes] == [("closed for the whole summer season", None)]


def test_single_quotes_are_speech_when_the_article_uses_them_so() -> None:
    body = (
        "The minister's plan was criticised.\n\n"
        "'This is not the fans' choice and never will be,' said Ann Lee.\n\n"
        "Ann Lee added: 'We will keep asking the questions.'"
    )
    quotes = find_quotes(body, [person(body, "Ann Lee")])
    assert [(q.text, q.speaker) for q in quotes] == [
        ("This is not the fans' choice and never will be", "Ann Lee"),
        ("We will keep asking the questions.", "Ann Lee"),
    ]


def test_straight_quotes_run_together_split_into_quotations() -> None:
    body = 'Ann Lee said: "We have doubled the pay already. "We are going to double it again."'
    quotes = find_quotes(body, [person(body, "Ann Lee")])
    assert [q.text for q in quotes] == [
        "We have doubled the pay already.",
        "We are going to double it again.",
    ]
    assert {q.speaker for q in quotes} == {"Ann Lee"}


def test_two_apostrophes_are_a_double_mark_around_nested_single_quotes() -> None:
    body = (
        "The vote was close.\n\n"
        "''They keep telling us, 'wait until next year,''' Ann Lee said. ''We will not wait.''"
    )
    quotes = find_quotes(body, [person(body, "Ann Lee")])
    assert [(q.text, q.speaker) for q in quotes] == [
        ("They keep telling us, 'wait until next year,'", "Ann Lee"),
        ("We will not wait.", "Ann Lee"),
    ]


def test_an_attribution_before_a_quotation_goes_on_to_the_end_of_its_sentence() -> None:
    body = (
        "Stone campaign spokeswoman Ann Lee said that Bob Stone “has always kept his word”"
        " and has “never once let the voters of this town down.”"
    )
    people = [person(body, "Ann Lee"), person(body, "Bob Stone")]
    quotes = find_quotes(body, people)
    assert [q.speaker for q in quotes] == ["Ann Lee", "Ann Lee"]


def test_an_attribution_after_a_quotation_does_not_reach_the_next_one() -> None:
    body = (
        "Bob Stone praised the plan, which he called “bold,” with Ann Lee: “The two of us"
        " will get this done.”"
    )
    people = [person(body, "Ann Lee"), person(body, "Bob Stone")]
    quotes = find_quotes(body, people)
    assert quotes[-1].speaker == "Bob Stone"


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        (
            "Ann Lee, who endorsed Bob Stone last year, told reporters: “We will win this.”",
            "Ann Lee",
        ),
        (
            "Ann Lee (D-Ohio), who backs Bob Stone, said the race was “far from over now.”",
            "Ann Lee",
        ),
        ("Ann Lee, a Stone supporter since May, called the plan “a gift to the city.”", "Ann Lee"),
        ("The spokesman for Ann Lee, Bob Stone, said: “We will win this one easily.”", "Bob Stone"),
    ],
)
def test_a_name_in_a_phrase_describing_the_subject_is_not_the_speaker(
    sentence: str, speaker: str
) -> None:
    body = "The race is close.\n\n" + sentence
    people = [person(body, "Ann Lee"), person(body, "Bob Stone", "Stone")]
    assert [q.speaker for q in find_quotes(body, people)] == [speaker]


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        (
            "After Ann Lee criticised the plan, Bob Stone shot back, “It is the best we have.”",
            "Bob Stone",
        ),
        (
            "Responding to Ann Lee, Bob Stone dismissed it as “a plan for nobody at all.”",
            "Bob Stone",
        ),
        ("As Ann Lee put it on Monday, “nobody wants this plan at all.”", "Ann Lee"),
        (
            "On the last night of a long and tiring campaign in the north, Bob Stone"
            " called the plan “a gift to the whole city.”",
            "Bob Stone",
        ),
        (
            "Ann Lee signed the order on Monday, while Bob Stone dismissed it as “a sad day.”",
            "Bob Stone",
        ),
        (
            "Like Ann Lee, Bob Stone voted against it, arguing that it was “far too costly.”",
            "Bob Stone",
        ),
        # her view of him, in her words
        ("To Ann Lee, Bob Stone is “the best mayor this town has had.”", "Ann Lee"),
    ],
)
def test_an_opening_clause_or_phrase_is_not_where_the_subject_is(
    sentence: str, speaker: str | None
) -> None:
    body = "The race is close.\n\n" + sentence
    people = [person(body, "Ann Lee"), person(body, "Bob Stone")]
    assert [q.speaker for q in find_quotes(body, people)] == [speaker]


@pytest.mark.parametrize(
    "sentence",
    [
        "When Ann Lee said the bridge would cost more, Bob Stone fired back: “It will not.”",
        "Ann Lee said the bridge would cost more, to which Bob Stone replied: “It will not.”",
        "Asked whether Ann Lee was right, Bob Stone shot back: “She is wrong again.”",
    ],
)
def test_a_colon_hands_over_from_the_clause_right_before_it(sentence: str) -> None:
    body = "The race is close.\n\n" + sentence
    people = [person(body, "Ann Lee"), person(body, "Bob Stone")]
    assert [q.speaker for q in find_quotes(body, people)] == ["Bob Stone"]


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("“We are worried about the bridge,” said another resident, Ann Lee.", "Ann Lee"),
        (
            "“He never missed a single game,” said his oldest friend, Ann Lee, who ran the club.",
            "Ann Lee",
        ),
        # A description that names no one after its comma: no speaker.
        ("“We are worried about the bridge,” said another resident, on Monday.", None),
    ],
)
def test_a_description_after_the_verb_hands_over_to_the_name_after_its_comma(
    sentence: str, speaker: str | None
) -> None:
    body = "The bridge is closed.\n\n" + sentence
    assert [q.speaker for q in find_quotes(body, [person(body, "Ann Lee")])] == [speaker]


def test_an_opening_mark_typed_for_a_closing_one_closes() -> None:
    body = "The vote was close.\n\n“We did not expect to win,“ said Ann Lee. “Nobody else did.”"
    quotes = find_quotes(body, [person(body, "Ann Lee")])
    assert [(q.text, q.speaker) for q in quotes] == [
        ("We did not expect to win", "Ann Lee"),
        ("Nobody else did.", "Ann Lee"),
    ]


def test_a_name_after_a_preposition_after_the_quotation_is_not_the_speaker() -> None:
    body = (
        "The crowd was loud.\n\nIt was not just the cries of “Shame on you all!” (for Ann Lee)"
        " that rattled the organisers."
    )
    quotes = find_quotes(body, [person(body, "Ann Lee")])
    assert [(q.text, q.speaker) for q in quotes] == [("Shame on you all!", None)]


def test_a_quotation_after_a_reported_sentence_in_its_paragraph_is_the_reporters() -> None:
    body = (
        "The council met on Monday.\n\n"
        "Ann Lee argued in her letter that the rules were broken. “In light of this,"
        " we must act now.”"
    )
    quotes = find_quotes(body, [person(body, "Ann Lee")])
    assert [q.speaker for q in quotes] == ["Ann Lee"]


@pytest.mark.parametrize(
    "verb", ["lamented", "asserted", "contended", "reiterated", "decried", "slammed", "spoke"]
)
def test_more_verbs_report_speech(verb: str) -> None:
    body = f"The council met.\n\nAnn Lee {verb} the decision. “It is a sad day for the town.”"
    assert [q.speaker for q in find_quotes(body, [person(body, "Ann Lee")])] == ["Ann Lee"]


def test_an_attribution_ending_with_a_colon_hands_over_to_the_next_quotation() -> None:
    body = (
        "The debate was tense.\n\n“We will build it,” Ann Lee said. “It will be paid for.”"
        " Bob Stone replied: “Nobody believes that any more.”"
    )
    people = [person(body, "Ann Lee"), person(body, "Bob Stone")]
    assert [q.speaker for q in find_quotes(body, people)] == ["Ann Lee", "Ann Lee", "Bob Stone"]


def test_a_second_verb_after_but_now_speaks_for_the_subject() -> None:
    body = "Ann Lee once backed Bob Stone, but now says the plan is “a waste of money for us.”"
    people = [person(body, "Ann Lee"), person(body, "Bob Stone")]
    assert [q.speaker for q in find_quotes(body, people)] == ["Ann Lee"]


def test_a_quotation_ending_its_sentence_is_not_attributed_by_the_next_sentence() -> None:
    body = (
        "“We have lost the vote,” Ann Lee said. “And I do not think we will win it back.”"
        " Ann Lee, after two Bob Stone rallies, wrote that it was over."
    )
    people = [person(body, "Ann Lee"), person(body, "Bob Stone")]
    assert [q.speaker for q in find_quotes(body, people)] == ["Ann Lee", "Ann Lee"]


def test_no_quotes_no_people() -> None:
    assert find_quotes("", []) == []
    assert find_quotes("Nothing was said at all.", []) == []


# The library and the command line --------------------------------------------


def test_library_lists_quotes_by_person_with_their_article(news_library: Library) -> None:
    entries = news_library.quotes(person="Xabi Alonso")
    assert len(entries) == 10  # the nine block quotes and “taking things slowly.”
    assert {e.quote.speaker for e in entries} == {"Xabi Alonso"}
    assert {(e.title[:11], e.date) for e in entries} == {("Xabi Alonso", "2021-04-30")}
    assert news_library.quotes(person="alonso", limit=2) == entries[:2]
    assert news_library.quotes(person="Jamie Carragher") == []


def test_person_filter_ignores_accents_and_case(
    library: Library, tmp_path: Path, write: Write
) -> None:
    write(
        tmp_path / "klopp" / "back.txt",
        "Klopp looks ahead\n\n“We will be back next season, for sure,” said Jürgen Klopp.\n",
    )
    library.import_paths([tmp_path / "klopp"])
    for name in ("jurgen klopp", "KLOPP", "Jürgen"):
        assert [e.quote.speaker for e in library.quotes(person=name)] == ["Jürgen Klopp"]
    assert library.quotes(person="Jurgen Norbert") == []


def test_article_quotes_index_the_stored_body(news_library: Library) -> None:
    entry = news_library.quotes(limit=1)[0]
    article = news_library.article(entry.article_id)
    assert article is not None
    quotes = news_library.article_quotes(entry.article_id)
    assert quotes[0] == entry.quote
    assert all(article.body[q.start : q.end] == q.text for q in quotes)
    assert news_library.article_quotes("no-such-id") == []


def test_quote_filter_searches_only_quoted_text(news_library: Library) -> None:
    # "step by step" is also in the wire story, but not between quotation marks there.
    assert len(news_library.search('"step by step"').hits) == 2
    hits = news_library.search('quote:"step by step"').hits
    assert [hit.date for hit in hits] == ["2021-04-30"]
    assert not news_library.search('quote:"Jamie Carragher"').hits


def test_search_command_with_quote_filter(
    news_library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = str(news_library.folder)
    assert main(["search", "--library", folder, "--json", 'quote:"step by step"']) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["total"] == 1 and result["hits"][0]["date"] == "2021-04-30"
    assert main(["search", "--library", folder, "--json", 'quote:"shares rose"']) == 0
    assert json.loads(capsys.readouterr().out)["total"] == 0


def test_extract_json_fills_quotes(capsys: pytest.CaptureFixture[str], seed_article: Path) -> None:
    assert main(["extract", str(seed_article), "--json"]) == 0
    record = json.loads(capsys.readouterr().out)
    block = [q for q in record["quotes"] if len(q["text"].split()) > 5]
    assert len(block) == 9 and {q["speaker"] for q in block} == {"Xabi Alonso"}
    assert all(record["body"][q["start"] : q["end"]] == q["text"] for q in record["quotes"])


def test_quotes_command_filters_by_person(
    news_library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = str(news_library.folder)
    assert main(["quotes", "--library", folder, "--person", "Alonso", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert len(listed) == 10 and listed[0]["speaker"] == "Xabi Alonso"
    assert main(["quotes", "--library", folder, "--person", "xabi alonso", "--limit", "1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("“taking things slowly.”") and "— Xabi Alonso" in out


def test_a_quote_phrase_never_spans_two_quotes(
    library: Library, tmp_path: Path, write: Write
) -> None:
    write(
        tmp_path / "two" / "a.txt",
        "Two quotes\n\n“We played well today,” said John Smith.\n\n"
        "“Winning matters more than anything,” said John Smith.\n",
    )
    library.import_paths([tmp_path / "two"])
    assert library.search('quote:"played well today"').total == 1
    assert library.search('quote:"today winning"').total == 0
