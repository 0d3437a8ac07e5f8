// shared_bottlenecks on LadybugDB (header and meaning: shared_bottlenecks.cypher). Agencies are ranked by
// the measures they co-support, counted per agency id alone first (one cheap pass over SUPPORTS): the
// count of the $limit-th agency is the floor, and only agencies at or above it (ties included, since
// leads break them) have their measures' leads, plans and ids gathered, expanding from those agencies
// (HINT). The MATCH between the WITH … LIMIT and min(): LadybugDB 0.22 ignores the ORDER BY of a
// WITH … LIMIT that an aggregation follows directly. Platforms carry their counts (graph/model.py
// `derive`: n_measures, n_leads, n_plans), so only the ids of the first $limit platforms' measures are
// gathered. Each branch keeps its first $limit rows in the header's order; the runner keeps the first
// $limit of both.
MATCH (x:Agency)-[:SUPPORTS]->(:Measure)
WITH x.id AS xid, count(*) AS n
WHERE n >= $min_measures
WITH xid, n ORDER BY n DESC, xid LIMIT $limit
MATCH (t:Agency)
WHERE t.id = xid
WITH min(n) AS floor
MATCH (y:Agency)-[:SUPPORTS]->(:Measure)
WITH floor, y.id AS aid, count(*) AS n
WHERE n >= floor
MATCH (a:Agency)
WHERE a.id = aid
MATCH (a)-[s:SUPPORTS]->(m:Measure)
HINT (a JOIN s) JOIN m
OPTIONAL MATCH (m)<-[r:LEADS]-(l:Agency)
HINT (m JOIN r) JOIN l
WITH a, count(DISTINCT m) AS measures, count(DISTINCT l) AS leads, count(DISTINCT m.plan) AS plans,
     collect(DISTINCT m.id) AS measure_ids
RETURN 'agency' AS kind, a.id AS id, a.name AS name, measures, leads, plans, measure_ids
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
