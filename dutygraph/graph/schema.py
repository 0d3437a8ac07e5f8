"""The one place that defines the graph: node labels, relationship types, their properties and types.
Everything else (networkx builder, LadybugDB DDL, Neo4j constraints/push, CSV headers, RDF terms,
viz legends, queries) is generated from or checked against this module.

Property types use LadybugDB/Kùzu names: STRING, INT64, DOUBLE, BOOLEAN, STRING[].
Exporters that cannot hold a list (GraphML, CSV) join STRING[] values with " | ".

Node ids are deterministic strings (see `node_id`), e.g. "agency:赣州市行政审批局",
"measure:ganzhou.txt:99:1". The same input always gives the same ids.

Cypher note: IN and FOR are keywords. LadybugDB refuses them bare as relationship types, so write
them in backticks — `(a:Agency)-[:`IN`]->(j:Jurisdiction)`, `(t:TaskForce)-[:`FOR`]->(i:Indicator)` —
which Neo4j accepts as well.

Property conventions (what graph/model.py fills in): `plan` on Section/Measure/TaskForce is the Plan
node's id ("plan:<doc>:<line>"); `section` on Measure is the heading-title path (" > " joined);
`indicator` on Measure is its own or the nearest enclosing section's indicator; `deadline` on Measure
is the ISO date of its final deadline; missing scalars are null, missing lists [].

Derived properties (marked "derived:" in their doc) are computed by graph/model.py `derive` from the
graph's own edges after everything else is built, never from document text: the edges they count
are their provenance (each keeps its source, line and mention). They exist so that the stored queries
can rank or filter the whole corpus without regrouping it: on Measure its lead, collective-lead,
co-unit and deadline counts (LEADS, SUPPORTS, DUE); on Agency its agency_load row over every year
(load, n_led, n_inherited, n_co, n_plans, n_q1..n_q4) and the same row for each plan year (load_by_year),
its busiest deadline month (peak_due; within each deadline year: peak_due_by_year), its SUPPORTS
edges over any plan (n_supports) and its largest co_unit_network pair (peak_shared; peak_shared_after: of
the pairs that have it first) and the graph's largest pairs that have it first (top_pairs, every pair of at
least top_pairs_min shared measures), the lead agencies and plans of the measures it co-supports (its
shared_bottlenecks row: n_support_leads, n_support_plans), its measures of a plan and their plans'
jurisdictions (with n_plans, its plan_overlap counts: n_measures, n_jurisdictions), its measures over any
plan (n_named); on Platform its shared_bottlenecks counts
(n_measures, n_leads, n_plans over its USES_PLATFORM edges); on Indicator its plan_overlap row (n_plans,
n_jurisdictions, n_measures, plan_ids over its UNDER edges from measures); on the first Deadline (by id)
of each month that month's deadline_months row (month_due, month_agencies, month_measure_ids).
Any change to the edges a graph holds must go through `derive` again.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Prop:
    name: str
    type: str = "STRING"
    doc: str = ""


@dataclass(frozen=True, slots=True)
class NodeType:
    label: str
    props: tuple[Prop, ...]
    doc: str = ""
    personal: bool = False  # holds personal data: masked unless --include-people

    @property
    def prop_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.props)


@dataclass(frozen=True, slots=True)
class RelType:
    type: str
    pairs: tuple[tuple[str, str], ...]  # allowed (from label, to label)
    props: tuple[Prop, ...]
    doc: str = ""

    @property
    def prop_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.props)


_ID = Prop("id", "STRING", "deterministic id, unique per label")
_SOURCE = Prop("source", "STRING", "document base name")
_LINE = Prop("line", "INT64", "1-based line in the source document")
_MENTION = Prop("mention", "STRING", "the text as printed")
# an Agency's agency_load row over every year (analytics/load.py, queries/agency_load.cypher), counted
# over the measures of a plan that its LEADS/SUPPORTS edges name; 0 for an agency named for none
_AGENCY_LOAD = (
    Prop("load", "DOUBLE", "derived: load index, sum of 1/leads over led + 0.5/co-units over co-supported measures"),
    Prop("n_led", "INT64", "derived: measures it leads on their own text"),
    Prop("n_inherited", "INT64", "derived: measures it leads by inheritance from a heading"),
    Prop("n_co", "INT64", "derived: measures it co-supports"),
    Prop("n_plans", "INT64", "derived: plans of those measures"),
    *(Prop(f"n_q{q}", "INT64", f"derived: led measures due in calendar quarter {q}") for q in range(1, 5)),
    Prop("peak_due", "INT64", "derived: most of its led measures (any plan) due in one month, deadline_crunch's "
                              "largest cell for it over every year"),
    Prop("load_by_year", "STRING[]", "derived: its agency_load row for each plan year it is named for a measure "
                                     "in, one entry per year, \"year;load;led;inherited;co;plans;q1;q2;q3;q4\" "
                                     "(as load, n_led … n_q4 over every year), by year"),
    Prop("peak_due_by_year", "STRING[]", "derived: peak_due within each deadline year, \"year;count\" (deadline_crunch's "
                                         "largest cell for it in that year), by year"),
)
# what shared_bottlenecks and co_unit_network rank agencies by (queries/*.ladybug.cypher), over any plan
_AGENCY_RANKS = (
    Prop("n_supports", "INT64", "derived: measures it co-supports (its SUPPORTS edges, any plan: "
                                "shared_bottlenecks' measures)"),
    Prop("peak_shared", "INT64", "derived: most measures (any plan) it is named for together with any one other "
                                 "agency, its largest co_unit_network pair; 0 for none; -1 when not counted (a "
                                 "graph of more than 20 million agency pairs, graph/model.py "
                                 "PEAK_SHARED_PAIR_BUDGET)"),
    Prop("peak_shared_after", "INT64", "derived: the same over the agencies whose id sorts after its own: "
                                       "co_unit_network's largest pair that has it first; 0 for none; -1 "
                                       "when not counted"),
    Prop("top_pairs", "STRING[]", "derived: co_unit_network's pairs that have it first and share at least "
                                  "top_pairs_min measures (any plan), \"shared;plans;other agency id\", most shared "
                                  "first"),
    Prop("top_pairs_min", "INT64", "derived: the least shared measures a pair needs to be listed in top_pairs, the "
                                   "same on every agency: the smallest count for which the graph has at most 5,000 "
                                   "such pairs (graph/model.py TOP_PAIRS_BUDGET); 0 when pairs are not counted"),
    Prop("n_support_leads", "INT64", "derived: distinct agencies leading the measures it co-supports (any plan: "
                                     "shared_bottlenecks' leads)"),
    Prop("n_support_plans", "INT64", "derived: distinct plans of the measures it co-supports (any plan: "
                                     "shared_bottlenecks' plans)"),
    Prop("n_measures", "INT64", "derived: distinct measures of a plan it leads or co-supports (plan_overlap's "
                                "measures; its plans are n_plans)"),
    Prop("n_jurisdictions", "INT64", "derived: distinct jurisdictions of those plans (plan_overlap's jurisdictions)"),
    Prop("n_named", "INT64", "derived: distinct measures (any plan) it leads or co-supports (agency_portfolio "
                             "lists the agencies that have one)"),
)

NODES: tuple[NodeType, ...] = (
    NodeType("Jurisdiction", (_ID, Prop("name"), Prop("level"), Prop("parent"), Prop("inferred", "BOOLEAN")),
             "赣州市, 芜湖市鸠江区 …; inferred when the name was redacted"),
    NodeType("Plan", (_ID, Prop("title"), Prop("jurisdiction"), Prop("issuer"), Prop("issued"), Prop("kind"),
                      Prop("year", "INT64"), Prop("attachment"), _SOURCE, _LINE, Prop("sha256")),
             "one plan/report/roster; a file may hold several"),
    NodeType("Section", (_ID, Prop("plan"), Prop("number"), Prop("path"), Prop("title"), _SOURCE, _LINE),
             "a heading at any level"),
    NodeType("Measure", (_ID, Prop("plan"), Prop("number"), Prop("title"), Prop("text"), Prop("kind"),
                         Prop("section"), Prop("indicator"), Prop("deadline"), Prop("lead_inherited", "BOOLEAN"),
                         Prop("targets", "STRING[]"), Prop("repairs", "STRING[]"), _SOURCE, _LINE,
                         Prop("n_leads", "INT64", "derived: agencies leading it (its LEADS edges)"),
                         Prop("n_co_units", "INT64", "derived: its co-units (its SUPPORTS edges)"),
                         Prop("n_collective_leads", "INT64", "derived: collective units among its leads"),
                         Prop("n_deadlines", "INT64", "derived: its DUE edges")),
             "the smallest numbered item that states a task (kind measure) or a progress paragraph"),
    NodeType("Agency", (_ID, Prop("name"), Prop("jurisdiction"), Prop("collective", "BOOLEAN"),
                        Prop("resolved", "BOOLEAN"), Prop("aliases", "STRING[]"), *_AGENCY_LOAD,
                        *_AGENCY_RANKS),
             "a responsible unit, canonical and jurisdiction-scoped"),
    NodeType("Platform", (_ID, Prop("name"), Prop("aliases", "STRING[]"),
                          Prop("n_measures", "INT64", "derived: measures using it (its USES_PLATFORM edges)"),
                          Prop("n_leads", "INT64", "derived: distinct agencies leading those measures"),
                          Prop("n_plans", "INT64", "derived: distinct plans of those measures")),
             "赣服通, 一网通办, 12345 …"),
    NodeType("Deadline", (_ID, Prop("date"), Prop("kind"), Prop("month"), Prop("year", "INT64"),
                          Prop("month_due", "INT64", "derived: on the first Deadline (by id) of its month, the "
                                                     "measures whose deadline date falls in the month (deadline_months' "
                                                     "due); 0 on the month's other deadlines"),
                          Prop("month_agencies", "INT64", "derived: on the same deadline, the distinct lead agencies of "
                                                          "those measures; 0 on the others"),
                          Prop("month_measure_ids", "STRING[]", "derived: on the same deadline, those measures' ids, "
                                                                "sorted; [] on the others")),
             "one node per (date, kind); the raw text is on the DUE edge"),
    NodeType("Indicator", (_ID, Prop("name"),
                           Prop("n_plans", "INT64", "derived: plans (Plan nodes) of the measures UNDER it"),
                           Prop("n_jurisdictions", "INT64", "derived: distinct jurisdictions of those plans"),
                           Prop("n_measures", "INT64", "derived: measures UNDER it that belong to one of those plans"),
                           Prop("plan_ids", "STRING[]", "derived: those plans' ids, sorted (plan_overlap's plan_ids)")),
             "business-environment evaluation indicator: 开办企业, 获得电力 …"),
    NodeType("TaskForce", (_ID, Prop("name"), Prop("plan"), Prop("indicator"), Prop("office"), _SOURCE, _LINE),
             "工作专班 from a roster"),
    NodeType("Person", (_ID, Prop("name"), Prop("role"), Prop("unit"), Prop("phone"), Prop("email"), _SOURCE, _LINE),
             "personal data from rosters: masked unless --include-people", personal=True),
)

_PROV = (_SOURCE, _LINE, _MENTION)

RELS: tuple[RelType, ...] = (
    RelType("LEADS", (("Agency", "Measure"), ("Agency", "Section")), (Prop("inherited", "BOOLEAN"), *_PROV),
            "牵头 / 责任单位; joint leads allowed; inherited when taken from an enclosing heading"),
    RelType("SUPPORTS", (("Agency", "Measure"),), _PROV, "配合单位 / 按职责分工负责 co-units"),
    RelType("USES_PLATFORM", (("Measure", "Platform"),), _PROV, "the measure depends on that platform"),
    RelType("DUE", (("Measure", "Deadline"),), (*_PROV, Prop("repairs", "STRING[]")), "mention = raw deadline text"),
    RelType("UNDER", (("Measure", "Indicator"), ("Section", "Indicator")), _PROV, "serves that indicator"),
    RelType("HAS_SECTION", (("Plan", "Section"), ("Section", "Section")), (_SOURCE, _LINE), "document structure"),
    RelType("HAS_MEASURE", (("Plan", "Measure"), ("Section", "Measure")), (_SOURCE, _LINE), "document structure"),
    RelType("IN", (("Agency", "Jurisdiction"), ("Plan", "Jurisdiction"), ("Jurisdiction", "Jurisdiction")),
            (_SOURCE, _LINE), "belongs to a jurisdiction; district IN city"),
    RelType("MEMBER_OF", (("Agency", "TaskForce"), ("Person", "TaskForce")), (Prop("role"), *_PROV),
            "roster membership; role lead/member/leader/deputy/liaison"),
    RelType("FOR", (("TaskForce", "Indicator"),), (_SOURCE, _LINE), "the task force serves that indicator"),
)

NODE_BY_LABEL: dict[str, NodeType] = {n.label: n for n in NODES}
REL_BY_TYPE: dict[str, RelType] = {r.type: r for r in RELS}

# id prefixes per label, so ids are readable and unique across labels
ID_PREFIX: dict[str, str] = {n.label: n.label.lower() for n in NODES}


def node_id(label: str, *parts: object) -> str:
    """Deterministic id: "<label-lower>:<part>:<part>…" (parts as str, ':' inside parts kept)."""
    if label not in NODE_BY_LABEL:
        raise KeyError(f"unknown node label {label!r}")
    return ID_PREFIX[label] + ":" + ":".join(str(p) for p in parts)


# ---------------------------------------------------------------- RDF terms (derived, never typed by hand)


def _camel(snake: str, *, upper_first: bool = False) -> str:
    parts = snake.lower().split("_")
    head = parts[0].capitalize() if upper_first else parts[0]
    return head + "".join(p.capitalize() for p in parts[1:])


def rdf_predicate(rel_type: str) -> str:
    """The project term for a relationship type: USES_PLATFORM -> usesPlatform."""
    return _camel(REL_BY_TYPE[rel_type].type)


def rdf_qualified_class(rel_type: str) -> str:
    """The class of the qualified (provenance) node of an edge: USES_PLATFORM -> UsesPlatformStatement."""
    return _camel(REL_BY_TYPE[rel_type].type, upper_first=True) + "Statement"


def rdf_property(prop: str) -> str:
    """The project term for a property: lead_inherited -> leadInherited."""
    return _camel(prop)


def rdf_terms() -> list[str]:
    """Every term of the project namespace: labels, predicates, qualified classes, properties."""
    terms = {n.label for n in NODES}
    terms |= {rdf_predicate(r.type) for r in RELS} | {rdf_qualified_class(r.type) for r in RELS}
    terms |= {rdf_property(p.name) for n in NODES for p in n.props}
    terms |= {rdf_property(p.name) for r in RELS for p in r.props}
    terms |= {"SourceLine", "Document", "nodeId"}
    return sorted(terms)
