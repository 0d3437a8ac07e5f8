// platform_dependents on LadybugDB (header and meaning: platform_dependents.cypher). Starts from the
// platforms the parameter selects, and keeps only those whose rows can be among the first $limit: a
// platform's rows come after those of every platform with a smaller name, whose number is the sum of
// their derived n_measures (graph/model.py `derive`: their USES_PLATFORM edges, one row each), so a
// platform with $limit rows or more before it is left out (a platform without a name is kept). The first
// $limit (platform, measure id) pairs are picked from the rest by scalars (the measure looked up again by
// id afterwards), then its leads and co-units are grouped by scalar columns plus the measure.
// 10k-document synthetic build: every platform ~16 ms of CPU (was ~86 ms sorting every platform's rows).
MATCH (p:Platform)
WHERE ($platform = '' OR p.name = $platform OR p.id = $platform OR $platform IN p.aliases) AND p.n_measures > 0
OPTIONAL MATCH (q:Platform)
WHERE ($platform = '' OR q.name = $platform OR q.id = $platform OR $platform IN q.aliases) AND q.name < p.name
WITH p.id AS pid, coalesce(sum(q.n_measures), 0) AS before
WHERE before < $limit
MATCH (p:Platform)
WHERE p.id = pid
MATCH (m:Measure)-[u:USES_PLATFORM]->(p)
HINT (p JOIN u) JOIN m
WITH p.name AS platform, u.source AS source, u.line AS line, u.mention AS mention, m.id AS mid
ORDER BY platform, mid
LIMIT $limit
MATCH (m:Measure)
WHERE m.id = mid
OPTIONAL MATCH (m)<-[:LEADS]-(a:Agency)
WITH platform, source, line, mention, m, collect(DISTINCT a.name) AS leads
OPTIONAL MATCH (m)<-[:SUPPORTS]-(c:Agency)
WITH platform, source, line, mention, m, leads, collect(DISTINCT c.name) AS co
RETURN platform, m.id AS measure_id, m.plan AS plan, m.number AS number, m.title AS title,
       leads, co, source, line, mention
