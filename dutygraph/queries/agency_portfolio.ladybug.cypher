// agency_portfolio on LadybugDB (header and meaning: agency_portfolio.cypher). Starts from the agency
// the parameter names. Only rows whose measure uses a platform are grouped (to collect the platform
// names); the rest carry an empty list and are not grouped at all: grouping every (agency,
// relationship, measure) row filled a 1 GB buffer pool on the 10k-document synthetic build (the node
// keys carry their properties, measure texts included). 10k build, CPU: one agency ~35 ms (was
// ~50-95 ms, when every measure's platforms were collected first); every agency (600k rows) ~7.5 s
// as before, mostly turning rows into Python values; it fits the default 1 GB pool.
MATCH (a:Agency)
WHERE $agency = '' OR a.id = $agency OR a.name = $agency
MATCH (a)-[l:LEADS]->(m:Measure)-[:USES_PLATFORM]->(p:Platform)
WITH a, l, m, collect(p.name) AS platforms
RETURN a.id AS agency_id, a.name AS agency,
       CASE WHEN l.inherited = true THEN 'lead (inherited)' ELSE 'lead' END AS role,
       m.id AS measure_id, m.plan AS plan, m.number AS number, m.title AS title,
       m.deadline AS deadline, platforms, l.source AS source, l.line AS line, l.mention AS mention
UNION ALL
MATCH (a:Agency)
WHERE $agency = '' OR a.id = $agency OR a.name = $agency
MATCH (a)-[l:LEADS]->(m:Measure)
WHERE NOT EXISTS { MATCH (m)-[:USES_PLATFORM]->(:Platform) }
RETURN a.id AS agency_id, a.name AS agency,
       CASE WHEN l.inherited = true THEN 'lead (inherited)' ELSE 'lead' END AS role,
       m.id AS measure_id, m.plan AS plan, m.number AS number, m.title AS title,
       m.deadline AS deadline, CAST([] AS STRING[]) AS platforms, l.source AS source, l.line AS line, l.mention AS mention
UNION ALL
MATCH (a:Agency)
WHERE $agency = '' OR a.id = $agency OR a.name = $agency
MATCH (a)-[s:SUPPORTS]->(m:Measure)-[:USES_PLATFORM]->(p:Platform)
WITH a, s, m, collect(p.name) AS platforms
RETURN a.id AS agency_id, a.name AS agency, 'co' AS role,
       m.id AS measure_id, m.plan AS plan, m.number AS number, m.title AS title,
       m.deadline AS deadline, platforms, s.source AS source, s.line AS line, s.mention AS mention
UNION ALL
MATCH (a:Agency)
WHERE $agency = '' OR a.id = $agency OR a.name = $agency
MATCH (a)-[s:SUPPORTS]->(m:Measure)
WHERE NOT EXISTS { MATCH (m)-[:USES_PLATFORM]->(:Platform) }
RETURN a.id AS agency_id, a.name AS agency, 'co' AS role,
       m.id AS measure_id, m.plan AS plan, m.number AS number, m.title AS title,
       m.deadline AS deadline, CAST([] AS STRING[]) AS platforms, s.source AS source, s.line AS line, s.mention AS mention
