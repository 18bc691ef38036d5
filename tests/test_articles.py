"""Reading the four article formats, and bad files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reader.articles import article_id, derive_title, read_file

# Fixtures that are helpers (tests/conftest.py).
Write = Callable[[Path, str | bytes], Path]


def test_seed_format_has_date_and_body_after_it(seed_article: Path) -> None:
    read = read_file(seed_article)
    (article,) = read.articles
    assert article.date == "2021-04-30"
    assert article.body.startswith("Xabi Alonso is some fans’ pick")
    assert "date 2021" not in article.body
    assert "\n\n“The key thing is that you need to feel prepared." in article.body
    assert article.title.startswith("Xabi Alonso is some fans’ pick to eventually")
    assert len(article.title) <= 81


def test_plain_text_takes_title_from_first_line(tmp_path: Path, write: Write) -> None:
    path = write(tmp_path / "a.txt", "Title here\n\nFirst paragraph.\n\nSecond one.\n")
    (article,) = read_file(path).articles
    assert article.title == "Title here"
    assert article.body == "First paragraph.\n\nSecond one."
    assert article.date == ""


def test_text_without_title_line_derives_title_from_first_sentence(
    tmp_path: Path, write: Write
) -> None:
    path = write(tmp_path / "a.txt", "One long paragraph starts here. And goes on.\n")
    (article,) = read_file(path).articles
    assert article.title == "One long paragraph starts here."


def test_derived_title_is_cut_at_a_word_boundary() -> None:
    title = derive_title("word " * 40)
    assert len(title) <= 81 and title.endswith("word…")


def test_markdown_front_matter_fields(news: Path) -> None:
    (article,) = read_file(news / "notes" / "munich.md").articles
    assert article.title == "Jürgen Klopp returns to Mönchengladbach"
    assert article.date == "2021-05-02"
    assert article.author == "A. Writer"
    assert article.source == "Example Times"
    assert article.url == "https://example.org/k"
    assert article.tags == ("football", "bundesliga")
    assert article.body.startswith("Jurgen Klopp went back")


def test_markdown_heading_is_the_title_without_front_matter(tmp_path: Path, write: Write) -> None:
    path = write(tmp_path / "a.md", "# The heading\n\nText of it.\n")
    (article,) = read_file(path).articles
    assert (article.title, article.body) == ("The heading", "Text of it.")


def test_jsonl_gives_one_article_per_line_and_names_bad_lines(tmp_path: Path, write: Write) -> None:
    path = write(
        tmp_path / "feed.jsonl",
        '{"title": "A", "body": "Alpha text."}\n{not json\n\n{"title": "C"}\n'
        '{"body": "Gamma text.", "date": "yesterday"}\n',
    )
    read = read_file(path)
    assert [a.title for a in read.articles] == ["A", "Gamma text."]
    assert read.articles[1].date == ""
    messages = [str(p) for p in read.problems]
    assert any(m.startswith(f"{path}:2: malformed JSON line") for m in messages)
    assert any(m.startswith(f"{path}:4: JSON line has no text in 'body'") for m in messages)
    assert any(f"{path}:5: date 'yesterday'" in m for m in messages)


def test_malformed_front_matter_names_file_and_line(tmp_path: Path, write: Write) -> None:
    path = write(tmp_path / "bad.md", "---\ntitle: [unclosed\ndate: 2021-01-01\n---\nText\n")
    read = read_file(path)
    assert read.articles == []
    (problem,) = read.problems
    assert problem.skipped and "malformed front matter" in problem.reason
    assert problem.line is not None and problem.line >= 2


def test_non_utf8_text_is_read_with_a_fallback_and_a_warning(tmp_path: Path, write: Write) -> None:
    path = write(tmp_path / "latin.txt", "Caf\xe9 prices\n\nThey cost \xa35.\n".encode("cp1252"))
    read = read_file(path)
    (article,) = read.articles
    assert article.title == "Café prices" and "£5" in article.body
    (problem,) = read.problems
    assert not problem.skipped and "not UTF-8" in problem.reason and "cp1252" in problem.reason


def test_binary_empty_and_oversized_files_are_skipped_with_reasons(
    tmp_path: Path, write: Write
) -> None:
    binary = write(tmp_path / "b.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    empty = write(tmp_path / "e.txt", "  \n\n")
    big = write(tmp_path / "big.txt", "x" * (5 * 1024 * 1024 + 10))
    reasons = {p.name: read_file(p).problems[0].reason for p in (binary, empty, big)}
    assert reasons["b.txt"].startswith("binary file")
    assert reasons["e.txt"] == "empty file"
    assert reasons["big.txt"].startswith("too large")


def test_article_id_depends_on_folder_name_and_relative_path_only() -> None:
    assert article_id("news", "a/b.txt") == article_id("news", "a/b.txt")
    assert article_id("news", "a/b.txt") != article_id("other", "a/b.txt")
    assert article_id("news", "f.jsonl", "id:1") != article_id("news", "f.jsonl", "id:2")
