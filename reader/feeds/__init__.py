"""Feeds, full articles from the web, saved pages and OPML (no Textual).

The API is `Feeds(library)` (`reader.feeds.service`); what it returns is in
`reader.feeds.model`.  The modules, each one idea:

| Module | Holds |
|--------|-------|
| `service.py` | `Feeds`: subscribe, fetch, save pages, OPML, the status of each feed |
| `model.py` | the frozen values the API returns, and `FeedError` |
| `download.py` | the download stage: feeds and pages in threads, articles prepared |
| `http.py` | polite, bounded HTTP (httpx): timeouts, size cap, redirects, retries |
| `parse.py` | feeds through feedparser; a page's `<link rel="alternate">` |
| `files.py` | the Markdown article files, their names and front matter |
| `store.py` | `feeds.sqlite`: subscriptions, HTTP state, which entry became which file |
| `opml.py` | OPML 2.0 in and out |

The article text of a page is found by `reader.webpage`, which saved `.html`
files share.
"""

from reader.feeds.http import HttpSettings
from reader.feeds.model import (
    FeedError,
    FeedResult,
    FeedStatus,
    FetchReport,
    OpmlImport,
    PageResult,
    PagesReport,
)
from reader.feeds.service import Feeds

__all__ = [
    "FeedError",
    "FeedResult",
    "FeedStatus",
    "Feeds",
    "FetchReport",
    "HttpSettings",
    "OpmlImport",
    "PageResult",
    "PagesReport",
]
