"""reference's per-item reads of $DUTYGRAPH_DATA: `_env_data` (functools.partial of the environment
mapping's `get`), `_env_raw` (the same read in place), `data_file` and `places()` (kept for the value of
the variable as last read, as platforms' `platform_table`) against the forms they replace: the
variable as `os.environ` gives it, `_data_file(os.environ.get(…), name)` and `_places(data_file(…))`, as
the variable is set, changed, set back and removed — each call after a change sees the new folder.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from dutygraph.extract import platforms, reference

ROOT = Path(__file__).resolve().parent.parent


def _encoded() -> object:
    value = os.environ.get("DUTYGRAPH_DATA")
    return None if value is None else os.environ.encodekey(value)  # (the mapping holds encoded values)


def test_the_environment_reads_are_os_environ(tmp_path, monkeypatch):
    monkeypatch.delenv("DUTYGRAPH_DATA", raising=False)
    assert reference._env_data() is None and reference._env_raw() is None
    for value in (str(tmp_path), str(tmp_path / "a"), "", str(tmp_path)):
        monkeypatch.setenv("DUTYGRAPH_DATA", value)
        assert reference._env_data() == reference._env_raw() == _encoded()
    monkeypatch.delenv("DUTYGRAPH_DATA")
    assert reference._env_data() is None and reference._env_raw() is None


def test_data_file_and_places_follow_dutygraph_data(tmp_path, monkeypatch):
    monkeypatch.delenv("DUTYGRAPH_DATA", raising=False)
    before = reference.places()
    assert before is reference._places(reference.data_file("jurisdictions.toml"))
    assert reference.data_file("jurisdictions.toml") == str(ROOT / "data" / "jurisdictions.toml")
    (tmp_path / "jurisdictions.toml").write_text(
        '[[jurisdiction]]\nname = "测试市"\nlevel = "city"\n', encoding="utf-8")
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(ROOT / "data" / "jurisdictions.toml", other / "jurisdictions.toml")
    for folder in (tmp_path, other, tmp_path):
        monkeypatch.setenv("DUTYGRAPH_DATA", str(folder))
        assert reference.data_file("jurisdictions.toml") == str(folder / "jurisdictions.toml")
        got = reference.places()
        assert got is reference._places(str(folder / "jurisdictions.toml"))
        assert reference.places() is got  # (kept while the variable stays)
        assert (set(got.by_name) == {"测试市"}) == (folder == tmp_path)
    monkeypatch.setenv("DUTYGRAPH_DATA", "")  # (empty: the repository's data/, as data_dir reads it)
    assert reference.places() is before
    monkeypatch.delenv("DUTYGRAPH_DATA")
    assert reference.places() is before
    assert reference.data_file("platforms.toml") == str(ROOT / "data" / "platforms.toml")


def test_platform_table_reads_the_variable_in_place(tmp_path, monkeypatch):
    # platform_table reads the mapping itself (`_ENV_MAP`, `_ENV_KEY`): the same value `_env_data` gives
    monkeypatch.delenv("DUTYGRAPH_DATA", raising=False)
    before = platforms.platform_table()
    assert platforms._ENV_MAP is reference._ENV_MAP and platforms._ENV_KEY is reference._ENV_KEY
    if reference._ENV_MAP is not None:
        assert reference._ENV_MAP is getattr(os.environ, "_data")
    (tmp_path / "platforms.toml").write_text('[[platform]]\nname = "测试通"\n', encoding="utf-8")
    shutil.copy(ROOT / "data" / "jurisdictions.toml", tmp_path / "jurisdictions.toml")
    monkeypatch.setenv("DUTYGRAPH_DATA", str(tmp_path))
    assert set(platforms.platform_table().canonical) == {"测试通"}
    monkeypatch.delenv("DUTYGRAPH_DATA")
    assert platforms.platform_table() is before


def test_the_scan_fields_follow_the_table():
    # `_listed_scan` reads a table's five fields (and their `_open_marks`) once per table object (`_scan_fields`):
    # alternating a made table with the real one, each scan reads its own table's words
    real = platforms.platform_table()
    words = ["测试通", "测试通APP"]
    first, by_first = platforms._first_index(words)
    guarded = tuple(tuple(map(platforms._digit_guarded, g)) for g in by_first)
    made = platforms.PlatformTable({w: w for w in words}, platforms.longest_word_pattern(words), frozenset(),
                                   first, by_first, guarded, platforms._group_heads(by_first))
    text = "依托测试通APP和赣服通办理"
    for table in (made, real, made, real):
        assert platforms._scan_fields(table) == (table.first, table.by_first, table.heads, table.guarded,
                                                 table.pairs, platforms._open_marks(table.by_first))
        want = [m.span() for m in table.pattern.finditer(text)]
        assert platforms._listed_scan(text, table)[0] == want
    assert [text[a:b] for a, b in platforms._listed_scan(text, made)[0]] == ["测试通APP"]
    assert "测试通APP" not in [text[a:b] for a, b in platforms._listed_scan(text, real)[0]]
