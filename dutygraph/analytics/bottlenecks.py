"""Bottlenecks: the agencies and platforms many measures hang on.

- `collaboration_projection`: agency–agency graph, an edge per pair named on the same measure
  (lead or co-unit), weighted by shared measures (the networkx side of queries/co_unit_network.cypher).
- `agency_centrality`: degree, weighted degree and betweenness in that projection, and whether the
  agency is an articulation point (removing it splits the collaboration network).
- `platform_impact`: per platform, the measures, agencies and plans its failure would touch.
- `platform_slip`: "if platform X slips by N months, which measures and agencies are hit".
- `platform_dependents`, `shared_bottlenecks`, `co_unit_network`: networkx references of the queries.
"""

from __future__ import annotations

import calendar
import math
import random
from array import array
from collections import defaultdict
from itertools import chain, combinations, repeat
from typing import Any

import networkx as nx
import pandas as pd

from .graphview import in_edges, incidence, involved, leads, nodes, supports, where


def _names(g: nx.MultiDiGraph, ids) -> list[str]:
    return sorted({g._node[i].get("name") for i in ids if g._node[i].get("name") is not None})


def _platform_matches(p: dict, pid: str, platform: str) -> bool:
    return not platform or platform in (p.get("name"), pid) or platform in (p.get("aliases") or [])


def platform_dependents(g: nx.MultiDiGraph, platform: str = "") -> pd.DataFrame:
    """One row per (platform, measure using it) with the measure's leads and co-units (names) and
    where the platform was mentioned; `platform` matches name, id or an alias ("" = all)."""
    rows = []
    for pid, p in nodes(g, "Platform"):
        if not _platform_matches(p, pid, platform):
            continue
        for mid, edge in in_edges(g, pid, "USES_PLATFORM", "Measure"):
            m = g._node[mid]
            rows.append({
                "platform": p.get("name"), "measure_id": mid, "plan": m.get("plan"), "number": m.get("number"),
                "title": m.get("title"), "leads": _names(g, leads(g, mid)), "co": _names(g, supports(g, mid)),
                "source": edge.get("source"), "line": edge.get("line"), "mention": edge.get("mention"),
            })
    rows.sort(key=lambda r: (r["platform"] or "", r["measure_id"]))
    return pd.DataFrame(rows, columns=["platform", "measure_id", "plan", "number", "title", "leads", "co",
                                       "source", "line", "mention"])


def shared_bottlenecks(g: nx.MultiDiGraph, *, min_measures: int = 3) -> pd.DataFrame:
    """Agencies by the measures they co-support, platforms by the measures using them; with the
    distinct lead agencies and plans of those measures."""
    rows = []
    groups: list[tuple[str, str, list[str]]] = []
    ix = incidence(g)
    supported = ix.supported_edges()
    for aid, _ in ix.nodes("Agency"):  # = out_edges(g, aid, "SUPPORTS", "Measure"), each neighbour once
        groups.append(("agency", aid, sorted([m for m, _ in supported.get(aid, ())])))
    for pid, _ in ix.nodes("Platform"):  # = in_edges(g, pid, "USES_PLATFORM", "Measure")
        groups.append(("platform", pid, sorted([m for m, _ in ix.users(pid)])))
    leads_of = ix.lead_lists().get  # = leads(g, m), unsorted (only their set is used)
    node = g._node
    plan_of = {mid: m.get("plan") for mid, m in ix.nodes("Measure")}.__getitem__
    for kind, nid, measures in groups:
        if not measures or len(measures) < min_measures:
            continue
        lead_ids = set().union(*map(leads_of, measures, repeat(())))
        plans = set(map(plan_of, measures)) - {None}
        rows.append({"kind": kind, "id": nid, "name": node[nid].get("name"), "measures": len(measures),
                     "leads": len(lead_ids), "plans": len(plans), "measure_ids": measures})
    rows.sort(key=lambda r: (-r["measures"], -r["leads"], r["kind"], r["id"]))
    return pd.DataFrame(rows, columns=["kind", "id", "name", "measures", "leads", "plans", "measure_ids"])


def _shared(g: nx.MultiDiGraph) -> dict[tuple[str, str], set[str]]:
    pairs: dict[tuple[str, str], set[str]] = defaultdict(set)
    for mid, _ in nodes(g, "Measure"):
        for a, b in combinations(involved(g, mid), 2):
            pairs[(a, b) if a < b else (b, a)].add(mid)
    return pairs


