"""Bare Whoosh, the engine floor: what Whoosh alone writes and answers for the same files.

Its StandardAnalyzer without a stop list, positions on, one `title` and one
`body` field, nothing else: no ids kept apart, no catalog, no people or quotes,
one process, Whoosh's default codec.  Reading the file and splitting off the
front matter is the only parsing it does.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from bench.queries import Query

INDEX_NAME = "MAIN"


def build(folder: Path, target: Path) -> dict[str, float]:
    """Index every article file under `folder` into `target`; timings and size."""
    from whoosh import index
    from whoosh.analysis import StandardAnalyzer
    from whoosh.fields import ID, TEXT, Schema

    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    analyzer = StandardAnalyzer(stoplist=None)
    schema = Schema(
        path=ID(stored=True, unique=True),
        title=TEXT(analyzer=analyzer),
        body=TEXT(analyzer=analyzer),
    )
    ix = index.create_in(str(target), schema, indexname=INDEX_NAME)
    started = time.perf_counter()
    cpu_started = time.process_time()
    writer = ix.writer(limitmb=256)
    count = 0
    for path in sorted(folder.rglob("*")):
        if path.suffix not in (".md", ".txt") or path.name.startswith("."):
            continue
        title, body = _title_and_body(path.read_text(encoding="utf-8", errors="replace"))
        writer.add_document(path=str(path), title=title, body=body)
        count += 1
    writer.commit()
    seconds = time.perf_counter() - started
    size = sum(f.stat().st_size for f in target.iterdir() if f.is_file())
    return {
        "articles": count,
        "seconds": round(seconds, 2),
        "cpu_seconds": round(time.process_time() - cpu_started, 2),
        "per_second": round(count / seconds, 1),
        "index_mb": round(size / 1e6, 1),
    }


def _title_and_body(text: str) -> tuple[str, str]:
    if text.startswith("---\n"):
        head, _, body = text[4:].partition("\n---\n")
        for line in head.splitlines():
            if line.startswith("title:"):
                return line[6:].strip().strip('"'), body
        return "", body
    title, _, body = text.partition("\n")
    return title, body


class BareWhooshEngine:
    """The same queries, as Whoosh would be asked them on its own index.

    Words and phrases are looked up in `body` (the text; titles are one line);
    the page of 20 comes from Whoosh's default search (block-quality skipping
    on), and the total from `len(results)`, exact, as the reader gives it.
    """

    name = "bare whoosh"

    def __init__(self, folder: Path) -> None:
        from whoosh import index

        self.ix = index.open_dir(str(folder), indexname=INDEX_NAME)
        self.searcher = self.ix.searcher()

    def search(self, query: Query) -> int:
        from whoosh import query as wq

        if query.kind == "person":
            return -1  # no people in bare Whoosh
        if query.kind.startswith("phrase"):
            built: wq.Query = wq.Phrase("body", list(query.words))
        elif len(query.words) == 1:
            built = wq.Term("body", query.words[0])
        else:
            built = wq.And([wq.Term("body", word) for word in query.words])
        results = self.searcher.search(built, limit=20)
        for hit in results:
            hit["path"]
        return len(results)

    def close(self) -> None:
        self.searcher.close()
        self.ix.close()


def folder_mb(folder: Path) -> float:
    return round(sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6, 1)


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(build(Path(sys.argv[1]), Path(sys.argv[2]))))
    os._exit(0)
