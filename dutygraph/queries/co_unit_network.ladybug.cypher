// co_unit_network on LadybugDB (header and meaning: co_unit_network.cypher). Ranked from the agencies'
// derived peaks (graph/model.py `derive`): an agency's peak_shared_after is its largest pair among those
// where it is the agency with the smaller id, its peak_shared its largest pair of all. Each agency's
// peak_shared_after is a distinct pair, so the $limit-th largest is a floor: at least $limit pairs reach it,
// so the first $limit pairs (most shared first) all reach it, and such a pair has a first agency whose
// peak_shared_after and a second whose peak_shared reach it. Only those pairs are counted (every pair when
// fewer than $limit agencies have a pair of at least $min_shared), expanding from the first agencies (HINT:
// looked up again by id, as in deadline_crunch), the second filtered on its peak; names are read for the
// first $limit pairs only. The MATCH between the WITH … LIMIT and min(): LadybugDB 0.22 ignores the ORDER
// BY of a WITH … LIMIT that an aggregation follows directly.
// Peaks not counted (-1 on every agency: a graph of more agency pairs than graph/model.py's budget): no
// agency gives a floor (0), every agency is a candidate, every pair is grouped as the portable query does.
// An agency both leading and co-supporting a measure has two edges to it: (a, b, measure) is made
// distinct before counting. 10k-document synthetic build, CPU on a loaded machine: ~80 ms (106 first
// agencies, 55k agency–measure–agency rows); was ~3.7 s grouping every pair.
MATCH (x:Agency)
WHERE x.peak_shared_after > 0 AND x.peak_shared_after >= $min_shared
WITH x.id AS xid, x.peak_shared_after AS peak ORDER BY peak DESC, xid LIMIT $limit
MATCH (t:Agency)
WHERE t.id = xid
WITH CASE WHEN count(*) < $limit THEN 0 ELSE min(peak) END AS floor
MATCH (y:Agency)
WHERE y.peak_shared_after < 0
   OR (y.peak_shared_after > 0 AND y.peak_shared_after >= $min_shared AND y.peak_shared_after >= floor)
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
