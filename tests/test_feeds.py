"""Feeds, as a user meets them: subscribe, fetch, read the full articles, keep going
when a feed breaks.  Every test talks to a real HTTP server on 127.0.0.1 (the
`web` fixture) and imports into a real library."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from localweb import Item, LocalWeb, Reply, article_page, atom10, rss10, rss20, seed_paragraphs

from reader.feeds import Feeds, HttpSettings
from reader.feeds.http import Http
from reader.feeds.model import FeedError
from reader.library import Library

# Short timeouts and backoffs, so that failing servers fail fast.
FAST = HttpSettings(connect_timeout=5, total_timeout=5, backoff=0.01)
PARAGRAPHS = seed_paragraphs()
# A phrase of the seed that only the pages carry (the feeds give one sentence).
PAGE_ONLY = "the time comes he will dominate the rumour mill"
FEED = "application/rss+xml"
Builder = Callable[[str, str, list[Item]], str]


@pytest.fixture
def feeds(library: Library) -> Iterator[Feeds]:
    with Feeds(library, http=FAST) as opened:
        yield opened


def serve_site(
    web: LocalWeb,
    prefix: str = "",
    builder: Builder = rss20,
    count: int = 2,
    host: str = "127.0.0.1",
) -> str:
    """A feed at PREFIX/feed.xml whose entries link to pages holding the seed's text."""
    items = []
    for number in range(1, count + 1):
        link = web.serve(
            f"{prefix}/story{number}",
            article_page(
                f"Story {number}: Alonso not rushing",
                PARAGRAPHS[number - 1 :],
                author="Jane Writer",
                date=f"2021-04-{20 + number}",
            ),
            host=host,
        )
        summary = PARAGRAPHS[number - 1].split(",")[0] + "."
        items.append(
            Item(f"Story {number}: Alonso not rushing", link, summary, f"tag:{prefix}{number}")
        )
    return web.serve(
        f"{prefix}/feed.xml",
        Reply(builder("Seed Sports Daily", web.url("/"), items), content_type=FEED),
        host=host,
    )


def hits(library: Library, query: str) -> int:
    return library.search(query, limit=50).total


# Formats -------------------------------------------------------------------------


@pytest.mark.parametrize("builder", [rss20, atom10, rss10], ids=["rss2.0", "atom1.0", "rss1.0"])
def test_each_feed_format_imports_every_entry_with_the_pages_full_text(
    web: LocalWeb, feeds: Feeds, library: Library, builder: Builder
) -> None:
    url = serve_site(web, builder=builder)
    status = feeds.add(url)
    assert (status.name, status.url, status.articles) == ("Seed Sports Daily", url, 0)

    report = feeds.fetch()

    assert (report.new, report.updated, report.failed) == (2, 0, ())
    assert report.summary() == "2 new, 0 updated from 1 feed"
    assert hits(library, f'"{PAGE_ONLY}"') == 2
    assert hits(library, 'feed:"Seed Sports Daily"') == 2
    # The boilerplate around the article stays out: menu, related links, comments.
    for words in ('"penguin parade"', "zebra", '"weather forecast"', "cookie"):
        assert hits(library, words) == 0, words
    listed = feeds.list_feeds()[0]
    assert (listed.articles, listed.unread, listed.last_error) == (2, 2, "")
    assert listed.last_fetched


def test_the_article_file_is_markdown_with_front_matter(
    web: LocalWeb, feeds: Feeds, library: Library
) -> None:
    feeds.add(serve_site(web, count=1), name="Seed")
    feeds.fetch()
    files = list((library.folder / "feeds" / "seed").glob("*.md"))
    assert len(files) == 1
    text = files[0].read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: 'Story 1: Alonso not rushing'\ndate: '2021-04-30'\n")
    assert "author: Jane Writer\n" in text
    assert f"url: {web.url('/story1')}\n" in text
    assert "feed: Seed\n" in text
    hit = library.search('"not rushing" feed:seed').hits[0]
    article = library.article(hit.id)
    assert article is not None
    assert (article.title, article.date, article.author) == (
        "Story 1: Alonso not rushing", "2021-04-30", "Jane Writer",
    )  # fmt: skip
    assert article.body.startswith("Xabi Alonso is some fans")  # the heading is the title
    # People are found as in any article.
    assert library.person("Xabi Alonso") is not None