def co_unit_network(g: nx.MultiDiGraph, *, min_shared: int = 2) -> pd.DataFrame:
    rows = []
    for (a, b), ms in _shared(g).items():
        if len(ms) < min_shared:
            continue
        rows.append({"agency_a_id": a, "agency_a": g._node[a].get("name"), "agency_b_id": b,
                     "agency_b": g._node[b].get("name"), "shared": len(ms),
                     "plans": len({g._node[m].get("plan") for m in ms} - {None})})
    rows.sort(key=lambda r: (-r["shared"], r["agency_a_id"], r["agency_b_id"]))
    return pd.DataFrame(rows, columns=["agency_a_id", "agency_a", "agency_b_id", "agency_b", "shared", "plans"])


# Bounds that keep the collaboration analytics near-linear on hostile or huge inputs (one measure naming
# 10,000 units would otherwise mean 50 million agency pairs):
MAX_PROJECTION_PAIRS = 250_000  # agency pairs (Σ k(k-1)/2 over measures) above which no projection is built
BETWEENNESS_BUDGET = 4_000_000  # node+edge visits allowed for betweenness (one BFS per source costs V+E)
MIN_BETWEENNESS_SOURCES = 64
BETWEENNESS_SEED = 0  # fixed: sampled betweenness is deterministic


def _projection_members(g: nx.MultiDiGraph, include_collective: bool) -> tuple[list[str], dict[str, tuple[str, ...]]]:
    """The projection's agencies (named for at least one measure; collective ones only when asked), in
    graph order, and per measure the sorted projection agencies named on it (lead or co-unit)."""
    ix = incidence(g)
    led, supported = ix.led_edges(), ix.supported_edges()  # the agencies' LEADS / SUPPORTS out-edges to measures
    agencies = []
    for aid, a in ix.nodes("Agency"):
        if (not a.get("collective") or include_collective) and (aid in led or aid in supported):
            agencies.append(aid)
    # each measure's agencies, in id order as they are visited in id order (each once: an agency that leads
    # and supports a measure was its last one)
    named_on: dict[str, list[str]] = {}
    for aid in sorted(agencies):
        for mid, _ in led.get(aid, ()):
            named = named_on.get(mid)
            if named is None:
                named_on[mid] = [aid]
            else:
                named.append(aid)
        for mid, _ in supported.get(aid, ()):
            named = named_on.get(mid)
            if named is None:
                named_on[mid] = [aid]
            elif named[-1] != aid:
                named.append(aid)
    members = {mid: tuple(named_on[mid]) for mid, _ in ix.nodes("Measure") if mid in named_on}
    return agencies, members


def _subset_betweenness(inc: nx.Graph, sources: list, targets: list) -> dict:
    """nx.betweenness_centrality_subset(inc, sources, targets, normalized=False), computed level by level
    with numpy (Brandes' accumulation over the BFS DAG of each source; same values up to float rounding
    in the last bits: path counts are integers, only the order of the dependency sums differs)."""
    order = list(inc)
    index = {v: i for i, v in enumerate(order)}
    adj = inc._adj
    total = _csr_subset_betweenness([[index[w] for w in adj[v]] for v in order], [index[s] for s in sources],
                                    [index[t] for t in targets if t in index])
    return dict(zip(order, total))


