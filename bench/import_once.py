"""One import, in a process of its own, so that its time and memory are its own.

    python bench/import_once.py LIBRARY FOLDER [--no-extraction]

Prints one JSON line: articles added, wall-clock seconds, CPU seconds of this
process and of its worker processes, and the peak resident memory of this
process (`ru_maxrss`) and of the largest worker (its VmHWM, read by the
import before the worker ends: the kernel's figure for a finished child also
counts what it shared with its parent between fork and exec).
"""

from __future__ import annotations

import json
import resource
import sys
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
warnings.filterwarnings("ignore", category=SyntaxWarning)


def main() -> None:
    from reader.extraction import make_analyser
    from reader.library import Library

    library_folder, folder = Path(sys.argv[1]), Path(sys.argv[2])
    analyse = None if "--no-extraction" in sys.argv else make_analyser("builtin")
    library = Library(library_folder, seed=False, analyse=analyse)
    report = library.import_paths([folder])
    library.close()
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        json.dumps(
            {
                "articles": report.added,
                "seconds": round(report.seconds, 2),
                "cpu_main": round(own.ru_utime + own.ru_stime, 2),
                "cpu_workers": round(workers.ru_utime + workers.ru_stime, 2),
                "rss_main_mb": round(own.ru_maxrss / 1024, 1),
                "rss_worker_mb": round(report.worker_memory_mb, 1),
                "problems": len(report.problems),
            }
        )
    )


if __name__ == "__main__":
    main()
