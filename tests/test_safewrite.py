"""Writing a file the user named: never over a file unasked, never in the library, never half."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reader.safewrite import WriteRefused, check_target, write_text


def test_a_new_file_is_written_whole_with_the_usual_mode(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    library.mkdir()
    target = tmp_path / "out.md"
    assert write_text(target, "ünïcode\n", protected=library, overwrite=False) == target
    assert target.read_text(encoding="utf-8") == "ünïcode\n"
    assert target.stat().st_mode & 0o777 == 0o644
    assert sorted(os.listdir(tmp_path)) == ["lib", "out.md"]


def test_an_existing_file_needs_overwrite_and_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o600)
    with pytest.raises(WriteRefused) as refused:
        write_text(target, "new", protected=tmp_path / "lib", overwrite=False)
    assert refused.value.exists and str(refused.value) == f"{target}: exists already"
    assert target.read_text(encoding="utf-8") == "old"
    write_text(target, "new", protected=tmp_path / "lib", overwrite=True)
    assert target.read_text(encoding="utf-8") == "new"
    assert target.stat().st_mode & 0o777 == 0o600


def test_folders_and_missing_folders_are_refused(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    with pytest.raises(WriteRefused, match="is a folder"):
        check_target(tmp_path, protected=library, overwrite=True)
    with pytest.raises(WriteRefused, match="no such folder"):
        check_target(tmp_path / "nowhere" / "x.md", protected=library, overwrite=True)


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        write_text(target, "half \udc80 written", protected=tmp_path / "lib", overwrite=True)
    assert target.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["out.md"]