# HTTP ----------------------------------------------------------------------------


def test_a_second_fetch_asks_conditionally_and_adds_nothing(
    web: LocalWeb, feeds: Feeds, library: Library
) -> None:
    url = serve_site(web)
    body = web.routes["/feed.xml"][0].body
    modified = "Fri, 30 Apr 2021 09:30:00 GMT"
    web.serve("/feed.xml", Reply(body, content_type=FEED, etag='"v1"', last_modified=modified))
    feeds.add(url)
    assert feeds.fetch().new == 2
    web.serve("/feed.xml", Reply(body, content_type=FEED, last_modified=modified))  # no ETag

    again = feeds.fetch()

    assert (again.new, again.updated) == (0, 0)
    assert again.feeds[0].not_modified
    last = web.requests_to("/feed.xml")[-1].headers
    assert last["if-none-match"] == '"v1"'
    assert last["if-modified-since"] == "Fri, 30 Apr 2021 09:30:00 GMT"
    assert library.count() == 2
    feeds.fetch()  # a 304 without the validators keeps the ones stored
    assert web.requests_to("/feed.xml")[-1].headers["if-none-match"] == '"v1"'


def test_gzip_answers_are_decoded_and_the_user_agent_names_reader(
    web: LocalWeb, feeds: Feeds
) -> None:
    url = serve_site(web)
    web.serve("/feed.xml", Reply(web.routes["/feed.xml"][0].body, content_type=FEED, gzip=True))
    feeds.add(url)
    assert feeds.fetch().new == 2
    request = web.requests_to("/feed.xml")[-1].headers
    assert "gzip" in request["accept-encoding"]
    assert request["user-agent"].startswith("reader/")


def test_redirects_are_followed_up_to_five_and_only_to_the_web(web: LocalWeb, feeds: Feeds) -> None:
    serve_site(web)
    web.serve("/old", Reply(status=301, headers={"Location": "/feed.xml"}))
    assert feeds.add(web.url("/old"), name="Moved").url == web.url("/old")
    assert feeds.fetch().new == 2

    for hop in range(7):
        web.serve(f"/loop{hop}", Reply(status=302, headers={"Location": f"/loop{hop + 1}"}))
    with pytest.raises(FeedError, match="too many redirects"):
        feeds.add(web.url("/loop0"))
    web.serve("/sneaky", Reply(status=302, headers={"Location": "file:///etc/passwd"}))
    with pytest.raises(FeedError, match="redirected to a file: URL"):
        feeds.add(web.url("/sneaky"))


def test_a_feed_that_fails_keeps_its_articles_and_never_stops_the_others(
    web: LocalWeb, feeds: Feeds, library: Library
) -> None:
    feeds.add(serve_site(web, "/one"), name="One")
    feeds.add(serve_site(web, "/two"), name="Two")
    assert feeds.fetch().new == 4
    web.serve("/one/feed.xml", Reply("gone", status=404, content_type="text/plain"))
    told: list[str] = []

    report = feeds.fetch(on_result=lambda result: told.append(result.name))

    assert sorted(told) == ["One", "Two"]
    assert [r.name for r in report.failed] == ["One"]
    assert report.failed[0].error == "HTTP 404 Not Found"
    assert report.summary() == "0 new, 0 updated from 2 feeds; 1 failed: One: HTTP 404 Not Found"
    assert hits(library, "feed:one") == 2
    one = feeds.status("One")
    assert (one.articles, one.last_error) == (2, "HTTP 404 Not Found")
    assert feeds.status("Two").last_error == ""


def test_a_server_error_is_tried_again_honouring_retry_after(web: LocalWeb, feeds: Feeds) -> None:
    url = serve_site(web)
    good = web.routes["/feed.xml"][0]
    busy = Reply("busy", status=503, headers={"Retry-After": "0"})
    web.serve("/feed.xml", busy, Reply("oops", status=500), good)
    feeds.add(url)  # takes the first two answers (and the good one)
    web.serve("/feed.xml", Reply("oops", status=500), good)

    report = feeds.fetch()

    assert (report.new, report.failed) == (2, ())
    assert len(web.requests_to("/feed.xml")) == 5


