"""A real HTTP server on 127.0.0.1 for the feeds tests, and the documents it serves.

`LocalWeb` runs `http.server` in a thread on a random port; a test says what
each path answers (`serve`), possibly a different answer per request, and
reads back the requests it got (`requests`).  Nothing here reaches beyond
127.0.0.1.  The `web` fixture in conftest.py starts and stops it: a reply
that waits (`Reply.hold`) is released when the test ends, and every handler
thread is joined.

The feeds and pages are made from the seed article's paragraphs, so the
tests read real news text.
"""

from __future__ import annotations

import contextlib
import gzip
import html
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SEED = next((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))


def seed_paragraphs() -> list[str]:
    """The seed article's paragraphs (its first line's date marker taken off)."""
    text = SEED.read_text(encoding="utf-8")
    first, _, rest = text.partition("\n")
    first = first.strip().removeprefix("date 2021-04-30").strip()
    return [p.strip() for p in [first, *rest.split("\n\n")] if p.strip()]


@dataclass
class Reply:
    """One answer.  `hold`: wait until the test ends before answering (a slow server);
    `until`: wait until the test sets this event (or ends); `etag` /
    `last_modified`: answer 304 to a request that presents them."""

    body: bytes | str = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    gzip: bool = False
    hold: bool = False
    until: threading.Event | None = None
    etag: str = ""
    last_modified: str = ""


@dataclass(frozen=True)
class Request:
    path: str
    headers: dict[str, str]


class LocalWeb:
    """The server; `url(path)` is where a path is served."""

    def __init__(self) -> None:
        self.routes: dict[str, list[Reply]] = {}
        self.requests: list[Request] = []
        self.release = threading.Event()
        self._guard = threading.Lock()
        self._arrived: dict[str, threading.Event] = {}
        web = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                web._answer(self)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = False
        self.server.block_on_close = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, name="localweb")
        self.thread.start()

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        """The URL of `path`; `host` "localhost" is the same server under another
        host name (a client limiting requests per host counts them apart)."""
        return f"http://{host}:{self.port}{path}"

    def serve(self, path: str, *replies: Reply | str | bytes, host: str = "127.0.0.1") -> str:
        """Answer `path` with `replies`, one per request, the last one from then on."""
        listed = [r if isinstance(r, Reply) else Reply(r) for r in replies]
        with self._guard:
            self.routes[path] = listed
        return self.url(path, host)

    def arrived(self, path: str) -> threading.Event:
        """Set once a request for `path` has reached the server."""
        with self._guard:
            return self._arrived.setdefault(path, threading.Event())

    def requests_to(self, path: str) -> list[Request]:
        with self._guard:
            return [r for r in self.requests if r.path == path]

    def stop(self) -> None:
        self.release.set()
        with self._guard:
            waits = [r.until for replies in self.routes.values() for r in replies if r.until]
        for event in waits:
            event.set()
        self.server.shutdown()
        self.server.server_close()  # joins every handler thread
        self.thread.join()

    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        path = handler.path
        headers = {k.lower(): v for k, v in handler.headers.items()}
        with self._guard:
            self.requests.append(Request(path, headers))
            replies = self.routes.get(path)
            reply = (replies.pop(0) if len(replies) > 1 else replies[0]) if replies else None
            self._arrived.setdefault(path, threading.Event()).set()
        if reply is None:
            reply = Reply("not here", status=404, content_type="text/plain")
        if reply.hold:
            self.release.wait()
        if reply.until is not None:
            reply.until.wait()
        # The client may have given up already (a timeout test).
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._send(handler, reply, headers)

    def _send(self, handler: BaseHTTPRequestHandler, reply: Reply, request: dict[str, str]) -> None:
        fresh = (reply.etag and request.get("if-none-match") == reply.etag) or (
            reply.last_modified and request.get("if-modified-since") == reply.last_modified
        )
        body = reply.body.encode("utf-8") if isinstance(reply.body, str) else reply.body
        status = 304 if fresh else reply.status
        if status == 304:
            body = b""
        elif reply.gzip:
            body = gzip.compress(body)
        handler.send_response(status)
        if status != 304:
            handler.send_header("Content-Type", reply.content_type)
        if reply.gzip and status != 304:
            handler.send_header("Content-Encoding", "gzip")
        if reply.etag:
            handler.send_header("ETag", reply.etag)
        if reply.last_modified:
            handler.send_header("Last-Modified", reply.last_modified)
        for name, value in reply.headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.send_header("Connection", "close")
        handler.end_headers()
        handler.close_connection = True
        handler.wfile.write(body)


# Documents ---------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """A feed entry: `summary` is what the feed says; `link` the page with the article."""

    title: str
    link: str
    summary: str
    guid: str = ""
    date: datetime = datetime(2021, 4, 30, 9, 30, tzinfo=UTC)
    author: str = ""


