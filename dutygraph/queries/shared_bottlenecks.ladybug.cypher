// shared_bottlenecks on LadybugDB (header and meaning: shared_bottlenecks.cypher). Agencies are ranked by
// the measures they co-support, their derived n_supports (graph/model.py `derive`: their SUPPORTS edges,
// one per measure): the count of the $limit-th agency is the floor, and only agencies at or above it (ties
// included, since leads break them) have their measures' leads, plans and ids gathered, expanding from
// those agencies (HINT: looked up again by id, as in deadline_crunch). The MATCH between the WITH … LIMIT
// and min(): LadybugDB 0.22 ignores the ORDER BY of a WITH … LIMIT that an aggregation follows directly.
// Platforms carry their counts (graph/model.py `derive`: n_measures, n_leads, n_plans), so only the ids of
// the first $limit platforms' measures are gathered. Each branch keeps its first $limit rows in the
// header's order; the runner keeps the first $limit of both. Rows are grouped by scalars (the agency's id
// and name), not by the node. 10k-document synthetic build: the agencies' floor was two passes over every
// SUPPORTS edge.
MATCH (x:Agency)
WHERE x.n_supports > 0 AND x.n_supports >= $min_measures
WITH x.id AS xid, x.n_supports AS n ORDER BY n DESC, xid LIMIT $limit
MATCH (t:Agency)
WHERE t.id = xid
WITH CASE WHEN count(*) < $limit THEN 0 ELSE min(n) END AS floor
MATCH (y:Agency)
WHERE y.n_supports > 0 AND y.n_supports >= $min_measures AND y.n_supports >= floor
WITH y.id AS aid
MATCH (a:Agency)
WHERE a.id = aid
MATCH (a)-[s:SUPPORTS]->(m:Measure)
HINT (a JOIN s) JOIN m
OPTIONAL MATCH (m)<-[r:LEADS]-(l:Agency)
HINT (m JOIN r) JOIN l
WITH a.id AS id, a.name AS name, count(DISTINCT m.id) AS measures, count(DISTINCT l) AS leads,
     count(DISTINCT m.plan) AS plans, collect(DISTINCT m.id) AS measure_ids
RETURN 'agency' AS kind, id, name, measures, leads, plans, measure_ids
ORDER BY measures DESC, leads DESC, id
LIMIT $limit
UNION ALL
MATCH (p:Platform)
WHERE p.n_measures > 0 AND p.n_measures >= $min_measures
WITH p ORDER BY p.n_measures DESC, p.n_leads DESC, p.id LIMIT $limit
MATCH (m:Measure)-[u:USES_PLATFORM]->(p)
HINT (p JOIN u) JOIN m
WITH p.id AS id, p.name AS name, p.n_measures AS measures, p.n_leads AS leads, p.n_plans AS plans,
     collect(m.id) AS measure_ids
RETURN 'platform' AS kind, id, name, measures, leads, plans, measure_ids