def test_a_server_that_keeps_failing_is_reported_after_the_retries(
    web: LocalWeb, feeds: Feeds
) -> None:
    url = serve_site(web)
    feeds.add(url)
    web.serve("/feed.xml", Reply("oops", status=500))
    report = feeds.fetch()
    assert report.failed[0].error == "HTTP 500 Internal Server Error (3 tries)"


def test_a_server_slower_than_the_timeout_fails_alone(web: LocalWeb, library: Library) -> None:
    with Feeds(library, http=HttpSettings(total_timeout=1.0, backoff=0.01)) as feeds:
        slow_url = serve_site(web, "/slow")
        feeds.add(slow_url, name="Slow")
        feeds.add(serve_site(web, "/fine"), name="Fine")
        web.serve("/slow/feed.xml", Reply(hold=True))

        report = feeds.fetch()

    failed = {r.name: r.error for r in report.failed}
    assert failed == {"Slow": "timed out (no whole answer within 1 s)"}
    assert report.new == 2


def test_a_body_over_the_size_cap_is_refused(web: LocalWeb, library: Library) -> None:
    with Feeds(library, http=HttpSettings(max_bytes=2000, backoff=0.01)) as feeds:
        big = "<rss>" + "x" * 5000 + "</rss>"
        web.serve("/big.xml", Reply(big, content_type=FEED))
        with pytest.raises(FeedError, match="larger than"):
            feeds.add(web.url("/big.xml"))
        # Compressed small, decoded large: stopped at the cap as it is decoded.
        web.serve("/bomb.xml", Reply("<rss>" + " " * 100_000 + "</rss>", gzip=True))
        with pytest.raises(FeedError, match="larger than"):
            feeds.add(web.url("/bomb.xml"))


def test_malformed_xml_keeps_what_could_be_read(
    web: LocalWeb, feeds: Feeds, library: Library
) -> None:
    url = serve_site(web)
    whole = str(web.routes["/feed.xml"][0].body)
    broken = whole.replace("</channel></rss>", "<item><title>Cut <b>off</title></item>")
    web.serve("/feed.xml", Reply(broken, content_type=FEED))
    feeds.add(url)

    report = feeds.fetch()

    assert report.new == 2
    assert any("broken XML" in warning for warning in report.feeds[0].warnings)
    web.serve("/nonsense.xml", Reply("<<<this is not xml at all", content_type="text/xml"))
    with pytest.raises(FeedError, match=r"not a feed: broken XML|not an RSS or Atom feed"):
        feeds.add(web.url("/nonsense.xml"))


def test_a_page_names_its_feed_in_a_link_alternate(web: LocalWeb, feeds: Feeds) -> None:
    feed_url = serve_site(web)
    web.serve("/home", article_page("Home", PARAGRAPHS[:2], feed_link="/feed.xml"))
    status = feeds.add(web.url("/home"))
    assert status.url == feed_url
    web.serve("/nofeed", article_page("Plain", PARAGRAPHS[:2]))
    with pytest.raises(FeedError, match="names no feed"):
        feeds.add(web.url("/nofeed"))


def test_one_request_per_host_at_a_time_while_other_hosts_go_on(web: LocalWeb) -> None:
    release = threading.Event()
    web.serve("/held", Reply("held", until=release))
    web.serve("/same", "same")
    web.serve("/other", "other")
    got: dict[str, bytes] = {}

    def get(name: str, url: str) -> None:
        got[name] = http.get(url).body

    with Http(FAST) as http:
        threads = {
            "held": threading.Thread(target=get, args=("held", web.url("/held"))),
            "same": threading.Thread(target=get, args=("same", web.url("/same"))),
            "other": threading.Thread(target=get, args=("other", web.url("/other", "localhost"))),
        }
        threads["held"].start()
        assert web.arrived("/held").wait(10)
        threads["same"].start()
        threads["other"].start()
        threads["other"].join(10)
        # Another host is served while 127.0.0.1 is busy; 127.0.0.1 waits its turn.
        assert got == {"other": b"other"}
        assert not web.arrived("/same").is_set()
        release.set()
        for thread in threads.values():
            thread.join(10)
    assert got == {"other": b"other", "held": b"held", "same": b"same"}


