"""A seeded synthetic corpus of action plans, with ground truth, for benchmarks, fuzzing and accuracy.

`generate_doc(index, seed)` is pure: the same (index, seed, clean) always gives byte-identical bytes and
truth, independently of every other document, so a corpus of N documents is streamed one document at a
time (`generate(n, seed)`) and the 1k corpus is a prefix of the 10k corpus. `write_corpus` is the edge
that writes files (sharded folders, atomically: a temp folder renamed into place at the end).

What the documents look like follows the five sample plans (data/plans/): simplified and traditional
(OpenCC s2t) text; inline parentheticals "(X牵头,Y配合)", "(责任单位:X;配合单位:Y)", bracketed
"〔牵头单位:X;责任单位:Y;完成时限:Z〕"; section headings naming a lead that items inherit; a bracket after a
group of items covering them; heading-style "(二)" measures; progress reports on one giant line;
task-force rosters; bundles of several plans; tables of contents of attachments (not measures); .docx
(tables and paragraphs) and .html pages; and, unless `clean`, the damage seen in the samples
(mojibake prefixes, dropped date characters "2022630日", the whole document repeated, "(略)" redactions,
lost separators between unit names, "image.png" lines, "?/p>" residue, cut-off items, several encodings).

Vocabulary (jurisdictions, agency name forms, platforms, phrases) is reviewable data in data/synth.toml.
The ground truth says, per measure: the line, number, title, lead/co mentions as printed, the agency
keys (jurisdiction + agency kind: one real-world agency), whether the lead is inherited, the deadline
and the platforms mentioned; `exact=False` marks measures whose expected answer the damage made
debatable (they are left out of accuracy floors).
"""

from __future__ import annotations

import calendar
import html
import io
import json
import os
import random
import re
import shutil
import tempfile
import tomllib
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import DutygraphError
from .paths import data_dir

GENERATOR_VERSION = 2
SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000}


class SynthError(DutygraphError):
    """Bad synth arguments (size, output folder)."""


def parse_size(text: str | int) -> int:
    """'1k' / '10k' / '100k' / '250' / 250 -> a document count."""
    if isinstance(text, int):
        n = text
    else:
        t = text.strip().lower()
        m = re.fullmatch(r"(\d+)\s*([km]?)", t)
        if not m:
            raise SynthError(f"not a corpus size: {text!r} (use e.g. 1k, 10k, 100k or a number)")
        n = int(m.group(1)) * {"": 1, "k": 1_000, "m": 1_000_000}[m.group(2)]
    if n < 0:
        raise SynthError(f"corpus size must be >= 0, got {n}")
    return n


# ---------------------------------------------------------------- vocabulary


@dataclass(frozen=True, slots=True)
class Place:
    name: str  # full name: 赣州市, 芜湖市鸠江区
    local: str  # the name the plan uses for itself: 赣州市, 鸠江区
    short: str  # 赣州, 鸠江
    level: str  # city | district | county
    prefix: str  # 市 | 区 | 县
    parent: str | None  # 芜湖市 for 芜湖市鸠江区
    province: str
    platform: str
    office_platform: str


@dataclass(frozen=True, slots=True)
class Agency:
    key: str
    forms: tuple[str, ...]
    city_forms: tuple[str, ...]
    prefixed: bool


@dataclass(frozen=True, slots=True)
class Indicator:
    name: str
    sections: tuple[str, ...]
    leads: tuple[str, ...]
    cos: tuple[str, ...]
    titles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Vocab:
    places: tuple[Place, ...]
    agencies: dict[str, Agency]
    national_platforms: tuple[str, ...]
    collectives_city: tuple[str, ...]
    collectives_district: tuple[str, ...]
    indicators: tuple[Indicator, ...]
    body: tuple[str, ...]
    progress_body: tuple[str, ...]
    goals: tuple[str, ...]
    guarantees: tuple[tuple[str, str], ...]
    surnames: tuple[str, ...]
    given: tuple[str, ...]


