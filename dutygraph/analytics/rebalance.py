"""Rebalancing suggestions — suggestions for a review meeting, never decisions.

An agency is *overloaded* when its load (see load.py) is at least `factor` × the median load of the
non-collective agencies of its jurisdiction. For each measure it leads that serves an indicator,
every co-unit of that measure which is not collective and whose own load is at or below that median
*has capacity*; the suggestion is to consider that co-unit as (joint) lead. The numbers behind each
suggestion travel with it: both loads, the median, the measure and the printed line.
"""

from __future__ import annotations

from statistics import median

import networkx as nx
import pandas as pd

from . import load as load_mod
from .graphview import columns_frame, incidence, where

COLUMNS = ["jurisdiction", "measure_id", "measure", "indicator", "from_id", "from_agency", "from_load",
           "to_id", "to_agency", "to_load", "median_load", "source", "suggestion"]


def suggestions(g: nx.MultiDiGraph, *, factor: float = 2.0, loads: pd.DataFrame | None = None) -> pd.DataFrame:
    loads = load_mod.agency_load(g) if loads is None else loads
    # per agency (in the frame's order): name, jurisdiction, collective, load (= its to_dict("records") row)
    by_id = dict(zip(loads["id"].tolist(), zip(loads["name"].tolist(), loads["jurisdiction"].tolist(),
                                               loads["collective"].tolist(), loads["load"].tolist())))
    # the median load of each jurisdiction's non-collective agencies (no jurisdiction: ""), grouped here
    # rather than by a pandas groupby (one sub-frame per jurisdiction: ~300 at 10k documents)
    by_jur: dict[str, list[float]] = {}
    for _, jur, collective, load_ in by_id.values():
        if not collective:
            by_jur.setdefault("" if jur is None or jur != jur else jur, []).append(load_)  # (jur != jur: NaN)
    medians = {jur: float(median(part)) for jur, part in by_jur.items()}
    # the co-units with capacity, by jurisdiction: not collective, load at or below its median
    capacity: dict[str, set[str]] = {}
    for cid, (_, jur, collective, load_) in by_id.items():
        med = medians.get(jur or "")
        if not collective and med is not None and not load_ > med:
            capacity.setdefault(jur or "", set()).add(cid)
    rows = []
    node = g._node
    ix = incidence(g)
    co_of = ix.co_lists().get
    for aid, (name, jur, collective, load_) in by_id.items():
        jur = jur or ""
        med = medians.get(jur)
        if collective or med is None or med <= 0 or load_ < factor * med:
            continue
        able = capacity.get(jur, ())
        overloaded = f"由{name}牵头，其负荷 {load_:.2f}，为本地中位数 {med:.2f} 的 {load_ / med:.1f} 倍；配合单位"
        for mid, edge in ix.led(aid):  # = out_edges(g, aid, "LEADS", "Measure")
            m = node[mid]
            indicator = m.get("indicator")
            if not indicator:
                continue
            for cid in co_of(mid, ()):  # = in_edges(g, mid, "SUPPORTS", "Agency")
                if cid not in able:
                    continue
                other_name, _, _, other_load = by_id[cid]
                title = m.get("title") or m.get("number") or mid
                text = (f"建议研究：「{title}」（{indicator}）{overloaded}{other_name}负荷 "
                        f"{other_load:.2f}（不高于中位数），可考虑由其共同牵头或承担牵头。")
                # a row's values in COLUMNS order (the frame is built from columns, not a dict per row)
                rows.append((jur, mid, title, indicator, aid, name, load_, cid, other_name, other_load, med,
                             where(edge), text))
    # = by (jurisdiction, -from_load, from_id, measure_id, to_load, to_id)
    rows.sort(key=lambda r: (r[0], -r[6], r[4], r[1], r[9], r[7]))
    return columns_frame(dict(zip(COLUMNS, map(list, zip(*rows)))), COLUMNS)
