"""One import, in a process of its own, so that its time and memory are its own.

    python bench/import_once.py LIBRARY FOLDER [--no-extraction]

Prints one JSON line: articles added, wall-clock seconds, CPU seconds of this
process and of its worker processes, and the peak resident memory of this
process and of the largest worker, both read from /proc (VmHWM): the
kernel's `ru_maxrss` keeps what a process had before it exec'd, so a child
of the benchmark would report the benchmark's own memory.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
warnings.filterwarnings("ignore", category=SyntaxWarning)


def main() -> None:
    from reader.extraction import make_analyser
    from reader.import_workers import peak_memory_mb
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
                "rss_main_mb": round(peak_memory_mb(os.getpid()) or own.ru_maxrss / 1024, 1),
                "rss_worker_mb": round(report.worker_memory_mb, 1),
                "problems": len(report.problems),
            }
        )
    )


if __name__ == "__main__":
    main()
