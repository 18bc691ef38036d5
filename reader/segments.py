"""Writing Whoosh segments faster, in the same file format (no Textual).

Whoosh's segment writer puts every posting of every document in one list of
tuples, sorts the list when the segment is written, and then hands the
postings one by one to the postings writer: on the BBC articles that was
half of the import's indexing time, and about 250 bytes of memory a posting.

`FastSegmentWriter` keeps, for each field and term, the document numbers and
weights in arrays and the values in a list (postings arrive in document
order, so nothing needs sorting but the terms), and writes each term's
postings a block at a time through Whoosh's own block writer.  The files are
byte for byte what Whoosh writes (a test compares them), so Whoosh reads,
merges and searches them as its own.

Merging segments (`add_reader`) still goes through Whoosh's own pool; a
writer that merged falls back to Whoosh's way of writing for that segment.
"""

from __future__ import annotations

from array import array
from typing import Any

from whoosh.codec.whoosh3 import W3PostingsWriter, W3TermInfo
from whoosh.system import pack_ushort
from whoosh.util.numeric import length_to_byte
from whoosh.writing import SegmentWriter

from reader.index import pack_inline

# (document numbers, weights, values) of one term in one segment.
_Postings = tuple["array[int]", "array[float]", list[bytes]]  # array is generic to mypy only


class FastSegmentWriter(SegmentWriter):  # type: ignore[misc]
    """A Whoosh `SegmentWriter` that collects postings per term (see the module)."""

    def __init__(self, ix: Any, **kwargs: Any) -> None:
        super().__init__(ix, **kwargs)
        self._terms: dict[str, dict[bytes, _Postings]] = {}
        # Each scorable field's length in each document of the segment: the
        # shortest and longest of a block let Whoosh skip blocks whose best
        # score cannot reach the page (BM25 favours short documents).
        self._lengths = {name: array("I") for name, field in self.schema.items() if field.scorable}
        self.postings = 0  # collected so far: about 70 bytes of memory each

    def add_document(self, **fields: Any) -> None:
        self._check_state()
        schema = self.schema
        perdoc = self.perdocwriter
        docnum = self.docnum
        names = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, names)
        for lengths in self._lengths.values():
            lengths.append(0)
        perdoc.start_doc(docnum)
        try:
            for name in names:
                value = fields[name]
                if value is None:
                    continue
                field = schema[name]
                length = 0
                scorable_length = self._lengths.get(name)
                if field.indexed:
                    terms = self._terms.get(name)
                    if terms is None:
                        terms = self._terms[name] = {}
                    scorable = field.scorable
                    for tbytes, freq, weight, vbytes in field.index(value):
                        found = terms.get(tbytes)
                        if found is None:
                            terms[tbytes] = (array("I", (docnum,)), array("f", (weight,)), [vbytes])
                        else:
                            found[0].append(docnum)
                            found[1].append(weight)
                            found[2].append(vbytes)
                        self.postings += 1
                        if scorable:
                            length += freq
                if scorable_length is not None:
                    scorable_length[docnum - self.docbase] = length
                perdoc.add_field(name, field, value if field.stored else None, length)
                column = field.column_type
                if column:
                    perdoc.add_column_value(name, column, field.to_column_value(value))
        except Exception:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self) -> None:
        if self.pool.current or self.pool.runs:
            # Merged segments are in Whoosh's pool: write everything its way.
            self._postings_to_pool()
            super()._flush_segment()
            return
        self.perdocwriter.close()
        writer = self.fieldwriter
        for name in sorted(self._terms):
            if not self._terms[name]:
                continue  # a field with no terms in this segment gets no field id
            field = self.schema[name]
            writer.start_field(name, field)
            postwriter: W3PostingsWriter = writer._postwriter
            prefix = pack_ushort(writer._fieldid)
            terms = self._terms[name]
            lengths = self._lengths.get(name)
            inline_limit = postwriter._inlinelimit
            add = writer._tindex.add
            for tbytes in sorted(terms):
                ids, weights, values = terms[tbytes]
                if len(ids) < inline_limit:
                    # Most terms: what Whoosh's writer would store, packed directly.
                    add(prefix + tbytes, _inline_info(ids, weights, values, lengths, self.docbase))
                    continue
                terminfo = _write_term(
                    postwriter, field.format, ids, weights, values, lengths, self.docbase
                )
                add(prefix + tbytes, terminfo.to_bytes())
            writer.finish_field()
        writer.close()
        self._terms = {}

    def _postings_to_pool(self) -> None:
        add = self.pool.add
        for name, terms in self._terms.items():
            for tbytes, (ids, weights, values) in terms.items():
                for docnum, weight, value in zip(ids, weights, values, strict=True):
                    add((name, tbytes, docnum, weight, value))
        self._terms = {}


def _inline_info(
    ids: array[int],
    weights: array[float],
    values: list[bytes],
    lengths: array[int] | None,
    docbase: int,
) -> bytes:
    """The term-table entry of a term whose few postings are inlined: the bytes
    `W3TermInfo.to_bytes` gives after `finish_postings`, without the objects."""
    present = [n for n in (lengths[i - docbase] for i in ids) if n] if lengths is not None else []
    shortest = length_to_byte(min(present)) if present else 0
    longest = length_to_byte(max(present)) if present else 0
    head: bytes = _TERM_INFO.pack(
        True, sum(weights), len(ids), shortest, longest, max(weights), ids[0], ids[-1]
    )
    kept = values if values[0] else [b""] * len(ids)
    postings: bytes = pack_inline(tuple(ids), tuple(weights), tuple(kept))
    return head + postings


_TERM_INFO = W3TermInfo._struct


def _write_term(
    postwriter: W3PostingsWriter,
    format_: Any,
    ids: array[int],
    weights: array[float],
    values: list[bytes],
    lengths: array[int] | None,
    docbase: int,
) -> W3TermInfo:
    """Write one term's postings a block at a time, as `add_posting` would one by one.

    `lengths` are the field's length in each document of the segment (None
    for a field that is not scored).
    """
    postwriter.start_postings(format_, W3TermInfo())
    limit = postwriter._blocklimit
    count = len(ids)
    # Whoosh keeps a value only when it is not empty (formats without values).
    keep_values = bool(values[0])
    for start in range(0, count, limit):
        end = min(start + limit, count)
        postwriter._ids = ids[start:end]
        postwriter._weights = weights[start:end]
        postwriter._values = values[start:end] if keep_values else []
        postwriter._maxweight = max(postwriter._weights)
        postwriter._minlength, postwriter._maxlength = None, 0
        if lengths is not None:
            # `add_posting` ignores a length of 0 (a document without the field).
            present = [n for n in (lengths[i - docbase] for i in postwriter._ids) if n]
            if present:
                postwriter._minlength, postwriter._maxlength = min(present), max(present)
        if end < count:
            postwriter._write_block()  # a full block; the last one is finish_postings'
    terminfo: W3TermInfo = postwriter.finish_postings()
    return terminfo
