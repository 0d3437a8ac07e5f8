// shared_bottlenecks on LadybugDB (header and meaning: shared_bottlenecks.cypher). Agencies carry their
// whole row but the ids (graph/model.py `derive`: n_supports, their SUPPORTS edges, one per measure;
// n_support_leads and n_support_plans, the distinct leads and plans of those measures), platforms theirs
// (n_measures, n_leads, n_plans): each branch ranks by them, keeps its first $limit rows in the header's
// order, looks those up again by id (agencies; HINT: after the WITH … LIMIT LadybugDB would otherwise
// hash-join every SUPPORTS edge) and gathers only their measures' ids. The runner keeps the first $limit
// of both. 10k-document synthetic build, CPU: agencies ~15 ms (was ~60 ms gathering the leads and plans of
// the agencies at or above the $limit-th n_supports; two passes over every SUPPORTS edge before that).
MATCH (x:Agency)
WHERE x.n_supports > 0 AND x.n_supports >= $min_measures
WITH x.id AS xid ORDER BY x.n_supports DESC, x.n_support_leads DESC, xid LIMIT $limit
MATCH (a:Agency)
WHERE a.id = xid
MATCH (a)-[s:SUPPORTS]->(m:Measure)
HINT (a JOIN s) JOIN m
WITH a.id AS id, a.name AS name, a.n_supports AS measures, a.n_support_leads AS leads, a.n_support_plans AS plans,
     collect(m.id) AS measure_ids
RETURN 'agency' AS kind, id, name, measures, leads, plans, measure_ids
UNION ALL
MATCH (p:Platform)
WHERE p.n_measures > 0 AND p.n_measures >= $min_measures
WITH p ORDER BY p.n_measures DESC, p.n_leads DESC, p.id LIMIT $limit
MATCH (m:Measure)-[u:USES_PLATFORM]->(p)
HINT (p JOIN u) JOIN m
WITH p.id AS id, p.name AS name, p.n_measures AS measures, p.n_leads AS leads, p.n_plans AS plans,
     collect(m.id) AS measure_ids
RETURN 'platform' AS kind, id, name, measures, leads, plans, measure_ids
