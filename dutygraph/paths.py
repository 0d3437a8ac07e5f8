"""Where reference data lives. `data/` is at the repository root (reviewable TOML/CSV files)."""

from __future__ import annotations

import os
from pathlib import Path

# dutygraph.native: stays Python (its __file__ locates the package; a compiled module's is in the venv)
PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir() -> Path:
    """The reference-data folder: $DUTYGRAPH_DATA, else the repository's data/."""
    env = os.environ.get("DUTYGRAPH_DATA")
    if env:
        return Path(env)
    return PACKAGE_DIR.parent / "data"


def sample_plans_dir() -> Path:
    return data_dir() / "plans"
