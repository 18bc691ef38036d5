"""Word lists that tell person names from other capitalised words (no Textual).

Everything here is loaded lazily, once, on the first call to `lexicon()`, never
at import time, so the app starts without paying for it.  Sources:

- given names: the `nam_dict.txt` data file of the PyPI package `gender-guesser`
  (about 45,000 first names from many countries), plus the US Census 1990 first
  names in the `dist.male.first` and `dist.female.first` files of the PyPI
  package `names`;
- surnames: the US Census 1990 surnames in `dist.all.last` of `names`;
- word frequencies: the PyPI package `wordfreq` (English "large" list), to know
  how often a capitalised word is an ordinary word;
- places and peoples: `reader/data/places.txt`, written for this project.

The data files of `gender-guesser` and `names` are read at run time from the
installed packages (their code is not used, their data is not copied here), so
their licences stay with them.

All entries are stored folded (`textnorm.fold`), so lookups must fold too.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from reader.textnorm import fold, fold_text, words

log = logging.getLogger(__name__)

# Titles and roles written right before a name ("Mr Klopp", "boss Steven
# Gerrard", "President Bill Clinton").  They are never part of the mention.
TITLES = frozenset(
    """
    mr mrs ms miss mister madam dr doctor sir dame lord lady baroness baron count
    patriarch monsignor
    president vice premier minister chancellor senator sen congressman congresswoman
    governor gov mayor king queen prince princess emperor sultan sheikh emir pope
    cardinal archbishop bishop rev reverend father pastor rabbi imam ayatollah
    general gen colonel col major maj captain capt lieutenant lt sergeant sgt
    commander admiral marshal corporal private
    judge justice magistrate prosecutor attorney lawyer
    professor prof secretary ambassador envoy spokesman spokeswoman spokesperson
    chairman chairwoman chair director executive ceo chief leader founder
    manager boss coach trainer striker midfielder defender goalkeeper keeper
    fullback full-back left-back right-back centre-back center-back wing-back
    centre-half centre-forward scrum-half fly-half outside-half flanker hooker
    captain skipper forward winger wing batsman bowler opener pitcher quarterback jockey
    champion player rider driver teammate team-mate
    singer actor actress star presenter host author writer director producer
    comedian rapper guitarist drummer artist novelist poet journalist reporter
    economist analyst official broker trader dealer strategist spokesman
    """.split()
)

# Multi-word titles, kept as folded word tuples ("Prime Minister John Major").
TITLE_PHRASES = frozenset(
    tuple(phrase.split())
    for phrase in (
        "prime minister",
        "foreign minister",
        "finance minister",
        "defence minister",
        "defense minister",
        "interior minister",
        "vice president",
        "secretary general",
        "secretary of state",
        "home secretary",
        "foreign secretary",
        "first minister",
        "chief executive",
        "managing director",
    )
)

# Words a speaker is introduced with: "Klopp said", "said Klopp".
SPEECH_VERBS = frozenset(
    """
    said says say told tells added adds asked asks explained explains insisted
    insists admitted admits claimed claims stated states announced announces
    warned warns noted notes argued argues replied replies continued continues
    believes believed thinks thought wrote writes confirmed confirms revealed
    reveals suggested suggests urged urges denied denies agreed agrees
    """.split()
)

# A capitalised word in one of these marks the phrase as a club, company,
# institution, event or place, not a person ("Real Sociedad B", "Aston Villa FC").
ORGANISATION_WORDS = frozenset(
    """
    fc afc cf sc ac as club united utd city rovers athletic athletico atletico wanderers
    albion town county rangers hotspur villa olympique olympic olympics sporting
    dynamo dinamo inter real borussia bayern celtic sociedad deportivo racing
    party tory tories inc corp corporation co ltd plc llc ag sa nv bv gmbh group bank banks
    bros brothers lions globe globes al-qaeda al-qaida qaeda qaida hamas hezbollah
    taleban taliban
    pharmaceutical pharmaceuticals cables mining motor electric electronics
    chemical chemicals foods insurance petroleum zeitung gazette tribune telegraph
    newsroom newsdesk
    honda toyota yamaha suzuki mercedes-benz
    association federation union league council committee ministry department
    university college school academy institute agency airlines airways motors
    systems technologies technology holdings partners foundation trust fund
    commission organisation organization army navy police court parliament
    congress senate assembly government church cathedral hospital stadium arena
    park street road avenue square bridge river lake mountain mountains island
    islands airport station hotel times news post journal herald press radio tv
    television records music cup championship championships open games tour
    prize award awards festival show film day week house palace hall centre
    center exchange market index securities capital energy oil industries
    international national royal republic kingdom states state province county
    region district valley coast bay sea ocean gulf north south east west
    northern southern eastern western central new saint st fort port mount
    reuters interfax xinhua tass itar-tass tanjug yonhap kyodo bernama anadolu afp
    """.split()
)

# Lower-case nouns that, right before a capitalised word, introduce an
# organisation or a work ("oil giant Yukos", "security firm Sophos", "the band
# Muse").  A name introduced so anywhere in an article is not a person there.
ORGANISATION_CUES = frozenset(
    """
    firm firms company companies group giant giants maker makers manufacturer
    retailer retailers supermarket chain carrier airline airlines operator
    operators provider bank banks lender insurer brokerage consultancy
    consultants analysts agency regulator watchdog body organisation organization
    network channel broadcaster newspaper paper daily dailies weekly tabloid
    magazine website site label
    studio studios band club side franchise outfit brand
    conglomerate subsidiary unit division exporter importer distributor
    film films movie movies album albums song novel documentary programme sitcom drama series
    """.split()
)

# Lower-case nouns that, with "of", introduce a place ("the town of Uyo").
PLACE_CUES = frozenset(
    """
    town city village province region district state county capital port island
    suburb area municipality prefecture republic kingdom
    """.split()
)

# Lower-case nouns that, right after a name, show it names a place or a thing
# ("Charles de Gaulle airport", "Wembley stadium").
PLACE_NOUNS = frozenset(
    """
    airport stadium street road avenue square bridge hospital station park hotel
    university college school prize award trophy foundation building centre center
    port harbour province region
    """.split()
)

# Capitalised words that are never names by themselves.
NOT_NAMES = frozenset(
    """
    january february march april may june july august september october november
    december monday tuesday wednesday thursday friday saturday sunday
    god christmas easter internet web
    the a an and or but of in on at to for from by with as is it he she they we i
    you his her their our my this that these those there here when where what who
    why how if then after before while though although because since until
    """.split()
)

# Lower-case words that sit inside names ("Ludwig van Beethoven", "Ibn al Saud").
PARTICLES = frozenset(
    "van von der den de del della di da dos das du le la ter ten bin ibn al el y zu wa".split()
)

# Zipf frequency (log10 of uses per billion words) of a word in English.
Zipf = Mapping[str, float]


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Folded word lists, loaded once by `lexicon()`.

    `given` and `surnames` hold single folded words; `places` holds folded word
    tuples (one word or several); `zipf` maps a folded word to its English
    frequency on the Zipf scale (0 for unknown words, 7+ for "the").
    """

    given: frozenset[str]
    surnames: frozenset[str]
    places: frozenset[tuple[str, ...]]
    zipf: Zipf

    def frequency(self, folded_word: str) -> float:
        """Zipf frequency of a folded word; 0.0 when the word is not English."""
        return self.zipf.get(folded_word, 0.0)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The word lists, built on first use (most of a second) and kept in the user's
    cache folder (a quarter of a second to load: see `reader.wordcache`)."""
    from reader.wordcache import cached, versions_key

    places = resources.files("reader").joinpath("data", "places.txt").read_bytes()
    key = versions_key("names", "gender-guesser", "wordfreq", extra=places.hex()[-64:])
    return cached("lexicon", key, _build_lexicon)


def _build_lexicon() -> Lexicon:
    given = _census_names("dist.male.first") | _census_names("dist.female.first")
    given.update(_gender_guesser_names())
    return Lexicon(
        given=frozenset(given),
        surnames=frozenset(_census_names("dist.all.last")),
        places=frozenset(tuple(words(line)) for line in _data_lines("places.txt")),
        zipf=_english_frequencies(),
    )


def _data_lines(name: str) -> Iterable[str]:
    """Non-comment lines of a file in reader/data, folded."""
    text = resources.files("reader").joinpath("data", name).read_text(encoding="utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            yield fold(line.strip())


def _census_names(file_name: str) -> set[str]:
    """Folded names from one US Census 1990 file of the `names` package.

    Lines read "NAME FREQUENCY CUMULATIVE-FREQUENCY RANK" ("SMITH 1.006 1.006 1");
    only the name is kept.  Missing package or file: empty set, with a warning.
    """
    try:
        text = resources.files("names").joinpath(file_name).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        log.warning("the names package is not installed: person detection has no census names")
        return set()
    return {_fold_name(line.split(maxsplit=1)[0]) for line in text.splitlines() if line.strip()}


def _fold_name(name: str) -> str:
    """`fold` for the word lists: plain ASCII names (most of them) only need lower case.

    This keeps 100,000 list entries out of `fold`'s cache, which serves the text.
    """
    return name.lower() if name.isascii() and "'" not in name else fold_text(name)


def _gender_guesser_names() -> set[str]:
    """First names from gender-guesser's data file (read as data, its code is not used).

    Each line is a gender code, then the name in columns 3-28 (`+` joins the
    parts of compound names such as "Jean+Pierre"); lines starting with `=`
    list equivalent spellings and are skipped.  Missing package: empty set,
    with a warning, and the census names alone are used.
    """
    try:
        text = (
            resources.files("gender_guesser")
            .joinpath("data", "nam_dict.txt")
            .read_text(encoding="utf-8")
        )
    except (ModuleNotFoundError, FileNotFoundError):
        log.warning("gender-guesser is not installed: person detection uses census names only")
        return set()
    names: set[str] = set()
    for line in text.splitlines():
        if line[:1] in ("#", "=") or len(line) < 4:
            continue
        for part in line[3:29].strip(" +-").replace("+", " ").replace("-", " ").split():
            names.add(_fold_name(part))
    return names


def _english_frequencies() -> dict[str, float]:
    """wordfreq's English word list as folded word -> Zipf frequency.

    Missing package: empty mapping, so every word counts as rare (more false
    names, never a crash).
    """
    try:
        import wordfreq
    except ModuleNotFoundError:
        log.warning("wordfreq is not installed: common words may be taken for names")
        return {}
    zipf: dict[str, float] = {}
    for word, share in wordfreq.get_frequency_dict("en", wordlist="large").items():
        folded = fold(word) if not word.isascii() else word
        value = math.log10(share) + 9.0
        if value > zipf.get(folded, -1.0):
            zipf[folded] = value
    return zipf