def _csr_subset_betweenness(neighbours: list[list[int]], sources: list[int], targets: list[int]) -> list[float]:
    """_subset_betweenness over the graph whose node i has the neighbours neighbours[i] (in that order),
    by node index."""
    import numpy as np  # noqa: PLC0415 - pandas' dependency

    n = len(neighbours)
    if n == 0:
        return []
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, neighbours), dtype=np.int64, count=n), out=indptr[1:])
    indices = np.fromiter(chain.from_iterable(neighbours), dtype=np.int64, count=int(indptr[-1]))
    is_target = np.zeros(n)
    is_target[targets] = 1.0
    total = np.zeros(n)
    for si in sources:
        dist = np.full(n, -1, dtype=np.int64)
        dist[si] = 0
        sigma = np.zeros(n)
        sigma[si] = 1.0
        frontier = np.array([si], dtype=np.int64)
        dag: list[tuple[np.ndarray, np.ndarray]] = []  # (from, to) edges from level L to L+1
        level = 0
        while frontier.size:
            starts = indptr[frontier]
            counts = indptr[frontier + 1] - starts
            size = int(counts.sum())
            if size == 0:
                break
            ends = np.cumsum(counts)
            pos = np.repeat(starts - (ends - counts), counts) + np.arange(size)
            to = indices[pos]
            frm = np.repeat(frontier, counts)
            fresh = to[dist[to] == -1]
            if fresh.size == 0:
                break
            level += 1
            dist[fresh] = level
            keep = dist[to] == level
            frm, to = frm[keep], to[keep]
            sigma += np.bincount(to, weights=sigma[frm], minlength=n)
            dag.append((frm, to))
            frontier = np.unique(fresh)
        delta = np.zeros(n)
        for frm, to in reversed(dag):
            coeff = (delta[to] + is_target[to]) / sigma[to]
            delta += np.bincount(frm, weights=sigma[frm] * coeff, minlength=n)
        delta[si] = 0.0
        total += delta
    if n - 1 >= 2:
        total *= 0.5  # networkx's rescale of undirected, unnormalised subset betweenness
    return total.tolist()


_EXACT_COUNTS = 2.0 ** 53  # path counts below it are integers every sum of which is exact, in any order


def _subset_betweenness_loop(neighbours: list[list[int]], sources: list[int], targets: list[int],
                             rows: tuple[array, array] | None = None) -> list[float]:
    """= _csr_subset_betweenness(neighbours, sources, targets), the same floats, by _subset_dependencies (one
    search and one dependency pass per source over the nodes it reaches, not numpy passes over every node
    per level); by _csr_subset_betweenness itself when a path count reaches 2**53."""
    n = len(neighbours)
    if n == 0:
        return []
    indptr, indices = _csr(neighbours) if rows is None else rows
    is_target = array("d", bytes(8 * n))
    for t in targets:
        is_target[t] = 1.0
    total = _subset_dependencies(indptr, indices, sources, n, is_target)
    if total is None:
        return _csr_subset_betweenness(neighbours, sources, targets)
    if n - 1 >= 2:
        return [b * 0.5 for b in total]
    return total


def _subset_dependencies(indptr: array, indices: array, sources: list[int], n: int, is_target: array
                         ) -> list[float] | None:
    """_csr_subset_betweenness's sums before its halving, with each float operation in its order: there a
    node v one level nearer the source than w gets, per level, numpy's bincount of sigma[v] * coeff[w] over
    the level's edges — a sum from 0.0 of the terms of v's edges in v's neighbour order (a frontier's edges
    are grouped by node) — with coeff[w] = (delta[w] + is_target[w]) / sigma[w]; here that sum is made
    per node, the nodes farthest from the source first. The path counts sigma are added in another order
    (the search's): equal while each is below 2**53 (integers, so every partial sum exact); None past that.
    Compiled, typed arrays (bottlenecks.pxd)."""
    out = array("d", bytes(8 * n))
    total = out  # compiled, a typed view of it
    sigma = array("d", bytes(8 * n))
    coeff = array("d", bytes(8 * n))
    dist = array("q", [-1]) * n
    queue = array("q", bytes(8 * n))
    limit = _EXACT_COUNTS
    for s in sources:
        dist[s] = 0
        sigma[s] = 1.0
        queue[0] = s
        head = 0
        tail = 1
        while head < tail:
            v = queue[head]
            head += 1
            dv = dist[v] + 1
            sv = sigma[v]
            for j in range(indptr[v], indptr[v + 1]):
                w = indices[j]
                if dist[w] < 0:
                    dist[w] = dv
                    queue[tail] = w
                    tail += 1
                if dist[w] == dv:
                    sigma[w] += sv
                    if sigma[w] >= limit:
                        return None
        for i in range(tail - 1, -1, -1):
            v = queue[i]
            dv = dist[v] + 1
            sv = sigma[v]
            acc = 0.0
            for j in range(indptr[v], indptr[v + 1]):
                w = indices[j]
                if dist[w] == dv:
                    acc += sv * coeff[w]
            coeff[v] = (acc + is_target[v]) / sv
            if v != s:
                total[v] += acc
        for i in range(tail):
            v = queue[i]
            dist[v] = -1
            sigma[v] = 0.0
    return out.tolist()


