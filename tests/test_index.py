"""The index's own encodings: positions, inlined postings, segments written per term."""

from __future__ import annotations

import random
from pathlib import Path

from whoosh.writing import SegmentWriter

from reader.index import (
    CompactPositions,
    create_index,
    document_fields,
    pack_inline,
    unpack_inline,
    writer_options,
)
from reader.library import Library
from reader.segments import FastSegmentWriter


def test_positions_read_back_as_written_whatever_their_size() -> None:
    positions = CompactPositions()
    for places in ([0], [5], [255], [256], [3, 70000], list(range(0, 3000, 7)), [1, 2, 3]):
        encoded = positions.encode(places)
        assert positions.decode_positions(encoded) == places
        assert positions.decode_frequency(encoded) == len(places)
    assert len(positions.encode([12])) == 2  # one width byte, one position


def test_inlined_postings_read_back_as_written() -> None:
    rng = random.Random(3)
    for _ in range(500):
        count = rng.randint(1, 3)
        ids = tuple(sorted(rng.sample(range(rng.choice([50, 70_000])), count)))
        weights = tuple(float(rng.choice([1, 2, 7, 300])) for _ in range(count))
        values = tuple(bytes(rng.randrange(256) for _ in range(rng.choice([0, 2, 9]))) for _ in ids)
        assert unpack_inline(pack_inline(ids, weights, values)) == (ids, weights, values)


def test_segments_written_per_term_are_whooshs_own_bytes(
    news_library: Library, tmp_path: Path
) -> None:
    rows = news_library.catalog.texts(sorted(news_library.catalog.all_ids()))
    documents = [
        document_fields(row.id, row.title, row.body, row.date, row.author, row.source)
        for row in rows.values()
    ]
    written = {}
    for name, writer_class in (("whoosh", SegmentWriter), ("fast", FastSegmentWriter)):
        ix = create_index(tmp_path / name)
        writer = writer_class(ix, **writer_options())
        for document in documents:
            writer.add_document(**document)
        writer.commit()
        written[name] = {
            path.name.split(".", 1)[1]: path.read_bytes()
            for path in (tmp_path / name).iterdir()
            if path.name.startswith("articles_")
        }
    assert written["fast"].keys() == written["whoosh"].keys()
    assert written["fast"] == written["whoosh"]
