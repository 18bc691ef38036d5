"""OPML 2.0, the list of subscriptions every feed reader exchanges (no Textual).

`write_opml` gives one `<outline type="rss">` per feed (`text` and `title`
its name, `xmlUrl` its address, `htmlUrl` its site); reader's own setting
`--summary-only` travels as an attribute in reader's namespace, which other
readers ignore.  `read_opml` accepts what other readers write: outlines
nested in folders, `text` or `title` for the name, and reports each outline
it cannot use instead of failing.
"""

from __future__ import annotations

import email.utils
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

READER_NS = "urn:x-reader:opml"
ET.register_namespace("reader", READER_NS)
MAX_OPML_BYTES = 5 * 1024 * 1024


class OpmlError(Exception):
    """A file that is not OPML: `str()` is "FILE: reason"."""


@dataclass(frozen=True, slots=True)
class Outline:
    """One subscription of an OPML file."""

    name: str
    url: str
    site: str = ""
    summary_only: bool = False


def write_opml(outlines: Sequence[Outline], title: str = "reader feeds") -> str:
    """The OPML 2.0 document of `outlines`."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    ET.SubElement(head, "dateCreated").text = email.utils.formatdate(usegmt=True)
    body = ET.SubElement(root, "body")
    for outline in outlines:
        attributes = {"type": "rss", "text": outline.name, "title": outline.name}
        attributes["xmlUrl"] = outline.url
        if outline.site:
            attributes["htmlUrl"] = outline.site
        if outline.summary_only:
            attributes[f"{{{READER_NS}}}summaryOnly"] = "true"
        ET.SubElement(body, "outline", attributes)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def read_opml(path: Path) -> tuple[list[Outline], list[str]]:
    """The subscriptions of an OPML file, and one line per outline left out.

    Raises `OpmlError` for a file that cannot be read or is not OPML.
    """
    try:
        if path.stat().st_size > MAX_OPML_BYTES:
            raise OpmlError(f"{path}: too large for a list of feeds")
        data = path.read_bytes()
    except OSError as error:
        raise OpmlError(f"{path}: cannot be read ({error.strerror or error})") from None
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        raise OpmlError(f"{path}: not OPML (broken XML: {error})") from None
    if root.tag != "opml" or root.find("body") is None:
        raise OpmlError(f"{path}: not OPML (no <opml> with a <body>)")
    found: list[Outline] = []
    skipped: list[str] = []
    for number, element in enumerate(root.iter("outline"), start=1):
        url = (element.get("xmlUrl") or element.get("xmlurl") or "").strip()
        name = " ".join((element.get("text") or element.get("title") or "").split())
        if not url:
            if element.find("outline") is None:
                skipped.append(f"outline {number} ({name or 'no name'}): no xmlUrl")
            continue  # a folder of outlines
        summary_only = element.get(f"{{{READER_NS}}}summaryOnly", "").lower() == "true"
        site = (element.get("htmlUrl") or "").strip()
        found.append(Outline(name, url, site, summary_only))
    return found, skipped
