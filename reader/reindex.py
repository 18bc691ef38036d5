"""Bringing the index up to date with the catalog: the articles in `index_queue`.

The queue lists the articles whose index documents may not match the catalog
(see `reader.importer`): after a crash between the catalog's commit and the
index's, or every article when the index was rebuilt empty.  Each is removed
from the index wherever it is and added again from the catalog, batch by
batch, each batch committed to the index and then taken off the queue.  Doing
an article twice is harmless, so a kill at any moment just leaves the rest of
the queue for the next run.  The caller holds the library's write lock.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from whoosh.writing import NO_MERGE

from reader.catalog import Catalog, TextRow, people_keys, quote_texts
from reader.faults import checkpoint
from reader.import_workers import CHUNK_FILES, WorkerPool, commit_with_segments, worker_count
from reader.index import document_fields, writer_options
from reader.segments import FastSegmentWriter

if TYPE_CHECKING:
    from pathlib import Path

    from whoosh.index import FileIndex
    from whoosh.writing import SegmentWriter

# Articles per index commit.
BATCH = 5000
# Below this many queued articles, each is deleted through the id's postings;
# above it, one pass over the stored ids of the index finds them all faster.
FEW = 2000
# Below this many, the documents are written in this process.
PARALLEL_MIN = 2000

# (articles done, articles to do) -> None
Progress = Callable[[int, int], None]


def reindex_queued(
    catalog: Catalog,
    ix: FileIndex,
    progress: Progress | None = None,
    should_stop: Callable[[], bool] | None = None,
    worker_log: Path | None = None,
) -> tuple[int, bool]:
    """Re-index every queued article; (articles done, whether all were)."""
    queued = catalog.queued_ids(limit=-1)
    if not queued:
        return 0, True
    report = progress or (lambda done, total: None)
    stop = should_stop or (lambda: False)
    total = len(queued)
    report(0, total)
    writer = _writer(ix)
    _delete_everywhere(writer, ix, queued)
    done = 0
    pool = None
    if total >= PARALLEL_MIN and worker_count() > 1:
        from pathlib import Path

        pool = WorkerPool(Path(ix.storage.folder), None, worker_count(), worker_log)
    try:
        for start in range(0, total, BATCH):
            if stop():
                writer.cancel()
                return done, False
            batch = queued[start : start + BATCH]
            rows = catalog.texts(batch)
            fields = (_document(rows[i]) for i in batch if i in rows)
            if pool is None:
                for document in fields:
                    writer.add_document(**document)
                writer.commit(mergetype=NO_MERGE)
            else:
                _index_in_workers(pool, list(fields))
                commit_with_segments(writer, pool.finish_segments(), NO_MERGE)
            checkpoint("reindexed", pool.pids if pool is not None else ())
            catalog.unqueue(batch)
            done += len(batch)
            report(done, total)
            if start + BATCH < total:
                writer = _writer(ix)
    except BaseException:
        if not writer.is_closed:
            writer.cancel()
        raise
    finally:
        if pool is not None:
            pool.close()
    return done, True


def _writer(ix: FileIndex) -> SegmentWriter:
    return FastSegmentWriter(ix, **writer_options())


def _delete_everywhere(writer: SegmentWriter, ix: FileIndex, ids: list[str]) -> None:
    """Delete from the index, in `writer`, every document of the articles `ids`."""
    if not ix.doc_count_all():
        return
    if len(ids) <= FEW:
        for article_id in ids:
            writer.delete_by_term("id", article_id)
        return
    # Looking up each id in each segment's term table costs more than reading
    # the stored ids once when many articles are queued (a whole rebuild).
    wanted = set(ids)
    reader = writer.reader()
    for docnum, stored in reader.iter_docs():
        if stored.get("id") in wanted:
            writer.delete_document(docnum)


def _index_in_workers(pool: WorkerPool, documents: list[dict[str, str]]) -> None:
    chunks = [documents[i : i + CHUNK_FILES * 4] for i in range(0, len(documents), CHUNK_FILES * 4)]
    chunks.reverse()
    while chunks or pool.busy():
        while chunks and pool.can_send():
            pool.send_documents(chunks.pop())
        if pool.busy():
            pool.receive()


def _document(row: TextRow) -> dict[str, str]:
    return document_fields(
        row.id, row.title, row.body, row.date, row.author, row.source,
        json.loads(row.tags), people_keys(row.people), quote_texts(row.quotes),
        json.loads(row.feeds),
    )  # fmt: skip


def queued_documents(catalog: Catalog, ids: list[str]) -> Iterator[dict[str, str]]:
    """The index documents of `ids` that the catalog holds (for tests and checks)."""
    rows = catalog.texts(ids)
    for article_id in ids:
        if article_id in rows:
            yield _document(rows[article_id])