def _csr(neighbours: list[list[int]]) -> tuple[array, array]:
    """The neighbour lists as compressed rows: node i's neighbours are indices[indptr[i]:indptr[i + 1]]."""
    indptr = array("q", bytes(8 * (len(neighbours) + 1)))
    end = 0
    for i, nb in enumerate(neighbours):
        end += len(nb)
        indptr[i + 1] = end
    return indptr, array("q", chain.from_iterable(neighbours))


def _cut_vertices(neighbours: list[list[int]], rows: tuple[array, array] | None = None) -> list[bool]:
    """Articulation points of the simple undirected graph whose node i has the neighbours neighbours[i]
    (= nx.articulation_points): Tarjan's low points, by an iterative depth-first search (_cut_loop).
    `rows`: _csr(neighbours), when at hand."""
    indptr, indices = _csr(neighbours) if rows is None else rows
    return list(map(bool, _cut_loop(indptr, indices, len(neighbours))))


def _cut_loop(indptr: array, indices: array, n: int) -> bytearray:
    """_cut_vertices on compressed rows (_csr), a byte per node (1: a cut vertex): the depth-first search's
    stack and each node's next neighbour to visit held in arrays (compiled, typed: bottlenecks.pxd)."""
    disc = array("q", bytes(8 * n))  # discovery time, from 1 (0: not yet seen)
    low = array("q", bytes(8 * n))
    parent = array("q", [-1]) * n
    nxt = array("q", bytes(8 * n))  # where the search goes on in a node's neighbours
    stack = array("q", bytes(8 * n))
    cut = bytearray(n)
    time = 0
    for root in range(n):
        if disc[root] or indptr[root] == indptr[root + 1]:
            continue
        time += 1
        disc[root] = time
        low[root] = time
        children = 0
        stack[0] = root
        top = 1
        nxt[root] = indptr[root]
        while top:
            v = stack[top - 1]
            descended = False
            while nxt[v] < indptr[v + 1]:  # v's next neighbours, up to the first not seen yet
                w = indices[nxt[v]]
                nxt[v] += 1
                if not disc[w]:
                    parent[w] = v
                    time += 1
                    disc[w] = time
                    low[w] = time
                    nxt[w] = indptr[w]
                    stack[top] = w
                    top += 1
                    if v == root:
                        children += 1
                    descended = True
                    break
                if w != parent[v] and disc[w] < low[v]:
                    low[v] = disc[w]
            if not descended:  # all of v's neighbours seen: back to its parent
                top -= 1
                if top:
                    u = stack[top - 1]
                    if low[v] < low[u]:
                        low[u] = low[v]
                    if u != root and low[v] >= disc[u]:
                        cut[u] = 1
        if children >= 2:
            cut[root] = 1
    return cut


