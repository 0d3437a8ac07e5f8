// co_unit_network on LadybugDB (header and meaning: co_unit_network.cypher). Two branches, one of which is
// empty for any graph (each guarded in its first clause on the agencies' derived peaks):
// 1. peaks counted (graph/model.py `derive`: an agency's peak_shared_after is its largest pair among those
//    where it is the agency with the smaller id, its peak_shared its largest pair of all). Each agency's
//    peak_shared_after is a distinct pair, so the $limit-th largest is a floor: at least $limit pairs reach
//    it, so the first $limit pairs (most shared first) all reach it, and such a pair has a first agency
//    whose peak_shared_after and a second whose peak_shared reach it. Only those pairs are counted (every
//    pair when fewer than $limit agencies have a pair of at least $min_shared), expanding from the first
//    agencies (HINT: looked up again by id, as in deadline_crunch), the second filtered on its peak. The
//    MATCH between the WITH … LIMIT and min(): LadybugDB 0.22 ignores the ORDER BY of a WITH … LIMIT that
//    an aggregation follows directly.
// 2. peaks not counted (-1: a graph of more agency pairs than graph/model.py's budget): every pair grouped,
//    as the portable query does; it starts from the agencies marked -1, so it reads nothing when there
//    are none.
// An agency both leading and co-supporting a measure has two edges to it: (a, b, measure) is made
// distinct before counting. 10k-document synthetic build: ~2.9 s before (every pair grouped).
MATCH (x:Agency)
WHERE x.peak_shared_after > 0 AND x.peak_shared_after >= $min_shared
WITH x.id AS xid, x.peak_shared_after AS peak ORDER BY peak DESC, xid LIMIT $limit
MATCH (t:Agency)
WHERE t.id = xid
WITH CASE WHEN count(*) < $limit THEN 0 ELSE min(peak) END AS floor
MATCH (y:Agency)
WHERE y.peak_shared_after > 0 AND y.peak_shared_after >= $min_shared AND y.peak_shared_after >= floor
WITH floor, y.id AS yid
MATCH (a:Agency)
WHERE a.id = yid
MATCH (a)-[r:LEADS|SUPPORTS]->(m:Measure)<-[s:LEADS|SUPPORTS]-(b:Agency)
WHERE a.id < b.id AND b.peak_shared >= floor AND b.peak_shared >= $min_shared
HINT (((a JOIN r) JOIN m) JOIN s) JOIN b
WITH DISTINCT floor, a.id AS agency_a_id, a.name AS agency_a, b.id AS agency_b_id, b.name AS agency_b,
     m.id AS measure_id, m.plan AS plan
WITH floor, agency_a_id, agency_a, agency_b_id, agency_b, count(*) AS shared, count(DISTINCT plan) AS plans
WHERE shared >= $min_shared AND shared >= floor
RETURN agency_a_id, agency_a, agency_b_id, agency_b, shared, plans
ORDER BY shared DESC, agency_a_id, agency_b_id
LIMIT $limit
UNION ALL
MATCH (a:Agency)
WHERE a.peak_shared_after < 0
MATCH (a)-[r:LEADS|SUPPORTS]->(m:Measure)<-[s:LEADS|SUPPORTS]-(b:Agency)
WHERE a.id < b.id
HINT (((a JOIN r) JOIN m) JOIN s) JOIN b
WITH DISTINCT a.id AS agency_a_id, a.name AS agency_a, b.id AS agency_b_id, b.name AS agency_b,
     m.id AS measure_id, m.plan AS plan
WITH agency_a_id, agency_a, agency_b_id, agency_b, count(*) AS shared, count(DISTINCT plan) AS plans
WHERE shared >= $min_shared
RETURN agency_a_id, agency_a, agency_b_id, agency_b, shared, plans
ORDER BY shared DESC, agency_a_id, agency_b_id
LIMIT $limit
