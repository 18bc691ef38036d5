"""People: extraction on the seed, resolution inside an article and across the library."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader.articles import read_file
from reader.namedata import ORGANISATION_CUES, TITLES, lexicon
from reader.people import Mention, Person, extract_people, key_of, resolve_library_names

NOT_PEOPLE = [
    "Real Madrid",
    "Real Sociedad B",
    "Borussia Monchengladbach",
    "Rangers",
    "Anfield",
    "Liverpool",
    "The Greatest Game",
    "the Kop",
    "the Spaniard",
]


@pytest.fixture(scope="module")
def seed_body(seed_article: Path) -> str:
    return read_file(seed_article).articles[0].body


@pytest.fixture(scope="module")
def seed_people(seed_body: str) -> list[Person]:
    return extract_people(seed_body)


def test_seed_names_exactly_its_eight_people_in_order_of_appearance(
    seed_people: list[Person], seed_names: list[str]
) -> None:
    assert [p.name for p in seed_people] == seed_names


def test_seed_finds_every_mention_including_surname_only_ones(
    seed_body: str, seed_people: list[Person], seed_names: list[str]
) -> None:
    for person in seed_people:
        surname = person.name.split()[-1]
        # Every place the surname is written is a mention, ending where the surname ends.
        ends = [m.end() for m in re.finditer(rf"\b{surname}\b", seed_body)]
        assert [m.end for m in person.mentions] == ends, person.name
        for mention in person.mentions:
            assert seed_body[mention.start : mention.end] == mention.text
            assert mention.text in (person.name, surname)
    counts = {p.name: len(p.mentions) for p in seed_people}
    assert counts == {name: 1 for name in seed_names} | {"Xabi Alonso": 4, "Steven Gerrard": 2}


def test_seed_lone_alonso_is_xabi_alonso(seed_people: list[Person]) -> None:
    alonso = seed_people[0]
    assert alonso.key == "xabi alonso"
    assert alonso.aliases == ("Alonso",)
    assert [m.text for m in alonso.mentions] == ["Xabi Alonso", "Alonso", "Alonso", "Alonso"]


def test_seed_possessive_is_not_part_of_the_name(seed_body: str, seed_people: list[Person]) -> None:
    klopp = seed_people[1]
    (mention,) = klopp.mentions
    assert mention.text == "Jurgen Klopp"
    assert seed_body[mention.end] == "‘"  # the stray opening quote of "Klopp‘s"


def test_seed_clubs_places_and_shows_are_not_people(
    seed_body: str, seed_people: list[Person]
) -> None:
    mentioned = [seed_body[m.start : m.end] for p in seed_people for m in p.mentions]
    spans = [(m.start, m.end) for p in seed_people for m in p.mentions]
    for phrase in NOT_PEOPLE:
        for found in re.finditer(re.escape(phrase), seed_body):
            overlapping = [s for s in spans if s[0] < found.end() and found.start() < s[1]]
            assert not overlapping, (phrase, overlapping)
    assert "Spaniard" not in mentioned


@pytest.mark.parametrize("apostrophe", ["'", "’", "‘"])
def test_possessive_surname_is_a_mention_of_the_full_name(apostrophe: str) -> None:
    body = f"Jurgen Klopp arrived early. Later, Klopp{apostrophe}s side won again."
    (person,) = extract_people(body)
    assert person.name == "Jurgen Klopp"
    assert [(m.text, body[m.end :][:2]) for m in person.mentions] == [
        ("Jurgen Klopp", " a"),
        ("Klopp", f"{apostrophe}s"),
    ]


def test_title_is_not_part_of_the_mention() -> None:
    body = "Rangers boss Steven Gerrard was pleased. Mr Gerrard said the team was ready."
    (person,) = extract_people(body)
    assert [m.text for m in person.mentions] == ["Steven Gerrard", "Gerrard"]


def test_a_name_the_article_calls_a_firm_is_not_a_person_anywhere_in_it() -> None:
    assert extract_people("Oil giant Yukos said it would appeal. Yukos said it was unfair.") == []
    body = "Harrison Ford starred. Shares in car maker Ford fell, and Ford said sales were weak."
    (person,) = extract_people(body)
    assert [m.text for m in person.mentions] == ["Harrison Ford"]
    body = "Mike Leigh directed the film Vera Drake. Vera Drake won awards."
    assert [p.name for p in extract_people(body)] == ["Mike Leigh"]


@pytest.mark.parametrize(
    "body",
    [
        "Shares of Douglas & Lomason rose. Douglas said profits were hurt.",
        "Police in the town of Uyo said the corporal was arrested. Uyo said nothing else.",
        "Frankfurt-based Deutsche Boerse said it would bid. Deutsche Boerse said so again.",
    ],
)
def test_companies_and_places_named_by_their_context_are_not_people(body: str) -> None:
    assert extract_people(body) == []


def test_teams_in_results_and_standings_lines_are_not_people() -> None:
    body = (
        "Leyton Orient 2 Hartlepool 0\n"
        "Greenock Morton 3 2 0 1 5 2 6\n"
        "Coach Alan Smith said Greenock Morton played well.\n"
    )
    assert [p.name for p in extract_people(body)] == ["Alan Smith"]


def test_a_long_body_on_one_line_is_read_in_linear_time() -> None:
    sentence = "Rangers boss Steven Gerrard said the side lost 2 to Celtic on Sunday. "
    body = sentence * 2000
    started = time.perf_counter()
    (person,) = extract_people(body)
    assert len(person.mentions) == 2000
    assert time.perf_counter() - started < 5


def test_roles_are_not_organisation_cues() -> None:
    for body in (
        "She beat Jamaican rival Merlene Ottey in the final.",
        "Record producer Brian Eno said it was fun.",
    ):
        assert len(extract_people(body)) == 1, body
    assert not ORGANISATION_CUES & TITLES


def test_a_company_named_with_its_suffix_is_not_a_person_elsewhere() -> None:
    body = "Shares in Gencor Ltd rose. Gencor said earnings were up, said Brian Gilbertson."
    assert [p.name for p in extract_people(body)] == ["Brian Gilbertson"]


def test_organisation_word_at_the_end_of_a_sentence_is_not_a_cue() -> None:
    body = "Alonso said he was happy at the club. Alonso added that the work went well."
    (person,) = extract_people(body)
    assert [m.start for m in person.mentions] == [0, body.rindex("Alonso")]


def test_dotted_initials_belong_to_the_name_and_alone_are_not_a_person() -> None:
    body = "Foreign Minister I.K. Gujral was asked about U.S. aid. Gujral said no."
    (person,) = extract_people(body)
    assert [m.text for m in person.mentions] == ["I.K. Gujral", "Gujral"]


def test_particles_hyphened_to_a_name_belong_to_it() -> None:
    body = "Police captured their leader Rami al-Saadani. Al-Saadani said nothing."
    (person,) = extract_people(body)
    assert [m.text for m in person.mentions] == ["Rami al-Saadani", "Al-Saadani"]
    assert extract_people("The al-Qaeda network said it was behind it. Al-Qaeda said so.") == []


def test_country_initials_are_not_part_of_a_name() -> None:
    body = "The U.S. Treasury said rates would rise. U.N. envoy Tono Eitel agreed."
    assert [p.name for p in extract_people(body)] == ["Tono Eitel"]


def test_playing_positions_are_titles() -> None:
    (person,) = extract_people("Left-back Hinchcliffe, 27, is in the squad.")
    assert [m.text for m in person.mentions] == ["Hinchcliffe"]


def test_a_describing_word_before_a_full_name_is_not_part_of_it() -> None:
    body = "Unseeded Patrick Rafter won. Third-seeded Wayne Ferreira lost."
    assert [p.name for p in extract_people(body)] == ["Patrick Rafter", "Wayne Ferreira"]
    body = "Controversial Australian Anthony Hill called it a cheat."
    assert [p.name for p in extract_people(body)] == ["Anthony Hill"]


def test_a_name_with_a_match_minute_is_a_scorer() -> None:
    body = "Feyenoord 2 (Larsson 73rd, Van Gastel 83rd penalty) Graafschap 0."
    assert [p.name for p in extract_people(body)] == ["Larsson", "Van Gastel"]


def test_text_without_people_gives_no_people() -> None:
    assert extract_people("") == []
    assert extract_people("Liverpool beat Real Madrid at Anfield on Saturday.") == []


def test_keys_ignore_case_and_accents() -> None:
    assert key_of("Jürgen Klopp") == key_of("JURGEN KLOPP") == key_of("jurgen  klopp")
    assert key_of("Jürgen Klopp") == "jurgen klopp"


def test_accented_and_plain_spellings_are_one_person_in_an_article() -> None:
    body = "Jürgen Klopp spoke first. Then Jurgen Klopp spoke again, and Klopp left."
    (person,) = extract_people(body)
    assert person.key == "jurgen klopp"
    assert len(person.mentions) == 3


def _person(name: str) -> Person:
    return Person(name, key_of(name), (), (Mention(0, len(name), name),))


def test_lone_surname_links_to_the_only_full_name_in_the_library() -> None:
    links = resolve_library_names(
        {"a": [_person("Xabi Alonso")], "b": [_person("Alonso")], "c": [_person("Jürgen Klopp")]}
    )
    assert links.canonical_key("alonso") == "xabi alonso"
    assert links.ambiguous == {}
    assert links.names["jurgen klopp"] == "Jürgen Klopp"


def test_lone_surname_with_two_candidates_stays_separate_and_ambiguous() -> None:
    links = resolve_library_names(
        {
            "a": [_person("Xabi Alonso")],
            "b": [_person("Marcos Alonso")],
            "c": [_person("Alonso")],
        }
    )
    assert links.canonical_key("alonso") == "alonso"
    assert links.ambiguous == {"alonso": ("marcos alonso", "xabi alonso")}


def test_name_lists_come_from_the_installed_packages() -> None:
    lex = lexicon()
    # Census names (package `names`), gender-guesser names, wordfreq frequencies.
    assert {"steven", "jamie", "mary"} <= lex.given
    assert {"xabi", "pepijn"} <= lex.given
    assert {"smith", "gerrard", "carragher"} <= lex.surnames
    assert lex.frequency("the") > 7


def test_opening_a_library_does_not_load_the_name_lists() -> None:
    code = (
        "import sys, reader.library, reader.people, reader.extraction\n"
        "loaded = [m for m in ('reader.namedata', 'wordfreq', 'names') if m in sys.modules]\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize(
    ("headline", "body", "expected"),
    [
        (
            "Anthony Weiner In Ad Attacking Hillary Clinton",
            "Anthony Weiner appeared in an ad on Monday. Hillary Clinton did not answer.",
            ["Anthony Weiner", "Hillary Clinton"],
        ),
        (
            "Carly Fiorina Endorses Ted Cruz",
            "Former HP chief Carly Fiorina said on Wednesday that Ted Cruz should win.",
            ["Carly Fiorina", "Ted Cruz"],
        ),
        # Named in the headline alone: left out rather than guessed at.
        ("Xabi Alonso Not Rushing Into The Liverpool Job", "The Spaniard is patient.", []),
    ],
)
def test_a_title_case_headline_gives_the_names_the_article_gives_and_no_others(
    headline: str, body: str, expected: list[str]
) -> None:
    text = f"{headline}\n\n{body}\n"
    found = sorted({person.name for person in extract_people(text)})
    assert found == expected
    in_headline = [m for p in extract_people(text) for m in p.mentions if m.start < len(headline)]
    assert sorted(text[m.start : m.end] for m in in_headline) == expected


def test_lines_of_names_are_not_taken_for_title_case_headlines() -> None:
    text = (
        "Sri Lanka named their bowlers.\n"
        "Chaminda Vaas, Muthiah Muralitharan, Upul Chandana.\n"
        "Did Not Bat: A. Mullally.\n"
    )
    found = {person.name for person in extract_people(text)}
    assert {"Chaminda Vaas", "Muthiah Muralitharan", "Upul Chandana", "A. Mullally"} <= found


def test_an_item_of_a_list_of_people_is_a_person() -> None:
    # "Venner" alone says nothing; between two players of a squad list it is one.
    body = "Goalkeepers: Arno Sleet (Dunmore), Venner (Castlebar), Colm Dury (Tralee).\n"
    assert [p.name for p in extract_people(body)] == ["Arno Sleet", "Venner", "Colm Dury"]


def test_a_place_before_a_name_in_a_sentence_is_no_list() -> None:
    body = "In Pittsburgh, Al Martin hit a double and Tom Pagnozzi scored.\n"
    assert [p.name for p in extract_people(body)] == ["Al Martin", "Tom Pagnozzi"]


def test_a_club_in_brackets_after_a_player_is_not_a_person() -> None:
    body = "Defenders: Adam Fedorko (Stal Mielec), Piotr Wojda (Odra Opole).\n"
    assert [p.name for p in extract_people(body)] == ["Adam Fedorko", "Piotr Wojda"]


def test_a_cricket_scorecard_names_its_batsmen_and_bowlers() -> None:
    body = "Ijaz Ahmed c Wrenfield b Tollamy 61\nBowling: Tollamy 23-3-112-0, Pask 9-1-49-0\n"
    assert [p.name for p in extract_people(body)] == ["Ijaz Ahmed", "Wrenfield", "Tollamy", "Pask"]


def test_scorers_in_brackets_are_people_and_the_teams_of_the_result_are_not() -> None:
    body = "Brogden Athletic 2 (Pask 7th, Jack 66th minute) Castlereagh Rovers 1 (Dunmore 59th).\n"
    assert [p.name for p in extract_people(body)] == ["Pask", "Jack", "Dunmore"]
    sentence = "Meri secured 45 votes and Ruutel 34.\nMeri said Ruutel would not win.\n"
    assert {p.name for p in extract_people(sentence)} == {"Meri", "Ruutel"}


def test_a_player_with_a_country_in_a_draw_is_a_person() -> None:
    body = "Tervola (Finland) beat Anna Reyes (Spain) 6-3 6-4\n"
    assert [p.name for p in extract_people(body)] == ["Tervola", "Anna Reyes"]


def test_a_suffix_belongs_to_the_name() -> None:
    body = "The court heard from Walter Brisco Jr and Curtis Lee Whitby II on Monday.\n"
    assert [p.name for p in extract_people(body)] == ["Walter Brisco Jr", "Curtis Lee Whitby II"]


def test_a_common_given_name_opening_a_line_is_kept_with_its_surname() -> None:
    body = "4. Troy Corser (Australia) Ducati\n5. John Verlaine (U.S.) Ducati\n"
    assert [p.name for p in extract_people(body)] == ["Troy Corser", "John Verlaine"]


def test_a_daily_newspaper_is_not_a_person() -> None:
    body = "The daily Le Courrier said the mayor, Paul Anselme, had resigned.\n"
    assert [p.name for p in extract_people(body)] == ["Paul Anselme"]


def test_a_town_held_by_someone_and_a_newspaper_named_so_are_not_people() -> None:
    body = (
        "Refugees marched to Serb-held Dobrava on Sunday.\n"
        "Dobrava said nothing, the official Valley Herald newspaper said.\n"
        "Mayor Ivo Dranic said Valley Herald was wrong.\n"
    )
    assert [p.name for p in extract_people(body)] == ["Ivo Dranic"]


def test_a_people_before_a_name_is_not_part_of_it() -> None:
    body = "The race was won by Namibian Frankie Fredericks.\n"
    assert [p.name for p in extract_people(body)] == ["Frankie Fredericks"]
    body = "The rivals included fellow Kentuckian Rand Paul and Texan Ted Cruz.\n"
    assert [p.name for p in extract_people(body)] == ["Rand Paul", "Ted Cruz"]


def test_a_title_makes_a_surname_that_is_an_everyday_word_a_person() -> None:
    body = "The envoy is a friend of President Fox and met him on Monday.\n"
    assert [p.name for p in extract_people(body)] == ["Fox"]


def test_a_title_only_counts_right_before_the_name_and_capitalised_when_it_is_a_word() -> None:
    assert extract_people("Injured, they would miss England's match on Sunday.\n") == []
    assert extract_people("- King: Jordan is entering a new era.\n") == []


def test_a_batsman_not_out_is_a_person() -> None:
    body = "Wasim Akram b Croft 6\nInzamam-ul-Haq not out 37\n"
    assert [p.name for p in extract_people(body)] == ["Wasim Akram", "Croft", "Inzamam-ul-Haq"]


def test_an_agency_or_a_paper_named_with_the_official_is_not_a_person() -> None:
    body = (
        "The official Tarrow Daily said talks had failed, and Belgo news agency agreed.\n"
        "Tarrow Daily said the minister, Ana Viscu, would resign. Belgo said so too.\n"
    )
    assert [p.name for p in extract_people(body)] == ["Ana Viscu"]


def test_a_monarch_with_a_regnal_number_is_a_person() -> None:
    body = "1870 - In France, Napoleon III was deposed after his surrender.\n"
    assert [p.name for p in extract_people(body)] == ["Napoleon III"]
    assert extract_people("Veterans of World War II marched on Sunday.\n") == []


def test_golfers_with_their_rounds_and_pairs_in_doubles_are_people() -> None:
    body = "281 John Cook 70 69 71 71\n"
    assert [p.name for p in extract_people(body)] == ["John Cook"]
    pairs = "Yap Kim Hock / Cheah Soon Kit (Malaysia) beat Lee Wan Wah / Chong (Malaysia) 15-5\n"
    assert [p.name for p in extract_people(pairs)] == [
        "Yap Kim Hock",
        "Cheah Soon Kit",
        "Lee Wan Wah",
        "Chong",
    ]