def projection_pairs(members: dict[str, tuple[str, ...]]) -> int:
    """Upper bound of the projection's edge count: Σ k(k-1)/2 over measures naming k agencies."""
    return sum(len(ms) * (len(ms) - 1) // 2 for ms in members.values())


def _build_projection(g: nx.MultiDiGraph, agencies: list[str], members: dict[str, tuple[str, ...]]) -> nx.Graph:
    shared: dict[tuple[str, str], set[str]] = defaultdict(set)
    for mid, named in members.items():
        for a, b in combinations(named, 2):  # `named` is sorted, so a < b
            shared[(a, b)].add(mid)
    proj = nx.Graph()
    for aid in agencies:
        proj.add_node(aid, name=g._node[aid].get("name"), jurisdiction=g._node[aid].get("jurisdiction"))
    for (a, b), ms in sorted(shared.items()):
        proj.add_edge(a, b, weight=len(ms), measures=sorted(ms))
    return proj


def collaboration_projection(g: nx.MultiDiGraph, *, include_collective: bool = False,
                             max_pairs: int | None = MAX_PROJECTION_PAIRS) -> nx.Graph:
    """Agencies as nodes (attr name, jurisdiction), an edge per pair named on the same measure with
    `weight` = shared measures and `measures` = their ids. Collective units (各县区政府, 市直有关部门)
    are left out unless asked: they are not one desk that can be a bottleneck. Raises ValueError when
    the projection would have more than `max_pairs` pairs (None = no bound)."""
    agencies, members = _projection_members(g, include_collective)
    pairs = projection_pairs(members)
    if max_pairs is not None and pairs > max_pairs:
        raise ValueError(f"collaboration projection too large: {pairs} agency pairs (bound {max_pairs})")
    return _build_projection(g, agencies, members)


def _betweenness_sources(candidates: list[str], visits_per_source: int) -> tuple[list[str], bool]:
    """All candidates when an exact computation fits BETWEENNESS_BUDGET, else a fixed-seed sample."""
    k = max(MIN_BETWEENNESS_SOURCES, BETWEENNESS_BUDGET // max(1, visits_per_source))
    if k >= len(candidates):
        return candidates, True
    return sorted(random.Random(BETWEENNESS_SEED).sample(candidates, k)), False


def _projection_figures(agencies: list[str], members: dict[str, tuple[str, ...]]
                        ) -> tuple[dict[str, int], dict[str, int], dict[str, list[str]], list[list[int]]]:
    """The projection's figures without building it (what agency_centrality read from the networkx graph of
    _build_projection): per agency its partners (degree), shared measures over all partners (weighted
    degree: a measure naming k agencies adds k-1), the sorted ids of the measures it shares; and the
    projection's neighbour lists by index in `agencies` — each agency's partners in id order, the order of
    the networkx graph's adjacency (its edges are added in sorted pair order, so a node's neighbours below
    it come first, ascending, then those above it, ascending)."""
    index = {a: i for i, a in enumerate(agencies)}
    co: dict[str, set[str]] = {}
    shared_by: dict[str, list[str]] = {}
    weight: dict[str, int] = dict.fromkeys(agencies, 0)
    for mid, named in members.items():
        k = len(named)
        if k < 2:
            continue
        for a in named:
            got = co.get(a)
            if got is None:
                co[a] = set(named)
                shared_by[a] = [mid]
            else:
                got.update(named)
                shared_by[a].append(mid)
            weight[a] += k - 1
    partners: dict[str, int] = {}
    neighbours: list[list[int]] = []
    for a in agencies:
        got = co.get(a)
        if got is None:
            partners[a] = 0
            neighbours.append([])
            continue
        got.discard(a)
        partners[a] = len(got)
        neighbours.append([index[b] for b in sorted(got)])
    shared = {a: sorted(ms) for a, ms in shared_by.items()}
    return partners, weight, shared, neighbours


def _brandes(indptr: array, indices: array, sources: list[int], n: int) -> list[float]:
    """Σ over `sources` (node indices, in that order) of each one's dependencies δ_s(v) on the simple
    undirected graph whose node i has the neighbours indices[indptr[i]:indptr[i + 1]]: networkx's
    `betweenness_centrality` before its rescale — `_single_source_shortest_path_basic` (a breadth-first
    search from s, in neighbour order, counting shortest paths σ) then `_accumulate_basic` — with each float
    operation done in the same order, so the same floats. networkx's S is the search's queue (a deque pops
    what it appended first); its P[w] lists w's neighbours one level nearer s in the order they were
    popped, and `delta[v] += sigma[v] * coeff` over P[w] updates a different v each time, so reading them
    in w's neighbour order instead changes no sum: each delta[v] still gets its terms from the nodes w one
    level farther in the order S is popped. Only the nodes a source reaches are touched and reset
    (networkx builds P, σ and D over the whole graph per source). Compiled, typed arrays (bottlenecks.pxd)."""
    out = array("d", bytes(8 * n))
    total = out  # compiled, a typed view of it
    sigma = array("d", bytes(8 * n))
    delta = array("d", bytes(8 * n))
    dist = array("q", [-1]) * n
    queue = array("q", bytes(8 * n))
    for s in sources:
        dist[s] = 0
        sigma[s] = 1.0
        queue[0] = s
        head = 0
        tail = 1
        while head < tail:
            v = queue[head]
            head += 1
            dv = dist[v] + 1
            sv = sigma[v]
            for j in range(indptr[v], indptr[v + 1]):
                w = indices[j]
                if dist[w] < 0:
                    dist[w] = dv
                    queue[tail] = w
                    tail += 1
                if dist[w] == dv:
                    sigma[w] += sv
        for i in range(tail - 1, -1, -1):
            w = queue[i]
            coeff = (1.0 + delta[w]) / sigma[w]
            dv = dist[w] - 1
            for j in range(indptr[w], indptr[w + 1]):
                v = indices[j]
                if dist[v] == dv:
                    delta[v] += sigma[v] * coeff
            if w != s:
                total[w] += delta[w]
        for i in range(tail):
            w = queue[i]
            dist[w] = -1
            sigma[w] = 0.0
            delta[w] = 0.0
    return out.tolist()


def _projection_betweenness(agencies: list[str], neighbours: list[list[int]],
                            rows: tuple[array, array] | None = None) -> tuple[dict[str, float], bool]:
    """nx.betweenness_centrality(proj, normalized=True), exact or (past BETWEENNESS_BUDGET) with k sampled
    sources and seed BETWEENNESS_SEED, on the projection given as neighbour lists (_projection_figures): the
    same sources in the same order (networkx's `seed.sample(list(G), k)`), the same sums (_brandes) and
    networkx's `_rescale` (endpoints excluded, undirected, sampled sources scaled apart) — the same floats.
    `rows`: _csr(neighbours), when at hand."""
    n = len(agencies)
    if not n:
        return {}, True
    indptr, indices = _csr(neighbours) if rows is None else rows
    k = len(_betweenness_sources(agencies, n + len(indices) // 2)[0])
    if k >= n:  # networkx: every node a source, in graph order
        raw = _brandes(indptr, indices, list(range(n)), n)
        sampled = None
    else:
        index = {a: i for i, a in enumerate(agencies)}
        sampled = [index[a] for a in random.Random(BETWEENNESS_SEED).sample(agencies, k)]
        raw = _brandes(indptr, indices, sampled, n)
    big_n = n - 1  # networkx's N: pairs (s, t) with v neither (endpoints=False)
    if big_n < 2:
        return dict(zip(agencies, raw)), sampled is None
    if sampled is None:
        scale = 1 / (big_n * (big_n - 1))
        if scale != 1:
            raw = [b * scale for b in raw]
        return dict(zip(agencies, raw)), True
    scale_source = 1 / ((k - 1) * (big_n - 1)) if k > 1 else math.nan
    scale_nonsource = 1 / (k * (big_n - 1))
    is_source = bytearray(n)
    for i in sampled:
        is_source[i] = 1
    return {a: raw[i] * (scale_source if is_source[i] else scale_nonsource) for i, a in enumerate(agencies)}, False


def _hypergraph_figures(agencies: list[str], members: dict[str, tuple[str, ...]]
                        ) -> tuple[dict[str, int], dict[str, int], dict[str, list[str]], dict[str, float], set[str], bool]:
    """Collaboration figures without materialising agency pairs, from the agency–measure incidence
    (measures naming two or more agencies): partners (exact), shared measures (exact: a measure naming k
    agencies adds k-1 to each), measure ids, betweenness over agency endpoints on the incidence graph
    (equal to the projection's when no two agencies share more than one measure; sampled sources when
    large) and articulation points (exact: agencies whose removal separates other agencies).

    The incidence graph is held as neighbour lists by node index: the agencies (in the given order),
    then the measures naming two or more of them (in `members` order); an agency's neighbours are its
    measures in that order, a measure's its agencies in `members` order (the nodes and neighbour orders of
    the networkx graph built from these edges, so the betweenness sums run in the same order)."""
    index = {a: i for i, a in enumerate(agencies)}
    neighbours: list[list[int]] = [[] for _ in agencies]
    shared_by: dict[str, list[str]] = defaultdict(list)
    size: dict[str, int] = {}  # a shared measure's number of agencies
    for mid, named in members.items():
        if len(named) >= 2:
            m = len(neighbours)
            row = [index[a] for a in named]
            neighbours.append(row)
            size[mid] = len(named)
            for a, i in zip(named, row):
                neighbours[i].append(m)
                shared_by[a].append(mid)
    partners: dict[str, int] = {}
    weight: dict[str, int] = {}
    as_set: dict[str, frozenset[str]] = {}  # built once per measure, shared by all its agencies
    for a in agencies:
        ms = shared_by.get(a, ())
        weight[a] = sum(map(size.__getitem__, ms)) - len(ms)
        if len(ms) <= 1:
            partners[a] = size[ms[0]] - 1 if ms else 0
            continue
        # the union of the co-named agencies without copying the largest list (any of them): its size,
        # plus the agencies of the other measures that are not on it
        big = max(ms, key=size.__getitem__)
        largest = as_set.get(big)
        if largest is None:
            largest = as_set[big] = frozenset(members[big])
        extra = {b for m in ms if m != big for b in members[m] if b not in largest}
        partners[a] = len(largest) - 1 + len(extra)
    n = len(agencies)
    edges = sum(size.values())
    sources, exact = _betweenness_sources(agencies, len(neighbours) + edges)
    rows = _csr(neighbours)  # read by both, changed by neither
    raw = _subset_betweenness_loop(neighbours, [index[s] for s in sources], list(range(n)), rows)
    # the subset version counts each unordered pair once when every agency is a source; scale a
    # sample up to all sources, then normalise like nx.betweenness_centrality (pairs of other nodes)
    scale = (n / len(sources) if sources else 0.0) * (1.0 / ((n - 1) * (n - 2) / 2) if n > 2 else 0.0)
    betweenness = {a: raw[i] * scale for i, a in enumerate(agencies)} if raw else dict.fromkeys(agencies, 0.0)
    # an agency is a cut point of the projection when at least two of its blocks (biconnected components
    # of the incidence graph) reach other agencies: every block of an agency does (a block of more than two
    # nodes holds a cycle through another agency; a two-node block is an edge to a measure, which names
    # another agency too), so these are the agencies that are cut vertices of the incidence graph
    cut_at = _cut_vertices(neighbours, rows)
    cut = {a for i, a in enumerate(agencies) if cut_at[i]}
    return partners, weight, {a: sorted(ms) for a, ms in shared_by.items()}, betweenness, cut, exact


def agency_centrality(g: nx.MultiDiGraph, *, include_collective: bool = False,
                      max_pairs: int = MAX_PROJECTION_PAIRS) -> pd.DataFrame:
    """Per agency in the collaboration projection: partners (degree), shared measures over all
    partners (weighted degree), betweenness (normalised, unweighted: how often it sits on the
    shortest path between two other agencies), articulation (its removal disconnects others), and
    the measures it shares with its partners.

    Bounded work: the projection is built only when it has at most `max_pairs` agency pairs, else the
    same figures come from the agency–measure incidence (see _hypergraph_figures); betweenness is
    exact while it fits BETWEENNESS_BUDGET and estimated from fixed-seed sampled sources beyond. How it
    was computed is said in the frame's attrs["note"] ("" when exact on the projection)."""
    agencies, members = _projection_members(g, include_collective)
    pairs = projection_pairs(members)
    notes = []
    if pairs <= max_pairs:  # the projection's figures, without building its networkx graph
        partners, weight, shared, neighbours = _projection_figures(agencies, members)
        rows = _csr(neighbours)  # read by both, changed by neither
        betweenness, exact = _projection_betweenness(agencies, neighbours, rows)
        cut_at = _cut_vertices(neighbours, rows)  # = nx.articulation_points
        cut = {a for i, a in enumerate(agencies) if cut_at[i]}
    else:
        partners, weight, shared, betweenness, cut, exact = _hypergraph_figures(agencies, members)
        notes.append(f"协同网络共有 {pairs} 对单位组合，超过上限 {max_pairs}，未逐对展开："
                     "合作单位数、共担任务数、关键连接点仍为精确值，中介中心度按“单位—任务”关联图计算"
                     "（两单位共担多项任务时与逐对网络略有差异）。")
    if not exact:
        notes.append(f"单位较多，中介中心度为抽样估计（固定随机种子 {BETWEENNESS_SEED}，结果可复现）。")
    rows = [{
        "id": n, "name": g._node[n].get("name"), "jurisdiction": g._node[n].get("jurisdiction"),
        "partners": partners.get(n, 0), "shared_measures": weight.get(n, 0),
        "betweenness": betweenness.get(n, 0.0), "articulation": n in cut,
        "measure_ids": shared.get(n, []),
    } for n in agencies]
    rows.sort(key=_centrality_order)
    frame = pd.DataFrame(rows, columns=["id", "name", "jurisdiction", "partners", "shared_measures",
                                        "betweenness", "articulation", "measure_ids"])
    frame.attrs["note"] = "".join(notes)
    return frame


def _centrality_order(row: dict[str, Any]) -> tuple[float, int, str]:
    """agency_centrality's row order: betweenness (to 9 places) desc, partners desc, id. A betweenness of 0
    (most agencies) is its own rounding, not rounded: round(x, 9) formats and parses x (~3k instructions)."""
    b = row["betweenness"]
    return -round(b, 9) if b else 0.0, -row["partners"], row["id"]


def platform_impact(g: nx.MultiDiGraph) -> pd.DataFrame:
    """Per platform: measures using it, agencies named on those measures (lead or co), plans;
    sorted by agencies touched desc — the platforms whose failure would touch the most agencies."""
    rows = []
    ix = incidence(g)
    node = g._node
    leads_of, co_of = ix.lead_lists().get, ix.co_lists().get
    for pid, p in ix.nodes("Platform"):
        users = ix.users(pid)  # = in_edges(g, pid, "USES_PLATFORM", "Measure")
        ms = sorted({m for m, _ in users})
        # = involved(g, m) of each: its leads and co-units
        agencies = sorted(set().union(*map(leads_of, ms, repeat(())), *map(co_of, ms, repeat(()))))
        sources = sorted({where(e) for _, e in users} - {""})
        rows.append({"id": pid, "name": p.get("name"), "measures": len(ms), "agencies": len(agencies),
                     "plans": len({node[m].get("plan") for m in ms} - {None}),
                     "agency_names": _names(g, agencies), "measure_ids": ms, "sources": sources})
    rows.sort(key=lambda r: (-r["agencies"], -r["measures"], r["id"]))
    return pd.DataFrame(rows, columns=["id", "name", "measures", "agencies", "plans", "agency_names",
                                       "measure_ids", "sources"])


def add_months(date: str, months: int) -> str:
    """ISO date + months, clamped to the month's last day ("2021-12-31" + 2 -> "2022-02-28")."""
    year, month, day = int(date[:4]), int(date[5:7]), int(date[8:10])
    total = year * 12 + (month - 1) + months
    year, month = divmod(total, 12)
    month += 1
    return f"{year:04d}-{month:02d}-{min(day, calendar.monthrange(year, month)[1]):02d}"


def platform_slip(g: nx.MultiDiGraph, platform: str, *, months: int = 1) -> pd.DataFrame:
    """If `platform` (name, id or alias) slips by `months`, every measure using it slips too: one row
    per measure with its deadline, the slipped date, and the lead and co agencies hit. Measures
    without a dated deadline are listed with deadline None (no date to slip, still affected)."""
    rows = []
    for pid, p in nodes(g, "Platform"):
        if not _platform_matches(p, pid, platform):
            continue
        for mid, edge in in_edges(g, pid, "USES_PLATFORM", "Measure"):
            m = g._node[mid]
            date = m.get("deadline")
            rows.append({
                "platform": p.get("name"), "measure_id": mid, "title": m.get("title"),
                "deadline": date, "slipped_to": add_months(date, months) if date else None,
                "leads": _names(g, leads(g, mid)), "co": _names(g, supports(g, mid)),
                "source": edge.get("source"), "line": edge.get("line"),
            })
    rows.sort(key=lambda r: (r["platform"] or "", r["deadline"] or "9999", r["measure_id"]))
    return pd.DataFrame(rows, columns=["platform", "measure_id", "title", "deadline", "slipped_to", "leads",
                                       "co", "source", "line"])


def slip_agencies(slip: pd.DataFrame) -> pd.DataFrame:
    """The agencies hit by a slip (from platform_slip): measures hit as lead and as co-unit."""
    hit: dict[str, dict[str, int]] = defaultdict(lambda: {"as_lead": 0, "as_co": 0})
    for _, row in slip.iterrows():
        for name in row["leads"]:
            hit[name]["as_lead"] += 1
        for name in row["co"]:
            hit[name]["as_co"] += 1
    rows = [{"agency": k, **v, "measures": v["as_lead"] + v["as_co"]} for k, v in hit.items()]
    rows.sort(key=lambda r: (-r["measures"], r["agency"]))
    return pd.DataFrame(rows, columns=["agency", "as_lead", "as_co", "measures"])
