"""The command line for feeds: `reader feed ...`, `reader fetch`, `reader add`, as a
script would run them against a real server on 127.0.0.1."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest
from localweb import LocalWeb, Reply, article_page, seed_paragraphs, serve_feed

from reader.cli import main
from reader.config import load_settings
from reader.library import Library

PARAGRAPHS = seed_paragraphs()
PAGE_ONLY = "the time comes he will dominate the rumour mill"
FEED = "application/rss+xml"

# Fixtures that are helpers (tests/conftest.py).
RunReader = Callable[..., CompletedProcess[str]]
Write = Callable[[Path, str | bytes], Path]


@pytest.fixture
def lib(tmp_path: Path) -> str:
    """An empty library (without the bundled sample) at tmp_path/lib, as `run_reader` uses."""
    Library(tmp_path / "lib", seed=False).close()
    return str(tmp_path / "lib")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_feed_add_then_fetch_in_a_shell_imports_the_full_articles(
    web: LocalWeb, lib: str, run_reader: RunReader
) -> None:
    url = serve_feed(web)
    added = run_reader("feed", "add", url)
    assert added.returncode == 0, added.stderr
    assert added.stdout.startswith("subscribed to 'Seed Sports Daily'")

    fetched = run_reader("fetch")

    assert fetched.returncode == 0, fetched.stderr
    assert fetched.stdout == "2 new, 0 updated from 1 feed\n"
    found = run_reader("search", f'"{PAGE_ONLY}"', "--json")
    assert json.loads(found.stdout)["total"] == 2
    again = run_reader("fetch")
    assert again.stdout == "0 new, 0 updated from 1 feed\n"
    assert web.requests_to("/feed.xml")[-1].headers["if-none-match"] == '"v1"'


def test_feed_list_shows_counts_times_and_errors(
    web: LocalWeb, lib: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "feed", "list", "--library", lib)[2] == "no feeds yet: reader feed add URL\n"
    run(capsys, "feed", "add", serve_feed(web, "/a"), "--name", "Alpha", "--library", lib)
    run(capsys, "feed", "add", serve_feed(web, "/b"), "--name", "Beta", "--library", lib)
    web.serve("/b/feed.xml", Reply("no", status=404))

    code, out, _ = run(capsys, "fetch", "--library", lib)

    assert code == 0
    assert out == "2 new, 0 updated from 2 feeds; 1 failed: Beta: HTTP 404 Not Found\n"
    code, out, _ = run(capsys, "feed", "list", "--library", lib, "--json")
    listed = {record["name"]: record for record in json.loads(out)}
    assert listed["Alpha"]["articles"] == 2 and listed["Alpha"]["unread"] == 2
    assert listed["Alpha"]["last_error"] is None and listed["Alpha"]["last_fetched"]
    assert listed["Beta"]["last_error"] == "HTTP 404 Not Found"
    code, out, _ = run(capsys, "feed", "list", "--library", lib)
    assert out.splitlines()[0].startswith("Alpha  2 articles, 2 unread  fetched 20")
    assert out.splitlines()[-1].strip() == "last error: HTTP 404 Not Found"
    # Only Beta, which fails: exit 1.
    assert run(capsys, "fetch", "Beta", "--library", lib)[0] == 1


def test_errors_are_one_line_and_exit_1(
    web: LocalWeb, lib: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        run(capsys, "fetch", "--library", lib)[2] == "reader: no feeds yet: reader feed add URL\n"
    )
    code, _, err = run(capsys, "feed", "add", web.url("/missing.xml"), "--library", lib)
    assert (code, err) == (1, f"reader: {web.url('/missing.xml')}: HTTP 404 Not Found\n")
    code, _, err = run(capsys, "feed", "add", "ftp://example.org/feed", "--library", lib)
    assert code == 1 and "only http and https" in err and err.count("\n") == 1
    code, _, err = run(capsys, "feed", "remove", "Nope", "--library", lib)
    assert (code, err) == (1, "reader: no feed named 'Nope' (feeds: none yet)\n")
    # A port nothing listens on.
    web.serve("/dead", Reply(status=302, headers={"Location": "http://127.0.0.1:9/feed"}))
    code, _, err = run(capsys, "feed", "add", web.url("/dead"), "--library", lib)
    assert code == 1 and "cannot connect" in err and "Traceback" not in err


def test_export_then_import_into_a_new_library_gives_the_same_feeds(
    web: LocalWeb, lib: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = str(tmp_path / "other")
    run(capsys, "feed", "add", serve_feed(web, "/a"), "--name", "Alpha", "--library", lib)
    run(capsys, "feed", "add", serve_feed(web, "/b"), "--summary-only", "--library", lib)
    opml = tmp_path / "feeds.opml"

    assert run(capsys, "feed", "export", "--output", str(opml), "--library", lib)[0] == 0
    code, _, err = run(capsys, "feed", "export", "--output", str(opml), "--library", lib)
    assert code == 1 and "exists already (--force replaces it)" in err
    inside = str(tmp_path / "lib" / "feeds.opml")
    code, _, err = run(capsys, "feed", "export", "--output", inside, "--library", lib)
    assert code == 1 and "inside the library folder" in err
    code, out, _ = run(capsys, "feed", "import", str(opml), "--library", other)
    assert (code, out) == (0, f"2 feeds added, 0 skipped (from {opml})\n")

    mine = json.loads(run(capsys, "feed", "list", "--json", "--library", lib)[1])
    theirs = json.loads(run(capsys, "feed", "list", "--json", "--library", other)[1])
    keys = ("name", "url", "summary_only")
    assert [{k: f[k] for k in keys} for f in theirs] == [{k: f[k] for k in keys} for f in mine]
    code, out, _ = run(capsys, "feed", "export", "--library", other)
    assert out.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<opml')
    assert 'version="2.0"' in out


def test_add_saves_one_page_with_its_title_author_and_date(
    web: LocalWeb, lib: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = article_page("Alonso takes it slowly", PARAGRAPHS, author="Jane Writer",
                        date="2021-04-30")  # fmt: skip
    url = web.serve("/later", page)

    code, out, _ = run(capsys, "add", url, "--library", lib)

    assert code == 0
    assert out.splitlines()[-1] == "1 added, 0 updated"
    article_id = out.split("(")[-1].split(")")[0]
    code, out, _ = run(capsys, "show", article_id, "--json", "--library", lib)
    shown = json.loads(out)
    assert (shown["title"], shown["author"], shown["date"], shown["url"]) == (
        "Alonso takes it slowly", "Jane Writer", "2021-04-30", url,
    )  # fmt: skip
    code, out, _ = run(capsys, "add", web.url("/gone"), "--library", lib)
    gone = f"0 added, 0 updated; 1 failed: {web.url('/gone')}: page not read (HTTP 404 Not Found)"
    assert (code, out) == (1, gone + "\n")


def test_remove_takes_the_articles_away_unless_kept(
    web: LocalWeb, lib: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "feed", "add", serve_feed(web), "--name", "News", "--library", lib)
    run(capsys, "fetch", "--library", lib)
    code, out, _ = run(capsys, "feed", "remove", "news", "--library", lib)
    assert (code, out) == (0, "unsubscribed from 'News'; 2 articles removed\n")
    code, out, _ = run(capsys, "search", "alonso", "--json", "--library", lib)
    assert json.loads(out)["total"] == 0


def test_refresh_minutes_is_a_validated_setting(tmp_path: Path, write: Write) -> None:
    assert load_settings(None).feeds_refresh_minutes == 60
    good = write(tmp_path / "good.yaml", "feeds:\n  refresh_minutes: 0\n")
    assert load_settings(good).feeds_refresh_minutes == 0
    bad = write(tmp_path / "bad.yaml", "feeds:\n  refresh_minutes: soon\n  refresh: 5\n")
    settings = load_settings(bad)
    assert settings.feeds_refresh_minutes == 60
    reasons = [str(p) for p in settings.problems]
    assert reasons == [
        f"{bad}:2: feeds.refresh_minutes must be a whole number of minutes from 0 (never)"
        " to 10,080 (a week); 60 is used",
        f"{bad}:3: unknown setting 'feeds.refresh' (did you mean 'refresh_minutes'?)",
    ]
