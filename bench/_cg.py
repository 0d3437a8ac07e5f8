"""What bench/cg_extract.py and bench/cg_load.py share: `CORPUS [REPO]` from the command line, REPO's
package first on sys.path (checked), and CORPUS/docs/000's first 1,000 files."""

import os
import sys


def setup() -> list[str]:
    """The files to measure, once REPO (default: this checkout) is the dutygraph imported."""
    if len(sys.argv) < 2:
        sys.exit(f"usage: {os.path.basename(sys.argv[0])} CORPUS [REPO]")
    corpus = sys.argv[1]
    repo = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), ".."))
    sys.path.insert(0, repo)
    import dutygraph

    # (the package's __init__ is never compiled: a compiled module's __file__ is its .so in the venv)
    if not dutygraph.__file__.startswith(repo + os.sep):
        sys.exit(f"dutygraph imported from {dutygraph.__file__}, not from {repo}")
    d = os.path.join(corpus, "docs", "000")
    return sorted(os.path.join(d, f) for f in os.listdir(d))[:1000]
