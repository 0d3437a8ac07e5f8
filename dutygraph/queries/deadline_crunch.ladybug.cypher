// deadline_crunch on LadybugDB (header and meaning: deadline_crunch.cypher). Two branches, one of which is
// empty for any parameters (each guarded on $year in its first clause), and each costs next to nothing
// when it is:
// 1. every year: agencies carry their busiest month's count (derived peak_due, graph/model.py `derive`).
//    The $limit-th largest peak is a floor: at least $limit cells reach it, so the first $limit cells
//    (most due first) all reach it and come from agencies whose peak does (and reaches $min_due). Only
//    those agencies' cells are counted (every agency's when fewer than $limit agencies have a dated lead).
//    (The MATCH between the WITH … LIMIT and min(): LadybugDB 0.22 ignores the ORDER BY of a WITH … LIMIT
//    that an aggregation follows directly.) Those agencies are looked up again by id (a.id = aid) and the
//    hint expands from them: matched as a node carried over by a WITH, or without the hint, LadybugDB
//    hash-joins them to the join of every agency's led measures and their deadlines, and builds that join
//    even when the branch is empty (for one year: the aggregation over no rows still gives a floor, so the
//    agencies' MATCH repeats the guard).
// 2. one year: from that year's deadlines, every (agency id, month, measure) made distinct once (by
//    scalars, not the agency node and its properties), then counted and collected without DISTINCT; the
//    first $limit cells get their agency's name.
// Rows come unordered within the kept ones (the runner sorts by the header's order). 10k-document
// synthetic build, CPU: every year ~40 ms (was ~0.17 s hash-joining every agency's cells); one year ~70 ms,
// ~130 ms with limit 0 (was ~0.17 s and ~0.24 s while the every-year branch built its join).
MATCH (x:Agency)
WHERE $year = 0 AND x.peak_due > 0 AND x.peak_due >= $min_due
WITH x.id AS xid, x.peak_due AS peak ORDER BY peak DESC, xid LIMIT $limit
MATCH (t:Agency)
WHERE t.id = xid
WITH CASE WHEN count(*) < $limit THEN 0 ELSE min(peak) END AS floor
MATCH (y:Agency)
WHERE $year = 0 AND y.peak_due > 0 AND y.peak_due >= $min_due AND y.peak_due >= floor
WITH floor, y.id AS aid
MATCH (a:Agency)
WHERE a.id = aid
MATCH (a)-[l:LEADS]->(m:Measure)-[u:DUE]->(d:Deadline)
WHERE d.date = m.deadline
HINT (((a JOIN l) JOIN m) JOIN u) JOIN d
WITH DISTINCT floor, a, d.month AS month, m.id AS measure_id
WITH floor, a, month, collect(measure_id) AS measure_ids, count(*) AS due
WHERE due >= $min_due AND due >= floor
RETURN month, a.id AS agency_id, a.name AS agency, due, measure_ids
ORDER BY due DESC, month, agency_id
LIMIT $limit
UNION ALL
MATCH (d:Deadline)
WHERE $year <> 0 AND d.year = $year
MATCH (a:Agency)-[:LEADS]->(m:Measure)-[:DUE]->(d)
WHERE d.date = m.deadline
WITH DISTINCT a.id AS agency_id, d.month AS month, m.id AS measure_id
WITH agency_id, month, collect(measure_id) AS measure_ids, count(*) AS due
WHERE due >= $min_due
WITH agency_id, month, measure_ids, due
ORDER BY due DESC, month, agency_id
LIMIT $limit
MATCH (a:Agency)
WHERE a.id = agency_id
RETURN month, agency_id, a.name AS agency, due, measure_ids
