"""The dutygraph command line, with extraction workers that die on one file: for tests only.

`python tests/_worker_dies.py NAME HOW [MARKER] -- ARGS…` runs `dutygraph ARGS…` in which a forked
extraction worker that is about to read a file named NAME dies first (HOW: a signal number it sends
itself, or "exit": os._exit(3)); with MARKER, only if that file does not exist yet (it is made first),
so NAME kills one worker, once. The pool, its forked workers and the CLI are the real ones: only the
module function that reads one file (extract.pipeline._extract_path) is wrapped before anything forks,
and the workers inherit the wrapper. The build process itself (a serial run, --jobs 1) never dies.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    sep = sys.argv.index("--")
    name, how, *marker = sys.argv[1:sep]
    from dutygraph.cli import main as cli_main
    from dutygraph.extract import pipeline

    parent = os.getpid()
    real = pipeline._extract_path

    def dying(path: str):  # type: ignore[no-untyped-def]
        if os.getpid() != parent and os.path.basename(path) == name:
            if marker:
                try:
                    os.close(os.open(marker[0], os.O_CREAT | os.O_EXCL | os.O_WRONLY))
                except FileExistsError:
                    return real(path)
            if how == "exit":
                os._exit(3)
            os.kill(os.getpid(), int(how))
        return real(path)

    pipeline._extract_path = dying
    cli_main(sys.argv[sep + 1:])


if __name__ == "__main__":
    main()