# Entries -------------------------------------------------------------------------


def test_an_entry_updated_between_fetches_updates_its_article(
    web: LocalWeb, feeds: Feeds, library: Library
) -> None:
    url = serve_site(web, count=1)
    feeds.add(url)
    feeds.fetch()
    before = library.search('"not rushing"').hits
    article_id = before[0].id
    start = library.article(article_id).body.index("dominate the rumour mill")  # type: ignore[union-attr]
    library.bookmark(article_id, start, start + len("dominate the rumour mill"))
    changed = [p.replace("Jurgen Klopp", "Jurgen Norbert Klopp") for p in PARAGRAPHS]
    page = article_page("Story 1: Alonso still not rushing", changed, author="Jane Writer")
    web.serve("/story1", page)
    item = Item("Story 1: Alonso still not rushing", web.url("/story1"), "Changed.", "tag:1")
    web.serve(
        "/feed.xml", Reply(rss20("Seed Sports Daily", web.url("/"), [item]), content_type=FEED)
    )

    report = feeds.fetch()

    assert (report.new, report.updated) == (0, 1)
    article = library.article(article_id)
    assert article is not None
    assert article.title == "Story 1: Alonso still not rushing"
    assert "Jurgen Norbert Klopp" in article.body
    assert library.count() == 1
    anchor = library.bookmarks.list()[0].anchor
    assert article.body[anchor.start : anchor.end] == "dominate the rumour mill"
    assert anchor.start != start  # the passage moved: the bookmark followed it


def test_the_same_link_in_two_feeds_is_one_article(
    web: LocalWeb, feeds: Feeds, library: Library
) -> None:
    shared = web.serve("/shared", article_page("Shared story", PARAGRAPHS, author="A. B."))
    for name in ("first", "second"):
        item = Item("Shared story", shared, "One sentence.", f"{name}-guid")
        web.serve(f"/{name}.xml", Reply(rss20(name, web.url("/"), [item]), content_type=FEED))
        feeds.add(web.url(f"/{name}.xml"), name=name.title())

    report = feeds.fetch()

    assert report.new == 1
    assert library.count() == 1
    assert hits(library, "feed:first") == 1
    assert hits(library, "feed:second") == 1
    assert [s.articles for s in feeds.list_feeds()] == [1, 1]
    assert feeds.fetch().new == 0
    # Removing one feed leaves the article to the other.
    assert feeds.remove("First") == 0
    assert (library.count(), hits(library, "feed:first"), hits(library, "feed:second")) == (1, 0, 1)


def test_links_to_other_schemes_are_refused_for_that_entry(
    web: LocalWeb, feeds: Feeds, library: Library
) -> None:
    page = web.serve("/fine", article_page("Fine story", PARAGRAPHS))
    items = [
        Item("Fine story", page, "Fine.", "g1"),
        Item("Local file", "file:///etc/passwd", "Sneaky.", "g2"),
    ]
    web.serve("/feed.xml", Reply(rss20("Mixed", web.url("/"), items), content_type=FEED))
    feeds.add(web.url("/feed.xml"))

    report = feeds.fetch()

    assert report.new == 1
    assert any("link file://" in w and "refused" in w for w in report.feeds[0].warnings)
    assert hits(library, "passwd OR sneaky") == 0


def test_a_page_that_cannot_be_read_keeps_the_summary_marked_summary_only(
    web: LocalWeb, feeds: Feeds, library: Library
) -> None:
    item = Item("Lost page", web.url("/missing"), "Alonso said he is taking it step by step.", "g")
    web.serve("/feed.xml", Reply(rss20("Lossy", web.url("/"), [item]), content_type=FEED))
    feeds.add(web.url("/feed.xml"))

    report = feeds.fetch()

    assert (report.new, report.feeds[0].summary_only) == (1, 1)
    assert any("HTTP 404" in w for w in report.feeds[0].warnings)
    found = library.search('"taking it step by step"').hits
    assert len(found) == 1
    article = library.article(found[0].id)
    assert article is not None and article.tags == ("summary only",)


