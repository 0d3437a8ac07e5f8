// agency_portfolio on LadybugDB (header and meaning: agency_portfolio.cypher). Each branch starts from the
// agencies the parameter names, or (every agency) from the first $limit agencies by id that are named
// for any measure: the first $limit rows in (agency_id, role, measure_id) order come from them. Only
// rows whose measure uses a platform are grouped (to collect the platform names), after the branch's
// first $limit rows are picked; the rest carry an empty list and are not grouped at all: grouping every
// (agency, relationship, measure) row filled a 1 GB buffer pool on the 10k-document synthetic build
// (the node keys carry their properties, measure texts included). The runner keeps the first $limit
// rows of the four branches.
MATCH (a:Agency)
WHERE ($agency = '' OR a.id = $agency OR a.name = $agency) AND EXISTS { MATCH (a)-[:LEADS|SUPPORTS]->(:Measure) }
WITH a ORDER BY a.id LIMIT $limit
MATCH (a)-[l:LEADS]->(m:Measure)
WHERE EXISTS { MATCH (m)-[:USES_PLATFORM]->(:Platform) }
WITH a, l, m ORDER BY a.id, CASE WHEN l.inherited = true THEN 'lead (inherited)' ELSE 'lead' END, m.id LIMIT $limit
MATCH (m)-[:USES_PLATFORM]->(p:Platform)
WITH a, l, m, collect(p.name) AS platforms
RETURN a.id AS agency_id, a.name AS agency,
       CASE WHEN l.inherited = true THEN 'lead (inherited)' ELSE 'lead' END AS role,
       m.id AS measure_id, m.plan AS plan, m.number AS number, m.title AS title,
       m.deadline AS deadline, platforms, l.source AS source, l.line AS line, l.mention AS mention
UNION ALL
MATCH (a:Agency)
WHERE ($agency = '' OR a.id = $agency OR a.name = $agency) AND EXISTS { MATCH (a)-[:LEADS|SUPPORTS]->(:Measure) }
WITH a ORDER BY a.id LIMIT $limit
MATCH (a)-[l:LEADS]->(m:Measure)
WHERE NOT EXISTS { MATCH (m)-[:USES_PLATFORM]->(:Platform) }
RETURN a.id AS agency_id, a.name AS agency,
       CASE WHEN l.inherited = true THEN 'lead (inherited)' ELSE 'lead' END AS role,
       m.id AS measure_id, m.plan AS plan, m.number AS number, m.title AS title,
       m.deadline AS deadline, CAST([] AS STRING[]) AS platforms, l.source AS source, l.line AS line, l.mention AS mention
ORDER BY agency_id, role, measure_id LIMIT $limit
UNION ALL
MATCH (a:Agency)
WHERE ($agency = '' OR a.id = $agency OR a.name = $agency) AND EXISTS { MATCH (a)-[:LEADS|SUPPORTS]->(:Measure) }
WITH a ORDER BY a.id LIMIT $limit
MATCH (a)-[s:SUPPORTS]->(m:Measure)
WHERE EXISTS { MATCH (m)-[:USES_PLATFORM]->(:Platform) }
WITH a, s, m ORDER BY a.id, m.id LIMIT $limit
MATCH (m)-[:USES_PLATFORM]->(p:Platform)
WITH a, s, m, collect(p.name) AS platforms
RETURN a.id AS agency_id, a.name AS agency, 'co' AS role,
       m.id AS measure_id, m.plan AS plan, m.number AS number, m.title AS title,
       m.deadline AS deadline, platforms, s.source AS source, s.line AS line, s.mention AS mention
UNION ALL
MATCH (a:Agency)
WHERE ($agency = '' OR a.id = $agency OR a.name = $agency) AND EXISTS { MATCH (a)-[:LEADS|SUPPORTS]->(:Measure) }
WITH a ORDER BY a.id LIMIT $limit
MATCH (a)-[s:SUPPORTS]->(m:Measure)
WHERE NOT EXISTS { MATCH (m)-[:USES_PLATFORM]->(:Platform) }
RETURN a.id AS agency_id, a.name AS agency, 'co' AS role,
       m.id AS measure_id, m.plan AS plan, m.number AS number, m.title AS title,
       m.deadline AS deadline, CAST([] AS STRING[]) AS platforms, s.source AS source, s.line AS line, s.mention AS mention
ORDER BY agency_id, measure_id LIMIT $limit