def rss20(title: str, site: str, items: list[Item]) -> str:
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<rss version="2.0"><channel>',
        f"<title>{html.escape(title)}</title><link>{site}</link>",
        "<description>News</description>",
    ]
    for item in items:
        guid = f'<guid isPermaLink="false">{html.escape(item.guid)}</guid>' if item.guid else ""
        author = f"<author>{html.escape(item.author)}</author>" if item.author else ""
        parts.append(
            f"<item><title>{html.escape(item.title)}</title><link>{html.escape(item.link)}</link>"
            f"<description>{html.escape(item.summary)}</description>{guid}{author}"
            f"<pubDate>{format_datetime(item.date)}</pubDate></item>"
        )
    parts.append("</channel></rss>")
    return "\n".join(parts)


def atom10(title: str, site: str, items: list[Item]) -> str:
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f'<title>{html.escape(title)}</title><link href="{site}"/>',
        f"<id>{site}</id><updated>2021-04-30T09:30:00Z</updated>",
    ]
    for item in items:
        author = f"<author><name>{html.escape(item.author)}</name></author>" if item.author else ""
        parts.append(
            f"<entry><title>{html.escape(item.title)}</title>"
            f'<link rel="alternate" href="{html.escape(item.link)}"/>'
            f"<id>{html.escape(item.guid or item.link)}</id>"
            f"<updated>{item.date.strftime('%Y-%m-%dT%H:%M:%SZ')}</updated>{author}"
            f"<summary>{html.escape(item.summary)}</summary></entry>"
        )
    parts.append("</feed>")
    return "\n".join(parts)


def rss10(title: str, site: str, items: list[Item]) -> str:
    resources = "".join(f'<rdf:li rdf:resource="{html.escape(i.link)}"/>' for i in items)
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        ' xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">',
        f'<channel rdf:about="{site}"><title>{html.escape(title)}</title><link>{site}</link>'
        f"<description>News</description><items><rdf:Seq>{resources}</rdf:Seq></items></channel>",
    ]
    for item in items:
        parts.append(
            f'<item rdf:about="{html.escape(item.link)}"><title>{html.escape(item.title)}</title>'
            f"<link>{html.escape(item.link)}</link>"
            f"<description>{html.escape(item.summary)}</description>"
            f"<dc:date>{item.date.strftime('%Y-%m-%dT%H:%M:%SZ')}</dc:date></item>"
        )
    parts.append("</rdf:RDF>")
    return "\n".join(parts)


def article_page(
    title: str,
    paragraphs: list[str],
    *,
    author: str = "",
    date: str = "",
    boilerplate: bool = True,
    feed_link: str = "",
) -> str:
    """A news page: the article, and (with `boilerplate`) navigation, a related-links
    box, comments and a footer around it."""
    meta = []
    if author:
        meta.append(f'<meta name="author" content="{html.escape(author)}">')
    if date:
        meta.append(f'<meta property="article:published_time" content="{date}T08:00:00Z">')
    if feed_link:
        meta.append(
            f'<link rel="alternate" type="application/rss+xml" title="News" href="{feed_link}">'
        )
    body = "".join(f"<p>{html.escape(p)}</p>\n" for p in paragraphs)
    around_top = around_bottom = ""
    if boilerplate:
        around_top = (
            '<nav class="menu"><ul><li><a href="/">Home</a></li><li><a href="/sport">Sport'
            '</a></li><li><a href="/weather">Weather forecast for the coastal regions</a>'
            "</li></ul></nav>"
        )
        around_bottom = (
            '<aside class="related"><h3>Related stories</h3><ul>'
            '<li><a href="/r1">Penguin parade delights the harbour crowds</a></li>'
            '<li><a href="/r2">Marmalade prices climb again this winter</a></li></ul></aside>'
            '<section id="comments" class="comments"><h3>Comments</h3>'
            '<div class="comment"><p>First! Zebra crossing enthusiasts unite, what a'
            " read this was for all of us.</p></div></section>"
            "<footer><p>Copyright Seed Sports Daily. Cookie settings. Contact us.</p></footer>"
        )
    byline = f'<p class="byline">By {html.escape(author)}</p>' if author else ""
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)} | Seed Sports Daily</title>{''.join(meta)}</head><body>"
        f"{around_top}<main><article><h1>{html.escape(title)}</h1>{byline}{body}</article>"
        f"</main>{around_bottom}</body></html>"
    )


FEED_TYPE = "application/rss+xml"


def serve_feed(
    web: LocalWeb,
    prefix: str = "",
    title: str = "Seed Sports Daily",
    stories: int = 2,
    etag: str = '"v1"',
) -> str:
    """An RSS feed at `prefix`/feed.xml of `stories` items, each linking to a page
    whose full text (the seed's paragraphs) the feed does not carry; its URL.
    A feed served again with new stories needs a new `etag` (or it is "not modified")."""
    paragraphs = seed_paragraphs()
    items = []
    for number in range(1, stories + 1):
        link = web.serve(
            f"{prefix}/story{number}",
            article_page(f"Story {number}", paragraphs[number - 1 :], author="Jane Writer",
                         date="2021-04-30"),
        )  # fmt: skip
        items.append(Item(f"Story {number}", link, "Alonso is not rushing.", f"{prefix}{number}"))
    body = rss20(title, web.url("/"), items)
    return web.serve(f"{prefix}/feed.xml", Reply(body, content_type=FEED_TYPE, etag=etag))