def test_a_page_that_could_not_be_fetched_is_tried_again_at_the_next_fetch(
    web: LocalWeb, feeds: Feeds, library: Library
) -> None:
    late = Item("Late page", web.url("/late"), "Alonso is taking it step by step.", "late")
    web.serve("/feed.xml", Reply(rss20("Lossy", web.url("/"), [late]), content_type=FEED))
    feeds.add(web.url("/feed.xml"))
    assert feeds.fetch().feeds[0].summary_only == 1
    web.serve("/late", article_page("Late page", PARAGRAPHS))

    report = feeds.fetch()

    assert (report.new, report.updated, report.feeds[0].summary_only) == (0, 1, 0)
    assert feeds.fetch().updated == 0
    hit = library.search('title:"late page"').hits[0]
    article = library.article(hit.id)
    assert article is not None and article.tags == () and PAGE_ONLY in article.body


def test_a_stopped_fetch_keeps_what_was_done_and_blames_no_feed(
    web: LocalWeb, library: Library
) -> None:
    with Feeds(library, http=HttpSettings(total_timeout=2, backoff=0.01)) as feeds:
        feeds.add(serve_site(web, "/held"), name="Held")
        feeds.add(serve_site(web, "/quick", host="localhost"), name="Quick")
        web.serve("/held/feed.xml", Reply(hold=True))
        done: list[str] = []

        report = feeds.fetch(
            on_result=lambda r: done.append(r.name), should_stop=lambda: "Quick" in done
        )

        assert report.interrupted
        assert [r.name for r in report.feeds] == ["Quick"]
        assert report.new == 2
        held = feeds.status("Held")
        assert (held.last_fetched, held.last_error) == ("", "")


def test_summary_only_feeds_never_fetch_pages(
    web: LocalWeb, feeds: Feeds, library: Library
) -> None:
    feeds.add(serve_site(web), summary_only=True)
    report = feeds.fetch()
    assert (report.new, report.feeds[0].summary_only) == (2, 0)
    assert web.requests_to("/story1") == []
    assert hits(library, f'"{PAGE_ONLY}"') == 0


# Subscriptions ---------------------------------------------------------------------


def test_names_and_urls_are_unique(web: LocalWeb, feeds: Feeds) -> None:
    url = serve_site(web)
    feeds.add(url, name="News")
    with pytest.raises(FeedError, match="already subscribed as 'News'"):
        feeds.add(url, name="Other")
    web.serve("/b.xml", web.routes["/feed.xml"][0])
    with pytest.raises(FeedError, match="a feed named 'News' exists already"):
        feeds.add(web.url("/b.xml"), name="news")
    with pytest.raises(FeedError, match="only http and https"):
        feeds.add("file:///etc/passwd")
    with pytest.raises(FeedError, match="no feed named 'Nope'"):
        feeds.fetch(["Nope"])


def test_removing_a_feed_removes_its_articles_unless_kept(
    web: LocalWeb, feeds: Feeds, library: Library
) -> None:
    feeds.add(serve_site(web, "/a"), name="A")
    feeds.add(serve_site(web, "/b"), name="B")
    feeds.fetch()
    assert library.count() == 4

    assert feeds.remove("A") == 2
    assert library.count() == 2
    feeds.remove("B", keep_articles=True)
    assert library.count() == 2
    assert feeds.list_feeds() == []


def test_opml_export_then_import_into_a_new_library_gives_the_same_feeds(
    web: LocalWeb, feeds: Feeds, tmp_path: Path
) -> None:
    feeds.add(serve_site(web, "/a"), name="Alpha & Co")
    feeds.add(serve_site(web, "/b"), name="Beta", summary_only=True)
    opml = tmp_path / "feeds.opml"
    opml.write_text(feeds.export_opml(), encoding="utf-8")

    other = Library(tmp_path / "other", seed=False)
    try:
        with Feeds(other, http=FAST) as copied:
            result = copied.import_opml(opml)
            assert result.added == ("Alpha & Co", "Beta")
            again = copied.import_opml(opml)
            assert again.added == () and len(again.skipped) == 2
            mine = [(s.name, s.url, s.summary_only) for s in feeds.list_feeds()]
            theirs = [(s.name, s.url, s.summary_only) for s in copied.list_feeds()]
            assert theirs == mine
    finally:
        other.close()


