"""The typed records that flow between stages. This module is the contract between
loaders -> extract -> graph; it imports nothing from the project.

Conventions
- Every record keeps provenance: the document's base name (`doc`), the 1-based `line`, and the text as
  printed (`mention`, `raw`, `text`). Recovered data lists how in `repairs`.
- `Line.norm` is `normalize(Line.text)`: NFKC + traditional->simplified, char-for-char aligned with
  `Line.text` (same length), so a span found in `norm` cuts the as-printed text out of `text`.
- Records are frozen; collections are tuples so records hash and compare by value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


# ---------------------------------------------------------------- loaders -> Document


@dataclass(frozen=True, slots=True)
class Repair:
    """One recovery made while reading: kind is a short slug ("mojibake-prefix", "html-residue",
    "noise-line", "duplicate-copy", "date-digits", "encoding-fallback", "redaction" ...)."""

    kind: str
    line: int
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Line:
    number: int  # 1-based line in the source file (for .docx: paragraph/table-row order)
    text: str  # as printed, after recoverable repairs; traditional stays traditional
    norm: str  # normalize(text): same length as text
    repairs: tuple[str, ...] = ()  # repair kinds applied to this line
    start: int = 0  # character offset of the line in the decoded file text


@dataclass(frozen=True, slots=True)
class Document:
    path: str  # as given by the user
    name: str  # base name: the `doc` of every record
    sha256: str  # of the raw bytes
    encoding: str  # detected encoding ("utf-8", "utf-8-sig", "gb18030", "big5", "utf-16", "docx", "html:utf-8")
    fmt: str  # "txt" | "docx" | "html"
    lines: tuple[Line, ...]  # kept lines (a repeated second copy of the document is dropped)
    repairs: tuple[Repair, ...] = ()  # document-level and per-line repairs, in line order
    warnings: tuple[str, ...] = ()  # one line each, naming the file (and line)
    # the loaders' note that "\n".join of (any of) the lines' norms is `normalize` of "\n".join of their
    # texts (loaders.normalize.normalize_lines_joinable); False: not known. Not part of the value.
    norms_joinable: bool = field(default=False, repr=False, compare=False)


# ---------------------------------------------------------------- extract -> records


@dataclass(frozen=True, slots=True)
class Jurisdiction:
    name: str  # full name: 赣州市, 芜湖市鸠江区, 南昌市红谷滩区, 石嘴山市
    level: str  # province | city | district | county
    parent: str | None = None  # 芜湖市 for 芜湖市鸠江区
    short: str = ""  # the name the plan uses for itself: 鸠江区, 红谷滩区
    inferred: bool = False  # True when the name was redacted and inferred from evidence
    evidence: tuple[str, ...] = ()  # what the inference rests on ("units named 石嘴山…", "phone code 0952")


@dataclass(frozen=True, slots=True)
class UnitRef:
    """A responsible unit as mentioned in a document, resolved within the plan's jurisdiction."""

    name: str  # canonical, simplified, jurisdiction-scoped: 赣州市行政审批局
    mention: str  # as printed: 市行政審批局
    collective: bool = False  # 各县区政府, 市直有关部门, 各商业银行
    jurisdiction: str = ""  # the jurisdiction the agency belongs to (赣州市; 芜湖市 for 市X局 in a 鸠江区 plan)
    resolved: bool = True  # False when no alias/pattern matched (kept as the normalised mention)


@dataclass(frozen=True, slots=True)
class PlatformRef:
    name: str  # canonical: 赣服通, 一网通办, 12345政务服务便民热线
    mention: str  # as printed, without quotes


@dataclass(frozen=True, slots=True)
class Deadline:
    raw: str  # as printed: "2022年6月20日前", "2022630日", "年底前"
    date: str | None  # ISO last allowed day, None for ongoing
    kind: str  # date | recurring | period | ongoing
    repairs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Person:
    """Personal data from rosters and contact lines: masked on output unless asked for."""

    name: str
    role: str = ""  # 组长 / 副组长 / 联络员 / 联系人
    unit: str = ""  # the unit or post as printed
    phone: str = ""
    email: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class TaskForce:
    """A roster entry (工作专班): one indicator's task force."""

    doc: str
    line: int
    plan: str  # plan key
    name: str  # 开办企业指标工作专班
    indicator: str | None
    lead: tuple[UnitRef, ...] = ()  # 牵头单位
    members: tuple[UnitRef, ...] = ()  # 成员单位
    office: str = ""  # 专班办公室 as printed
    people: tuple[Person, ...] = ()


@dataclass(frozen=True, slots=True)
class Section:
    doc: str
    line: int
    plan: str  # plan key
    number: str  # as printed: "二、", "(一)", "附件2"
    title: str
    path: tuple[str, ...]  # numbers from the plan root down to this section
    lead: tuple[UnitRef, ...] = ()  # units named in the heading ("(区住建局牵头)")
    indicator: str | None = None


@dataclass(frozen=True, slots=True)
class Measure:
    doc: str
    line: int  # 1-based line where the item starts
    number: str  # as printed ("3", "(二)", "①"), duplicates and gaps kept
    section: str  # the enclosing section's title path, " > " joined
    title: str
    text: str  # the item's full text as printed
    kind: str  # "measure" | "progress"
    lead: tuple[UnitRef, ...] = ()
    co: tuple[UnitRef, ...] = ()
    lead_inherited: bool = False
    platforms: tuple[PlatformRef, ...] = ()
    deadline: Deadline | None = None
    repairs: tuple[str, ...] = ()
    # beyond the scored contract:
    plan: str = ""  # plan key (Plan.key)
    section_path: tuple[str, ...] = ()
    deadlines: tuple[Deadline, ...] = ()  # every deadline in the item (stages); `deadline` is the last
    targets: tuple[str, ...] = ()  # quantitative targets as printed: "压缩至5个工作日"
    indicator: str | None = None
    responsibility: str = ""  # the responsibility clause as printed
    responsibility_line: int = 0
    span: tuple[int, int] = (0, 0)  # character span of the item in its start line

    def contract(self) -> dict[str, Any]:
        """Exactly the record shape of `dutygraph extract --format jsonl` (see DESIGN.md)."""
        return {
            "doc": self.doc,
            "line": self.line,
            "number": self.number,
            "section": self.section,
            "title": self.title,
            "text": self.text,
            "kind": self.kind,
            "lead": [{"name": u.name, "mention": u.mention} for u in self.lead],
            "co": [{"name": u.name, "mention": u.mention} for u in self.co],
            "lead_inherited": self.lead_inherited,
            "platforms": [{"name": p.name, "mention": p.mention} for p in self.platforms],
            "deadline": (
                None
                if self.deadline is None
                else {"raw": self.deadline.raw, "date": self.deadline.date, "kind": self.deadline.kind}
            ),
            "repairs": list(self.repairs),
        }


@dataclass(frozen=True, slots=True)
class Plan:
    key: str  # deterministic: f"{doc}#{line}" of the title line
    doc: str
    line: int
    title: str
    jurisdiction: Jurisdiction
    issuer: str = ""
    issued: str | None = None  # ISO date
    kind: str = "plan"  # plan | report | roster
    year: int | None = None  # the plan's year, for year-less deadlines
    attachment: str = ""  # "附件2" when the plan is an attachment
    sha256: str = ""


@dataclass(slots=True)
class DocResult:
    """Everything extracted from one file."""

    document: Document
    plans: list[Plan] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    task_forces: list[TaskForce] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class BatchResult:
    """A batch: per-file results in input order, plus one-line errors for files that failed."""

    results: list[DocResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
