// co_unit_network on LadybugDB (header and meaning: co_unit_network.cypher). Ranked from the agencies'
// derived peaks (graph/model.py `derive`): an agency's peak_shared_after is its largest pair among those
// where it is the agency with the smaller id, its peak_shared its largest pair of all. Each agency's
// peak_shared_after is a distinct pair, so the $limit-th largest is a floor: at least $limit pairs reach it,
// so the first $limit pairs (most shared first) all reach it, and such a pair has a first agency whose
// peak_shared_after and a second whose peak_shared reach it (every pair of at least $min_shared when fewer
// than $limit agencies have one: floor 0). The MATCH between the WITH … LIMIT and min(): LadybugDB 0.22
// ignores the ORDER BY of a WITH … LIMIT that an aggregation follows directly. Two branches, one of which
// has no candidate agency for any parameters (the same floor, then complementary conditions):
// 1. the pairs needed (at least the floor and $min_shared) are all listed: the derived top_pairs of each
//    agency hold its pairs (as first agency) of at least top_pairs_min shared measures ("shared;plans;
//    other id"; top_pairs_min is the same on every agency, 0 when not counted). The first agencies' lists
//    are unwound and parsed (the other id is what follows the second ';': an id may hold ';'), no edge read.
// 2. otherwise (a limit or a min_shared reaching below the listed pairs, e.g. limit 0 on a large graph, or
//    peaks not counted): the pairs are counted from the edges, expanding from the first agencies (HINT:
//    looked up again by id, as in deadline_crunch), the second filtered on its peak. Peaks not counted (-1
//    on every agency: a graph of more agency pairs than graph/model.py's budget): no agency gives a floor
//    (0), every agency is a candidate, every pair is grouped as the portable query does. An agency both
//    leading and co-supporting a measure has two edges to it: (a, b, measure) is made distinct first.
// In both, names are read for the first $limit pairs only. 10k-document synthetic build, CPU: ~25 ms from
// the lists for the top 100 (114 pairs of at least 60 measures; the lists hold the 4,885 pairs of at least
// 23: any limit up to ~2,400 is read from them, ~55 ms for 2,000 pairs); the counting branch took ~75 ms
// for the top 100 (106 first agencies, 55k agency–measure–agency rows) and takes ~3.7 s for every pair.
MATCH (x:Agency)
WHERE x.peak_shared_after > 0 AND x.peak_shared_after >= $min_shared
WITH x.id AS xid, x.peak_shared_after AS peak ORDER BY peak DESC, xid LIMIT $limit
MATCH (t:Agency)
WHERE t.id = xid
WITH CASE WHEN count(*) < $limit THEN 0 ELSE min(peak) END AS floor
MATCH (y:Agency)
WHERE y.top_pairs_min > 0 AND (floor >= y.top_pairs_min OR $min_shared >= y.top_pairs_min)
  AND y.peak_shared_after > 0 AND y.peak_shared_after >= $min_shared AND y.peak_shared_after >= floor
UNWIND y.top_pairs AS entry
WITH floor, y.id AS agency_a_id, entry, split_part(entry, ';', 1) AS s, split_part(entry, ';', 2) AS p
WITH floor, agency_a_id, cast(s AS INT64) AS shared, cast(p AS INT64) AS plans,
     substring(entry, size(s) + size(p) + 3, size(entry)) AS agency_b_id
WHERE shared >= $min_shared AND shared >= floor
WITH agency_a_id, agency_b_id, shared, plans
ORDER BY shared DESC, agency_a_id, agency_b_id
LIMIT $limit
MATCH (a:Agency)
WHERE a.id = agency_a_id
WITH a.name AS agency_a, agency_a_id, agency_b_id, shared, plans
MATCH (b:Agency)
WHERE b.id = agency_b_id
RETURN agency_a_id, agency_a, agency_b_id, b.name AS agency_b, shared, plans
UNION ALL
MATCH (x:Agency)
WHERE x.peak_shared_after > 0 AND x.peak_shared_after >= $min_shared
WITH x.id AS xid, x.peak_shared_after AS peak ORDER BY peak DESC, xid LIMIT $limit
MATCH (t:Agency)
WHERE t.id = xid
WITH CASE WHEN count(*) < $limit THEN 0 ELSE min(peak) END AS floor
MATCH (y:Agency)
WHERE NOT (y.top_pairs_min > 0 AND (floor >= y.top_pairs_min OR $min_shared >= y.top_pairs_min))
  AND (y.peak_shared_after < 0
       OR (y.peak_shared_after > 0 AND y.peak_shared_after >= $min_shared AND y.peak_shared_after >= floor))
WITH floor, y.id AS yid
MATCH (a:Agency)
WHERE a.id = yid
MATCH (a)-[r:LEADS|SUPPORTS]->(m:Measure)<-[s:LEADS|SUPPORTS]-(b:Agency)
WHERE a.id < b.id AND (b.peak_shared < 0 OR (b.peak_shared >= floor AND b.peak_shared >= $min_shared))
HINT (((a JOIN r) JOIN m) JOIN s) JOIN b
WITH DISTINCT floor, a.id AS agency_a_id, b.id AS agency_b_id, m.id AS measure_id, m.plan AS plan
WITH floor, agency_a_id, agency_b_id, count(*) AS shared, count(DISTINCT plan) AS plans
WHERE shared >= $min_shared AND shared >= floor
WITH agency_a_id, agency_b_id, shared, plans
ORDER BY shared DESC, agency_a_id, agency_b_id
LIMIT $limit
MATCH (a:Agency)
WHERE a.id = agency_a_id
WITH a.name AS agency_a, agency_a_id, agency_b_id, shared, plans
MATCH (b:Agency)
WHERE b.id = agency_b_id
RETURN agency_a_id, agency_a, agency_b_id, b.name AS agency_b, shared, plans