def _short(name: str) -> str:
    for suffix in ("回族自治区", "自治区", "市", "区", "县"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def parse_vocab(data: dict[str, Any]) -> Vocab:
    places: list[Place] = []
    for prov in data["province"]:
        for city in prov["cities"]:
            cname = city["name"]
            args = dict(province=prov["name"], platform=prov["platform"], office_platform=prov["office_platform"])
            places.append(Place(cname, cname, _short(cname), "city", "市", None, **args))
            for d in city["districts"]:
                level, prefix = ("county", "县") if d.endswith("县") else ("district", "区")
                places.append(Place(cname + d, d, _short(d), level, prefix, cname, **args))
    agencies = {
        a["key"]: Agency(a["key"], tuple(a["forms"]), tuple(a.get("city_forms", ())), a.get("prefixed", True))
        for a in data["agency"]
    }
    indicators = tuple(
        Indicator(i["name"], tuple(i["sections"]), tuple(i["leads"]), tuple(i["cos"]), tuple(i["titles"]))
        for i in data["indicator"]
    )
    return Vocab(
        places=tuple(places),
        agencies=agencies,
        national_platforms=tuple(data["platforms"]["national"]),
        collectives_city=tuple(data["collectives"]["city"]),
        collectives_district=tuple(data["collectives"]["district"]),
        indicators=indicators,
        body=tuple(data["phrases"]["body"]),
        progress_body=tuple(data["phrases"]["progress_body"]),
        goals=tuple(data["phrases"]["goals"]),
        guarantees=tuple((g[0], g[1]) for g in data["phrases"]["guarantees"]),
        surnames=tuple(data["names"]["surnames"]),
        given=tuple(data["names"]["given"]),
    )


@lru_cache(maxsize=4)
def load_vocab(path: str | None = None) -> Vocab:
    p = Path(path) if path else data_dir() / "synth.toml"
    try:
        with open(p, "rb") as fh:
            return parse_vocab(tomllib.load(fh))
    except (OSError, tomllib.TOMLDecodeError, KeyError) as exc:
        raise SynthError(f"cannot read the synth vocabulary: {exc}", path=str(p)) from exc


# ---------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class TruthMeasure:
    doc: str
    line: int  # 1-based start line in the file; 0 when the format's line numbering is the loader's (docx/html)
    number: str  # as printed
    kind: str  # measure | progress
    title: str  # as printed, without the closing 。
    lead: tuple[str, ...]  # mentions as printed
    co: tuple[str, ...]
    lead_keys: tuple[str, ...]  # "赣州市/market": one agency per jurisdiction and kind
    co_keys: tuple[str, ...]
    lead_inherited: bool
    deadline: dict[str, Any] | None  # {"raw","date","kind"}
    platforms: tuple[str, ...]  # mentions as printed (without quotes)
    exact: bool  # False when damage made the expected answer debatable
    damage: tuple[str, ...] = ()
    plan: str = ""  # the plan's title


@dataclass(frozen=True, slots=True)
class SynthDoc:
    index: int
    name: str  # file base name: the `doc` of every record
    fmt: str  # txt | docx | html
    encoding: str
    data: bytes
    jurisdiction: str
    year: int
    script: str  # simplified | traditional
    layout: str  # plan | bundle | report | roster | attachments
    damage: tuple[str, ...]
    measures: tuple[TruthMeasure, ...]

    def summary(self) -> dict[str, Any]:
        return {
            "doc": self.name,
            "index": self.index,
            "fmt": self.fmt,
            "encoding": self.encoding,
            "jurisdiction": self.jurisdiction,
            "year": self.year,
            "script": self.script,
            "layout": self.layout,
            "damage": list(self.damage),
            "measures": len(self.measures),
            "bytes": len(self.data),
        }


# ---------------------------------------------------------------- units, clauses, deadlines


@dataclass(frozen=True, slots=True)
class Unit:
    mention: str  # simplified, as it will be printed (before s2t)
    key: str
    collective: bool = False
    stem: str = ""  # the mention without its level prefix (for "市公安局、人社局" lists)


_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
_CN_NUM = "一二三四五六七八九十"


def cn_number(n: int) -> str:
    if n <= 10:
        return _CN_NUM[n - 1]
    if n < 20:
        return "十" + (_CN_NUM[n - 11] if n > 10 else "")
    tens, ones = divmod(n, 10)
    return _CN_NUM[tens - 1] + "十" + (_CN_NUM[ones - 1] if ones else "")


class _Gen:
    """State for one document: its rng, place, year, script converter."""

    def __init__(self, vocab: Vocab, rng: random.Random, place: Place, year: int, conv: Callable[[str], str], clean: bool):
        self.v = vocab
        self.rng = rng
        self.place = place
        self.year = year
        self.conv = conv
        self.clean = clean
        self.damage: set[str] = set()

    # -- units
    def agency_unit(self, key: str, *, use_parent: bool = False) -> Unit:
        rng, place = self.rng, self.place
        a = self.v.agencies[key]
        owner = place
        if use_parent and place.parent:
            owner = next((p for p in self.v.places if p.name == place.parent), place)
        forms = a.city_forms if (owner.level == "city" and a.city_forms) else a.forms
        form = forms[0] if rng.random() < 0.45 else rng.choice(forms)
        if not a.prefixed:
            mention = form.replace("{short}", owner.short)
            stem = mention
        else:
            stem = form
            if owner is not place:  # a city agency named in a district plan
                mention = "市" + form
            elif key in ("police", "tax", "court", "medical_insurance") and rng.random() < 0.15:
                mention = owner.short + form  # 鸠江公安局
            else:
                mention = owner.prefix + form
        return Unit(mention, f"{owner.name}/{key}", False, stem)

    def collective_unit(self) -> Unit:
        pool = self.v.collectives_city if self.place.level == "city" else self.v.collectives_district
        c = self.rng.choice(pool)
        return Unit(c, f"{self.place.name}/collective:{c}", True, c)

    def pick_units(self, keys: Iterable[str], n: int, *, exclude: set[str] = frozenset()) -> list[Unit]:
        keys = [k for k in dict.fromkeys(keys) if k not in exclude]
        self.rng.shuffle(keys)
        units = []
        for k in keys[:n]:
            units.append(self.agency_unit(k, use_parent=bool(self.place.parent) and self.rng.random() < 0.08))
        return units

    def render_units(self, units: list[Unit], *, allow_damage: bool = True, etc: bool = False) -> tuple[str, list[str]]:
        """Join units as a plan prints them; returns (text, mentions as printed)."""
        rng, conv = self.rng, self.conv
        parts: list[str] = []
        mentions: list[str] = []
        agencies = [u for u in units if not u.collective]
        collectives = [u for u in units if u.collective]
        drop_prefix = rng.random() < 0.15
        lost = allow_damage and not self.clean and len(agencies) >= 2 and rng.random() < 0.06
        for i, u in enumerate(agencies):
            m = u.mention
            if drop_prefix and i > 0 and m != u.stem and m[:1] in "市区县" and m[1:] == u.stem:
                m = u.stem
            cm = conv(m)
            if i:
                if lost and i == 1 and cm[:1] in "市區区县縣" + self.place.short[:1]:
                    self.damage.add("lost-separator")
                else:
                    parts.append("、")
            parts.append(cm)
            mentions.append(cm)
        if etc and agencies and rng.random() < 0.12:
            parts.append(conv(rng.choice(["等单位", "等部门", "等有关单位"])))
        for j, u in enumerate(collectives):
            parts.append("," if (agencies or j) else "")
            cm = conv(u.mention)
            parts.append(cm)
            mentions.append(cm)
        return "".join(parts), mentions

    # -- deadlines
    def deadline(self, *, allow_damage: bool = True) -> tuple[str, dict[str, Any]]:
        rng, y = self.rng, self.year
        r = rng.random()
        if allow_damage and not self.clean and r < 0.05:
            m = rng.randint(1, 12)
            d = calendar.monthrange(y, m)[1] if rng.random() < 0.5 else rng.choice([10, 15, 20, 30 if m != 2 else 28])
            # only unambiguous damage: "2022630日" (one-digit month, two-digit day) or "20224月30日"
            raw = f"{y}{m}{d}日" if (m < 10 <= d and rng.random() < 0.6) else f"{y}{m}月{d}日"
            self.damage.add("date-digits")
            return raw, {"raw": raw, "date": f"{y:04d}-{m:02d}-{d:02d}", "kind": "date"}
        if r < 0.30:
            m = rng.randint(3, 12)
            d = rng.choice([10, 15, 20, 30 if m != 2 else 28, calendar.monthrange(y, m)[1]])
            raw = f"{y}年{m}月{d}日" + ("前" if rng.random() < 0.6 else "")
            return raw, {"raw": raw, "date": f"{y:04d}-{m:02d}-{d:02d}", "kind": "date"}
        if r < 0.50:
            m = rng.randint(3, 12)
            raw = f"{y}年{m}月底前"
            return raw, {"raw": raw, "date": f"{y:04d}-{m:02d}-{calendar.monthrange(y, m)[1]:02d}", "kind": "date"}
        if r < 0.68:
            yy = y + (1 if rng.random() < 0.2 else 0)
            raw = f"{yy}年底前"
            return raw, {"raw": raw, "date": f"{yy:04d}-12-31", "kind": "date"}
        if r < 0.76:
            raw = "年底前"
            return raw, {"raw": raw, "date": f"{y:04d}-12-31", "kind": "date"}
        if r < 0.84:
            m = rng.randint(4, 12)
            raw = f"{m}月底前"
            return raw, {"raw": raw, "date": f"{y:04d}-{m:02d}-{calendar.monthrange(y, m)[1]:02d}", "kind": "date"}
        if r < 0.89:
            raw = f"{y}年"
            return raw, {"raw": raw, "date": f"{y:04d}-12-31", "kind": "period"}
        if r < 0.94:
            a = rng.randint(3, 8)
            raw = f"每年{a}月至{a + rng.randint(1, 3)}月"
            return raw, {"raw": raw, "date": None, "kind": "recurring"}
        raw = rng.choice(["长期坚持", "持续推进"])
        return raw, {"raw": raw, "date": None, "kind": "ongoing"}

    # -- responsibility clause
    def clause(self, leads: list[Unit], cos: list[Unit], deadline: tuple[str, dict] | None) -> tuple[str, list[str], list[str], list[str], list[str], dict | None]:
        """-> (text, lead mentions, co mentions, lead keys, co keys, deadline truth)."""
        rng, conv = self.rng, self.conv
        open_, close = rng.choice([("(", ")"), ("(", ")"), ("(", ")"), ("（", "）"), ("〔", "〕")])
        style = rng.random()
        dl_text, dl_truth = (conv(deadline[0]), dict(deadline[1], raw=conv(deadline[0]))) if deadline else ("", None)
        if style < 0.35:  # X牵头,Y按职责分工负责
            lt, lm = self.render_units(leads)
            if cos:
                ct, cm = self.render_units(cos, etc=True)
                verb = rng.choice(["按职责分工负责", "按职责分工负责", "配合", "参与"])
                text = f"{open_}{lt}{conv('牵头')},{ct}{conv(verb)}{close}"
            else:
                cm = []
                verb = rng.choice(["牵头", "牵头", "分别牵头"]) if len(leads) > 1 else "牵头"
                text = f"{open_}{lt}{conv(verb)}{close}"
            return text, lm, cm, [u.key for u in leads], [u.key for u in cos] if cos else [], None
        if style < 0.50:  # X、Y负责 -> joint leads
            all_ = leads + cos
            t, m = self.render_units(all_)
            verb = rng.choice(["负责", "按职责分工负责"]) if len(all_) > 1 else "负责"
            return f"{open_}{t}{conv(verb)}{close}", m, [], [u.key for u in all_], [], None
        if style < 0.75:  # 责任单位:X;配合单位:Y
            lt, lm = self.render_units(leads)
            head = rng.choice(["责任单位", "牵头单位"])
            text = f"{open_}{conv(head)}:{lt}"
            cm: list[str] = []
            if cos:
                ct, cm = self.render_units(cos, etc=True)
                text += f";{conv('配合单位')}:{ct}"
            if deadline:
                text += f";{conv('完成时限')}:{dl_text}"
            return text + close, lm, cm, [u.key for u in leads], [u.key for u in cos], dl_truth
        # 〔牵头单位:X;责任单位:Y;完成时限:Z〕
        lt, lm = self.render_units(leads)
        text = f"{open_}{conv('牵头单位')}:{lt}"
        cm = []
        if cos:
            ct, cm = self.render_units(cos, etc=True)
            text += f";{conv('责任单位')}:{ct}"
        if deadline:
            text += f";{conv('完成时限')}:{dl_text}"
        return text + close, lm, cm, [u.key for u in leads], [u.key for u in cos], dl_truth

    # -- text
    def platform(self) -> str:
        rng = self.rng
        r = rng.random()
        if r < 0.4:
            return self.place.platform
        if r < 0.5:
            return self.place.office_platform
        return rng.choice(self.v.national_platforms)

    def body(self, n_sentences: int, pool: tuple[str, ...] | None = None) -> tuple[str, list[str]]:
        """Body sentences (converted); returns (text, platform mentions)."""
        rng, conv = self.rng, self.conv
        out, platforms = [], []
        for s in rng.sample(pool or self.v.body, n_sentences):
            if "{platform}" in s:
                p = self.platform()
                platforms.append(conv(p))
                left, right = s.split("{platform}", 1)
                s_conv = conv(left.replace("{n}", str(rng.randint(2, 60)))) + "“" + conv(p) + "”" + conv(right.replace("{n}", str(rng.randint(2, 60))))
            else:
                s_conv = conv(s.replace("{n}", str(rng.randint(2, 60))))
            if not self.clean and rng.random() < 0.03 and len(s_conv) > 12:
                i = rng.randint(2, len(s_conv) - 8)
                if "“" not in s_conv[i - 1 : i + 3] and "”" not in s_conv[i - 1 : i + 3]:
                    s_conv = s_conv[:i] + " (略) " + s_conv[i + 2 :]
                    self.damage.add("redaction")
            out.append(s_conv)
        return "".join(out), platforms


# ---------------------------------------------------------------- page assembly


class _Page:
    def __init__(self, *, blank: bool, indent: str):
        self.lines: list[str] = []
        self.blank = blank
        self.indent = indent

    def para(self, text: str, *, indent: bool = True) -> int:
        if self.blank and self.lines:
            self.lines.append("")
        self.lines.append((self.indent if indent else "") + text)
        return len(self.lines)


@dataclass(slots=True)
class _M:  # a measure under construction
    line: int
    number: str
    title: str
    lead: list[str]
    co: list[str]
    lead_keys: list[str]
    co_keys: list[str]
    inherited: bool
    deadline: dict | None
    platforms: list[str]
    kind: str = "measure"
    exact: bool = True
    damage: list[str] = field(default_factory=list)
    plan: str = ""


def _item_number(style: str, i: int) -> str:
    return {"dot": f"{i}.", "dun": f"{i}、", "paren": f"({i})", "fparen": f"（{i}）"}[style]


def _plan(g: _Gen, page: _Page, *, title: str, measures: list[_M], attachment_toc: bool = False) -> None:
    """One plan: title, intro, goals, tasks (sections + items), guarantees."""
    rng, conv, v = g.rng, g.conv, g.v
    first = len(measures)
    page.para(conv(title), indent=False)
    page.para(conv(f"为深入贯彻落实《优化营商环境条例》,持续打造一流营商环境,结合{g.place.local}实际,制定本方案。"))
    top = 1
    page.para(conv(f"{cn_number(top)}、" + rng.choice(["工作目标", "总体目标", "总体要求"])))
    page.para(g.body(1, v.goals)[0])
    top += 1
    flat = rng.random() < 0.4  # 鸠江 style: top-level "一、X指标领域(区X局牵头)" sections
    item_style = rng.choice(["dot"] * 6 + ["dun", "paren"])
    indicators = rng.sample(v.indicators, rng.randint(2, 6))
    counter = 0
    if not flat:
        page.para(conv(f"{cn_number(top)}、" + rng.choice(["主要任务", "重点任务", "主要措施", "工作举措"])))
        top += 1
    for si, ind in enumerate(indicators, 1):
        head_leads = g.pick_units(ind.leads, rng.randint(1, 2 if len(ind.leads) > 1 else 1))
        named = rng.random() < 0.55
        sec_title = conv(rng.choice(ind.sections))
        head_text, head_m = g.render_units(head_leads, allow_damage=False)
        suffix = f"({head_text}{conv('牵头')})" if named else ""
        if flat:
            sec_num = f"{cn_number(top)}、"
            top += 1
        else:
            sec_num = f"（{cn_number(si)}）" if rng.random() < 0.5 else f"({cn_number(si)})"
        heading = sec_num + sec_title + suffix
        if not g.clean and not named and rng.random() < 0.05:
            heading += "?/p>"
            g.damage.add("html-residue")
        if not g.clean and rng.random() < 0.15 and sec_num.startswith("（"):
            heading = "\x00MOJIBAKE\x00" + heading  # applied at encoding time (txt only)
        # variants: heading-style measure / group bracket / ordinary items
        variant = rng.random()
        if not flat and variant < 0.12:
            # heading-style measure: "(二)title" then a paragraph ending with the clause
            hl = page.para(heading[: len(heading) - len(suffix)] if suffix else heading)
            leads = g.pick_units(ind.leads, 1)
            cos = g.pick_units(ind.cos, rng.randint(0, 3))
            dl = g.deadline() if rng.random() < 0.4 else None
            text, lm, cm, lk, ck, dlt = g.clause(leads, cos, dl)
            if dl and dlt is None:
                body_pre = conv(dl[0]) + ","
                dlt = dict(dl[1], raw=conv(dl[0]))
            else:
                body_pre = ""
            body, plats = g.body(rng.randint(1, 3))
            page.para(body_pre + body + text)
            measures.append(_M(hl, sec_num, sec_title, lm, cm, lk, ck, False, dlt, plats))
            continue
        page.para(heading)
        n_items = rng.randint(2, 7)
        group = not flat and variant < 0.22 and n_items >= 2
        group_units = (g.pick_units(ind.leads, 1) + g.pick_units(ind.cos, rng.randint(1, 2))) if group else []
        group_ms: list[_M] = []
        titles = rng.sample(ind.titles, len(ind.titles))
        for k in range(n_items):
            counter += 1
            num = _item_number(item_style, counter)
            t0 = titles[k % len(titles)]
            title = conv(t0 if k < len(titles) else ("持续", "进一步", "全面", "深入")[(k // len(titles)) % 4] + t0)
            body, plats = g.body(rng.randint(1, 3))
            inline_dl = None
            if rng.random() < 0.2:
                inline_dl = g.deadline(allow_damage=False)
                if inline_dl[1]["kind"] != "date" or inline_dl[0].endswith("日"):
                    inline_dl = None
                else:
                    body = conv(inline_dl[0]) + "," + body
            if group:
                ln = page.para(f"{num}{title}。{body}")
                m = _M(ln, num, title, [], [], [], [], True, dict(inline_dl[1], raw=conv(inline_dl[0])) if inline_dl else None, plats)
                group_ms.append(m)
                measures.append(m)
                if rng.random() < 0.4:
                    page.para(conv("办理流程:企业提交资料→主管部门审批→1个工作日内办结。"))
                continue
            own = not named or rng.random() < 0.6
            if not own:
                ln = page.para(f"{num}{title}。{body}")
                measures.append(_M(ln, num, title, list(head_m), [], [u.key for u in head_leads], [], True,
                                   dict(inline_dl[1], raw=conv(inline_dl[0])) if inline_dl else None, plats))
                continue
            leads = g.pick_units(ind.leads, 1 if rng.random() < 0.75 else 2)
            cos = g.pick_units(ind.cos, rng.choice([0, 1, 2, 2, 3, 4]), exclude={u.key.split("/")[-1] for u in leads})
            if rng.random() < 0.3:
                cos.append(g.collective_unit())
            dl = g.deadline() if (rng.random() < 0.35 and inline_dl is None) else None
            ctext, lm, cm, lk, ck, dlt = g.clause(leads, cos, dl)
            if dl and dlt is None:  # the clause style carries no deadline: print it in the body
                body = conv(dl[0]) + "," + body
                dlt = dict(dl[1], raw=conv(dl[0]))
            if inline_dl and dlt is None:
                dlt = dict(inline_dl[1], raw=conv(inline_dl[0]))
            exact, dmg = True, []
            line_text = f"{num}{title}。{body}{ctext}"
            if not g.clean and rng.random() < 0.04:
                if named:  # cut before the clause: the item inherits the heading's lead
                    line_text = f"{num}{title}。{body}"[: len(num) + len(title) + 1 + max(4, len(body) // 2)]
                    lm, cm, lk, ck = list(head_m), [], [u.key for u in head_leads], []
                    inherited = True
                    g.damage.add("cut-off")
                    dmg.append("cut-off")
                    ln = page.para(line_text)
                    measures.append(_M(ln, num, title, lm, cm, lk, ck, inherited, dlt if dlt and dlt["raw"] in line_text else None, plats, exact=True, damage=dmg))
                    continue
                line_text = line_text[: -max(2, len(ctext) // 3)]
                exact = False
                dmg.append("cut-off")
                g.damage.add("cut-off")
            ln = page.para(line_text)
            measures.append(_M(ln, num, title, lm, cm, lk, ck, False, dlt, plats, exact=exact, damage=dmg))
        if group:
            dl = g.deadline()
            gt, gm = g.render_units(group_units, allow_damage=False)
            page.para(f"〔{conv('责任单位')}:{gt};{conv('完成时限')}:{conv(dl[0])}〕")
            for m in group_ms:
                m.lead, m.lead_keys = list(gm), [u.key for u in group_units]
                m.deadline = dict(dl[1], raw=conv(dl[0]))
        if not g.clean and rng.random() < 0.08:
            page.para("image.png", indent=False)
            g.damage.add("noise-line")
    page.para(conv(f"{cn_number(top)}、" + rng.choice(["保障措施", "工作要求"])))
    for gi, (gt, gb) in enumerate(rng.sample(v.guarantees, rng.randint(2, 3)), 1):
        page.para(conv(f"({cn_number(gi)}){gt}。{gb}"))
    for m in measures[first:]:
        m.plan = conv(title)


def _roster(g: _Gen, page: _Page, att: int) -> None:
    """附件N: task forces per indicator with people and phones (no measures)."""
    rng, conv, v = g.rng, g.conv, g.v
    page.para(conv(f"附件{att}"), indent=False)
    page.para(conv(f"{g.place.local}各营商环境评价指标工作专班名单"), indent=False)
    for i, ind in enumerate(rng.sample(v.indicators, rng.randint(3, 8)), 1):
        page.para(conv(f"{cn_number(i)}、{ind.name}指标工作专班"))
        person = lambda: rng.choice(v.surnames) + rng.choice(v.given)  # noqa: E731
        lead_u = g.pick_units(ind.leads, 1)[0]
        page.para(conv(f"组  长:{person()}    副{g.place.prefix}长"))
        page.para(conv(f"副组长:{person()}    {lead_u.mention}局长"))
        members = [lead_u] + g.pick_units(ind.cos, rng.randint(2, 6))
        mt, _ = g.render_units(members)
        who = person()
        page.para(conv(f"工作专班由{mt}等单位组成,办公室设在{lead_u.mention},{who}同志兼任办公室主任。"))
        phone = "1" + str(rng.choice([3, 5, 7, 8, 9])) + "".join(str(rng.randint(0, 9)) for _ in range(9))
        page.para(conv(f"专班联络员:{lead_u.mention}{person()}{phone}"))


def _report(g: _Gen, measures: list[_M]) -> str:
    """A progress report printed on one giant line (红谷滩 style)."""
    rng, conv, v = g.rng, g.conv, g.v
    parts = [conv(f"{g.place.local}{g.year}年前三季度优化营商环境工作推进情况"), g.body(2, v.goals)[0],
             conv("一、主要做法"), g.body(3)[0], conv("二、各指标部工作开展情况")]
    for i, ind in enumerate(rng.sample(v.indicators, rng.randint(4, 12)), 1):
        leads = g.pick_units(ind.leads, 1)
        lt, lm = g.render_units(leads, allow_damage=False)
        body, plats = g.body(rng.randint(2, 4), v.progress_body)
        name = conv(f"{ind.name}指标")
        parts.append(f"{i}.{name}({lt}{conv('牵头')}):{body}")
        measures.append(_M(1, f"{i}.", name, lm, [], [u.key for u in leads], [], False, None, plats, kind="progress",
                           plan=parts[0]))
    parts.append(conv("三、下一步工作打算"))
    parts.append(g.body(2)[0])
    return " ".join(parts)


def _mojibake(line: str) -> str:
    """The 赣州 damage: a line's GBK bytes read one byte shifted ("（一）" -> "?。ㄒ唬")."""
    try:
        b = line.encode("gbk")
    except UnicodeEncodeError:
        return line
    # GB18030 maps some shifted pairs to private-use characters; the sample keeps them (U+E46A)
    return "?" + (b"\xa1" + b).decode("gb18030", errors="replace").replace("\ufffd", "?")


# ---------------------------------------------------------------- formats


def _docx_bytes(title: str | None, intro: str | None, rows: list[list[str]] | None, paras: list[str]) -> bytes:
    import docx  # python-docx; imported here so `synth` of txt-only corpora stays light

    d = docx.Document()
    cp = d.core_properties
    from datetime import datetime

    fixed = datetime(2020, 1, 1)
    cp.created = cp.modified = fixed
    cp.last_printed = fixed
    cp.author = cp.last_modified_by = ""
    cp.revision = 1
    for p in (title, intro):
        if p is not None:
            d.add_paragraph(p)
    if rows is not None:
        from docx.table import _Cell

        t = d.add_table(rows=len(rows), cols=len(rows[0]))
        # table.cell(r, c) re-walks the whole grid on every call: address the <w:tc> elements directly
        for tr, row in zip(t._tbl.tr_lst, rows):
            for tc, val in zip(tr.tc_lst, row):
                _Cell(tc, t).text = val
    for p in paras:
        d.add_paragraph(p)
    buf = io.BytesIO()
    d.save(buf)
    # python-docx stamps zip entries with the current time: rewrite them with a fixed one.
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()


def _html_bytes(g: _Gen, lines: list[str], title: str, charset: str) -> bytes:
    conv = g.conv
    body = "\n".join(f"<p>{html.escape(x, quote=False)}</p>" for x in lines if x.strip())
    trap = html.escape(conv("市假冒局牵头"))
    page = (
        "<!DOCTYPE html>\n<html>\n<head>\n"
        f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">\n'
        f"<title>{html.escape(title)}</title>\n"
        "<style>p{text-indent:2em} .nav{color:#666}</style>\n"
        f"<script>var tip='{trap}';document.title=tip;</script>\n"
        "</head>\n<body>\n"
        f'<div class="nav">{html.escape(conv("首页 > 政务公开 > 政策文件"))}</div>\n'
        f'<div class="article">\n{body}\n</div>\n'
        f"<script>console.log('</p>{trap}');</script>\n"
        f'<div class="footer">{html.escape(conv("扫一扫在手机打开当前页"))}</div>\n'
        "</body>\n</html>\n"
    )
    return page.encode(charset)


# ---------------------------------------------------------------- documents


def _rng(seed: int, index: int) -> random.Random:
    return random.Random(f"dutygraph-synth:v{GENERATOR_VERSION}:{seed}:{index}")


@lru_cache(maxsize=1)
def _s2t() -> Callable[[str], str]:
    import opencc

    cc = opencc.OpenCC("s2t")
    return lru_cache(maxsize=65536)(cc.convert)


def generate_doc(index: int, seed: int = 0, *, clean: bool = False, vocab: Vocab | None = None) -> SynthDoc:
    """Document number `index` of the corpus `seed` (pure, deterministic)."""
    v = vocab or load_vocab()
    rng = _rng(seed, index)
    place = rng.choice(v.places)
    year = rng.randint(2019, 2024)
    traditional = rng.random() < 0.12
    conv: Callable[[str], str] = _s2t() if traditional else (lambda s: s)
    # most real documents are clean; a damaged one carries several damage patterns at once
    g = _Gen(v, rng, place, year, conv, clean or rng.random() < 0.6)
    r = rng.random()
    layout = "plan" if r < 0.62 else "bundle" if r < 0.72 else "report" if r < 0.84 else "roster" if r < 0.94 else "attachments"
    fr = rng.random()
    fmt = "txt" if (fr < 0.78 or layout == "report") else "html" if fr < 0.90 else "docx"
    page = _Page(blank=rng.random() < 0.45, indent=rng.choice(["", "", "  "]))
    ms: list[_M] = []
    topic = rng.choice(["优化营商环境行动方案", "营商环境提升行动工作方案", "创建一流营商环境提升行动方案", "优化提升营商环境专项行动方案"])
    title = f"{place.local}{year}年{topic}"
    docx_rows: list[list[str]] | None = None

    if fmt == "docx" and rng.random() < 0.6:
        docx_rows = [[conv(h) for h in ("序号", "任务", "牵头单位", "责任单位", "完成时限")]]
        for i in range(1, rng.randint(5, 30)):
            ind = rng.choice(v.indicators)
            leads = g.pick_units(ind.leads, 1 if rng.random() < 0.8 else 2)
            cos = g.pick_units(ind.cos, rng.randint(0, 4), exclude={u.key.split("/")[-1] for u in leads})
            lt, lm = g.render_units(leads, allow_damage=False)
            ct, cm = g.render_units(cos, allow_damage=False) if cos else ("", [])
            tl = conv(rng.choice(ind.titles))
            body, plats = g.body(rng.randint(1, 2))
            dl = g.deadline(allow_damage=False) if rng.random() < 0.7 else None
            docx_rows.append([str(i), f"{tl}。{body}", lt, ct, conv(dl[0]) if dl else ""])
            ms.append(_M(0, str(i), tl, lm, cm, [u.key for u in leads], [u.key for u in cos], False,
                         dict(dl[1], raw=conv(dl[0])) if dl else None, plats))
        guar = [conv("二、保障措施")]
        guar += [conv(f"({cn_number(i)}){a}。{b}") for i, (a, b) in enumerate(rng.sample(v.guarantees, 2), 1)]
        data = _docx_bytes(conv(title), conv(f"为持续优化营商环境,结合{place.local}实际,制定本方案。"), docx_rows, guar)
        encoding = "docx"
        lines: list[str] = []
    else:
        if layout == "report":
            lines = [_report(g, ms)]
        else:
            if layout in ("bundle", "attachments"):
                page.para(conv(f"{place.local}人民政府办公室关于印发{year}年优化营商环境系列方案的通知"), indent=False)
                page.para(conv(f"各{'县(市、区)' if place.level == 'city' else '镇街'}人民政府,{place.prefix}直各单位:"), indent=False)
            if layout == "attachments":
                page.para(conv("附件:"), indent=False)
                toc = rng.sample(v.indicators, rng.randint(2, 5))
                for i, ind in enumerate(toc, 1):
                    lt, _ = g.render_units(g.pick_units(ind.leads, 1), allow_damage=False)
                    page.para(conv(f"{i}.{ind.name}提升行动方案(") + lt + conv("牵头)"))
                for i, ind in enumerate(toc, 1):
                    page.para(conv(f"附件{i}"), indent=False)
                    _plan(g, page, title=f"{ind.name}提升行动方案", measures=ms)
            elif layout == "bundle":
                for k in range(rng.randint(2, 4)):
                    t2 = f"{place.local}{rng.choice(['降成本专项提升', '政务服务满意度提升', '营商环境评价指标专项提升', '惠企政策兑现机制改革'])}行动方案"
                    _plan(g, page, title=t2, measures=ms)
            else:
                _plan(g, page, title=title, measures=ms)
            if layout == "roster":
                _roster(g, page, 1)
            lines = page.lines
        if not clean and fmt == "txt" and rng.random() < 0.06 and layout != "report":
            lines = lines + lines  # the whole document repeated (石嘴山): truth = first copy
            g.damage.add("duplicate-copy")
        mojibake_lines = [i for i, x in enumerate(lines) if "\x00MOJIBAKE\x00" in x]
        out_lines = []
        for x in lines:
            if "\x00MOJIBAKE\x00" in x:
                x = x.replace("\x00MOJIBAKE\x00", "")
                if fmt == "txt":
                    mx = _mojibake(x.lstrip())
                    if mx != x.lstrip():
                        x = x[: len(x) - len(x.lstrip())] + mx
                        g.damage.add("mojibake-prefix")
            out_lines.append(x)
        lines = out_lines
        del mojibake_lines
        if fmt == "txt":
            newline = "\r\n" if rng.random() < 0.05 else "\n"
            text = newline.join(lines) + newline
            enc_r = rng.random()
            if traditional and enc_r < 0.3:
                encoding = "big5"
            elif enc_r < 0.15:
                encoding = "gb18030"
            elif enc_r < 0.25:
                encoding = "utf-8-sig"
            elif enc_r < 0.28:
                encoding = "utf-16"
            else:
                encoding = "utf-8"
            try:
                data = text.encode(encoding)
            except UnicodeEncodeError:
                encoding = "utf-8"
                data = text.encode(encoding)
        elif fmt == "html":
            encoding = "gbk" if rng.random() < 0.2 else "utf-8"
            try:
                data = _html_bytes(g, lines, conv(title), encoding)
            except UnicodeEncodeError:
                encoding = "utf-8"
                data = _html_bytes(g, lines, conv(title), encoding)
            encoding = "html:" + encoding
        else:  # docx with paragraphs
            data = _docx_bytes(None, None, None, [x for x in lines if x.strip()])
            encoding = "docx"

    name = f"{index:06d}-{layout}.{fmt}"
    measures = tuple(
        TruthMeasure(
            doc=name,
            line=m.line if fmt == "txt" else 0,
            number=m.number.rstrip(".、") if m.number.endswith((".", "、")) else m.number,
            kind=m.kind,
            title=m.title,
            lead=tuple(m.lead),
            co=tuple(m.co),
            lead_keys=tuple(m.lead_keys),
            co_keys=tuple(m.co_keys),
            lead_inherited=m.inherited,
            deadline=m.deadline,
            platforms=tuple(dict.fromkeys(m.platforms)),
            exact=m.exact,
            damage=tuple(m.damage),
            plan=m.plan or conv(title),
        )
        for m in ms
    )
    return SynthDoc(index, name, fmt, encoding, data, place.name, year, "traditional" if traditional else "simplified",
                    layout, tuple(sorted(g.damage)), measures)


def generate(n: int, seed: int = 0, *, clean: bool = False, start: int = 0) -> Iterator[SynthDoc]:
    """Stream documents start..n-1 of corpus `seed` (never holds more than one in memory)."""
    vocab = load_vocab()
    for i in range(start, n):
        yield generate_doc(i, seed, clean=clean, vocab=vocab)


# ---------------------------------------------------------------- corpus on disk (edge)


def shard(index: int) -> str:
    return f"{index // 1000:03d}"


@dataclass(slots=True)
class CorpusSummary:
    out: Path
    docs: int
    measures: int
    bytes: int
    formats: dict[str, int]
    paths_file: Path


def write_corpus(out: str | os.PathLike, n: int, seed: int = 0, *, clean: bool = False, force: bool = False,
                 progress: Callable[[int], None] | None = None) -> CorpusSummary:
    """Write docs/<shard>/<name>, truth.jsonl (one measure per line), docs.jsonl, paths.txt and
    manifest.json into `out`. Built in a temp folder beside `out` and renamed into place, so an
    interrupted run leaves nothing half-written. Refuses a non-empty `out` unless `force`."""
    out = Path(out)
    if out.exists() and any(out.iterdir()) and not force:
        raise SynthError("output folder exists and is not empty (use --force to replace it)", path=str(out))
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    try:
        total_m = total_b = 0
        formats: dict[str, int] = {}
        with open(tmp / "truth.jsonl", "w", encoding="utf-8") as truth, \
                open(tmp / "docs.jsonl", "w", encoding="utf-8") as docs, \
                open(tmp / "paths.txt", "w", encoding="utf-8") as paths:
            made: set[str] = set()
            for d in generate(n, seed, clean=clean):
                sh = shard(d.index)
                if sh not in made:
                    (tmp / "docs" / sh).mkdir(parents=True, exist_ok=True)
                    made.add(sh)
                (tmp / "docs" / sh / d.name).write_bytes(d.data)
                paths.write(f"docs/{sh}/{d.name}\n")
                docs.write(json.dumps(d.summary(), ensure_ascii=False, sort_keys=True) + "\n")
                for m in d.measures:
                    truth.write(json.dumps(asdict(m), ensure_ascii=False, sort_keys=True) + "\n")
                total_m += len(d.measures)
                total_b += len(d.data)
                formats[d.fmt] = formats.get(d.fmt, 0) + 1
                if progress:
                    progress(1)
        manifest = {"generator": "dutygraph.synth", "version": GENERATOR_VERSION, "docs": n, "seed": seed,
                    "clean": clean, "measures": total_m, "bytes": total_b, "formats": dict(sorted(formats.items()))}
        (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
                                           encoding="utf-8")
        if out.exists():
            old = out.with_name(f".{out.name}.old-{os.getpid()}")
            out.rename(old)
            tmp.rename(out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return CorpusSummary(out, n, total_m, total_b, dict(sorted(formats.items())), out / "paths.txt")


def read_truth(corpus: str | os.PathLike) -> Iterator[dict[str, Any]]:
    with open(Path(corpus) / "truth.jsonl", encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)


def corpus_paths(corpus: str | os.PathLike) -> list[Path]:
    base = Path(corpus)
    return [base / p for p in (base / "paths.txt").read_text(encoding="utf-8").split()]


# ---------------------------------------------------------------- scoring extraction against the truth


def _norm(s: str) -> str:
    from .loaders.normalize import normalize

    return re.sub(r"\s+", "", normalize(s or ""))


def _title_key(s: str) -> str:
    return _norm(s).rstrip("。.")[:16]


def match(truth: list[dict[str, Any]], extracted: list[dict[str, Any]]) -> list[tuple[dict, dict | None]]:
    """Pair each truth measure of ONE document with an extracted contract record (or None).
    Pairs by line where the truth has one, else by the title appearing in the record; in order."""
    used: set[int] = set()
    pairs: list[tuple[dict, dict | None]] = []
    keyed = [(_norm(e.get("title", "")) + "|" + _norm(e.get("text", ""))) for e in extracted]
    for t in truth:
        key = _title_key(t["title"])
        hit = None
        for i, e in enumerate(extracted):
            if i in used:
                continue
            if t["line"] and e.get("line") == t["line"] and (t["kind"] == "progress" or key in keyed[i]):
                hit = i
                break
        if hit is None and t["kind"] == "progress":
            for i, e in enumerate(extracted):
                if i not in used and e.get("kind") == "progress" and key in keyed[i]:
                    hit = i
                    break
        if hit is None and not t["line"]:
            for i in range(len(extracted)):
                if i not in used and key and key in keyed[i]:
                    hit = i
                    break
        if hit is not None:
            used.add(hit)
        pairs.append((t, extracted[hit] if hit is not None else None))
    return pairs


def score(truth: Iterable[dict[str, Any]], extracted: Iterable[dict[str, Any]], *, exact_only: bool = True) -> dict[str, Any]:
    """Accuracy of extracted contract records against the truth, over all documents.
    lead/co compare sets of normalised mentions; deadline compares the ISO date (and kind)."""
    by_doc_t: dict[str, list[dict]] = {}
    for t in truth:
        if exact_only and not t["exact"]:
            continue
        by_doc_t.setdefault(t["doc"], []).append(t)
    by_doc_e: dict[str, list[dict]] = {}
    for e in extracted:
        by_doc_e.setdefault(e["doc"], []).append(e)
    n = found = lead_ok = co_ok = inh_ok = dl_n = dl_ok = 0
    for doc, ts in by_doc_t.items():
        for t, e in match(ts, by_doc_e.get(doc, [])):
            n += 1
            if e is None:
                continue
            found += 1
            got_lead = sorted(_norm(u["mention"]) for u in e.get("lead", []))
            got_co = sorted(_norm(u["mention"]) for u in e.get("co", []))
            lead_ok += got_lead == sorted(_norm(x) for x in t["lead"])
            co_ok += got_co == sorted(_norm(x) for x in t["co"])
            inh_ok += bool(e.get("lead_inherited")) == t["lead_inherited"]
            if t["deadline"] is not None:
                dl_n += 1
                ed = e.get("deadline") or {}
                # recurring/ongoing: no agreed date convention (EXTRACTION.md is silent), compare the kind
                same_date = t["deadline"]["date"] is None or ed.get("date") == t["deadline"]["date"]
                dl_ok += same_date and ed.get("kind") == t["deadline"]["kind"]
    extracted_total = sum(len(v) for v in by_doc_e.values())
    ratio = lambda a, b: round(a / b, 4) if b else None  # noqa: E731
    return {
        "truth_measures": n,
        "extracted_measures": extracted_total,
        "recall": ratio(found, n),
        "lead_accuracy": ratio(lead_ok, n),
        "co_accuracy": ratio(co_ok, n),
        "inherited_accuracy": ratio(inh_ok, n),
        "deadline_accuracy": ratio(dl_ok, dl_n),
        "lead_accuracy_of_found": ratio(lead_ok, found),
    }