def test_refresh_is_due_when_the_last_fetch_is_old_enough(web: LocalWeb, feeds: Feeds) -> None:
    from datetime import UTC, datetime, timedelta

    assert not feeds.refresh_due(30)  # no feeds
    feeds.add(serve_site(web))
    assert feeds.refresh_due(30)  # never fetched
    assert not feeds.refresh_due(0)  # turned off
    feeds.fetch()
    assert not feeds.refresh_due(30)
    assert feeds.refresh_due(30, now=datetime.now(UTC) + timedelta(minutes=31))


def test_the_feeds_file_is_restored_from_its_backup_when_damaged(
    web: LocalWeb, tmp_path: Path
) -> None:
    folder = tmp_path / "lib"
    library = Library(folder, seed=False)
    try:
        with Feeds(library, http=FAST) as feeds:
            feeds.add(serve_site(web), name="Kept")
        (folder / "feeds.sqlite").write_bytes(b"garbage" * 1000)
        with Feeds(library, http=FAST) as feeds:
            assert [s.name for s in feeds.list_feeds()] == ["Kept"]
        assert any("feeds.sqlite was damaged" in n for n in library.notices)
        with sqlite3.connect(folder / "feeds.sqlite") as db:
            assert db.execute("SELECT name FROM feeds").fetchall() == [("Kept",)]
    finally:
        library.close()


# Saved pages -------------------------------------------------------------------------


def test_add_saves_a_page_with_its_title_author_and_date(
    web: LocalWeb, feeds: Feeds, library: Library
) -> None:
    page = article_page(
        "Alonso is not rushing", PARAGRAPHS, author="Jane Writer", date="2021-04-30"
    )
    url = web.serve("/read-later", page)
    report = feeds.save_pages([url, web.url("/nowhere")])

    assert (
        report.summary() == f"1 added, 0 updated; 1 failed: {web.url('/nowhere')}:"
        " page not read (HTTP 404 Not Found)"
    )
    article = library.article(report.pages[0].article_id)
    assert article is not None
    assert (article.title, article.author, article.date, article.url) == (
        "Alonso is not rushing", "Jane Writer", "2021-04-30", url,
    )  # fmt: skip
    assert "penguin" not in article.body.lower()
    again = feeds.save_pages([url])
    assert (again.summary(), library.count()) == ("0 added, 0 updated, 1 unchanged", 1)


def test_saved_html_files_in_a_folder_are_imported_through_the_extractor(
    library: Library, tmp_path: Path
) -> None:
    folder = tmp_path / "saved"
    folder.mkdir()
    (folder / "story.html").write_text(
        article_page("Alonso is not rushing", PARAGRAPHS, author="Jane Writer", date="2021-04-30"),
        encoding="utf-8",
    )
    (folder / "empty.htm").write_text("<html><body><nav>Home</nav></body></html>")

    report = library.import_paths([folder])

    assert report.added == 1
    assert [p.reason for p in report.problems] == ["no article text found in the HTML page"]
    hit = library.search(f'"{PAGE_ONLY}"').hits[0]
    article = library.article(hit.id)
    assert article is not None
    assert (article.title, article.author, article.date) == (
        "Alonso is not rushing", "Jane Writer", "2021-04-30",
    )  # fmt: skip
    assert hits(library, "zebra OR penguin OR cookie") == 0


def test_the_feeds_package_loads_no_textual_or_rich() -> None:
    import subprocess
    import sys

    from conftest import REPO

    check = (
        "import importlib, pkgutil, sys, reader.feeds\n"
        "for m in pkgutil.iter_modules(reader.feeds.__path__):\n"
        "    importlib.import_module(f'reader.feeds.{m.name}')\n"
        "importlib.import_module('reader.webpage')\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'rich'}))\n"
    )
    found = subprocess.run(
        [sys.executable, "-c", check], capture_output=True, text=True, cwd=REPO, timeout=120
    )
    assert (found.returncode, found.stdout) == (0, "[]\n"), found.stderr
