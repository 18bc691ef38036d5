"""Web pages as articles: the article text of a page, and the text of an HTML fragment.

`extract_page` finds the article in a whole page (title, author, date, text)
with `trafilatura`, leaving out navigation, comments, related-links boxes and
other boilerplate; saved `.html` files (`reader.articles`), fetched feed
entries and `reader add URL` all go through it.  `fragment_text` turns the
small HTML of a feed's summary into plain paragraphs.

Both return text as the library keeps it: paragraphs separated by one blank
line, no trailing spaces, HTML character references decoded, NFC.
Trafilatura takes about 0.2 s to import, so it is imported on first use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from reader.textnorm import to_nfc

# Fewer words than this is no article: a menu, a cookie notice, "please sign
# in to read on" (the extractor returns whatever text a page has).
MIN_ARTICLE_WORDS = 20


@dataclass(frozen=True, slots=True)
class Page:
    """The article of a web page.  Empty strings for what the page does not say;
    `date` is ISO `YYYY-MM-DD`."""

    title: str
    text: str
    author: str = ""
    date: str = ""
    site: str = ""
    url: str = ""


def extract_page(html: str | bytes, url: str = "") -> Page | None:
    """The article of `html` (bytes are decoded as the page declares), or None when
    no article text is found (under `MIN_ARTICLE_WORDS` words).  Never raises
    for bad HTML.

    `url` is where the page came from: it helps find the date and the site name.
    """
    import trafilatura

    try:
        found = trafilatura.bare_extraction(
            html,
            url=url or None,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
        )
    except Exception:  # trafilatura and lxml raise many kinds on broken input
        return None
    if found is None or isinstance(found, dict):
        return None
    title = _one_line(getattr(found, "title", None))
    text = _without_heading(_paragraphs(str(getattr(found, "text", "") or "")), title)
    if len(text.split()) < MIN_ARTICLE_WORDS:
        return None
    return Page(
        title=title,
        text=text,
        author=_one_line(getattr(found, "author", None)),
        date=_iso_date(getattr(found, "date", None)),
        site=_one_line(getattr(found, "sitename", None)),
        url=_one_line(getattr(found, "url", None)) or url,
    )


def _paragraphs(text: str) -> str:
    """Trafilatura's lines (one paragraph each) as blank-line separated paragraphs."""
    lines = (" ".join(line.split()) for line in text.replace("\r", "\n").split("\n"))
    return to_nfc("\n\n".join(line for line in lines if line))


def _without_heading(text: str, title: str) -> str:
    """`text` without a first paragraph that only repeats the title (the page's `h1`)."""
    first, _, rest = text.partition("\n\n")
    if title and rest and first.casefold() == title.casefold():
        return rest
    return text


def _one_line(value: object) -> str:
    return to_nfc(" ".join(str(value).split())) if value else ""


def _iso_date(value: object) -> str:
    match = re.match(r"\s*(\d{4}-\d{2}-\d{2})", str(value or ""))
    return match.group(1) if match else ""


# Fragments --------------------------------------------------------------------

_BLOCKS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 blockquote pre table tr section article"
    " header footer figure figcaption dd dt hr".split()
)
_SKIPPED = frozenset({"script", "style", "template", "noscript"})


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[list[str]] = [[]]
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag in _BLOCKS:
            self.paragraphs.append([])

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self.paragraphs.append([])

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.paragraphs[-1].append(data)


def fragment_text(html: str) -> str:
    """Plain paragraphs of an HTML fragment (a feed entry's summary or content).

    Block elements (`p`, `div`, `br`, `li`, headings...) end a paragraph;
    scripts and styles are dropped; text without tags is returned tidied.
    """
    if "<" not in html and "&" not in html:
        return _paragraphs(html)
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    paragraphs = (" ".join("".join(parts).split()) for parts in collector.paragraphs)
    return to_nfc("\n\n".join(p for p in paragraphs if p))
