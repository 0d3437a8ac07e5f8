// agency_portfolio on LadybugDB (header and meaning: agency_portfolio.cypher). Platforms are collected once
// per measure before the agencies are matched: grouping every (agency, relationship, measure) row with
// its properties filled a 1 GB buffer pool on the 10k-document synthetic build (600k rows: now ~7 s,
// mostly turning rows into Python values; one agency: ~0.1 s).
MATCH (m:Measure)
OPTIONAL MATCH (m)-[:USES_PLATFORM]->(p:Platform)
WITH m, collect(DISTINCT p.name) AS platforms
MATCH (a:Agency)-[l:LEADS]->(m)
WHERE $agency = '' OR a.id = $agency OR a.name = $agency
RETURN a.id AS agency_id, a.name AS agency,
       CASE WHEN l.inherited = true THEN 'lead (inherited)' ELSE 'lead' END AS role,
       m.id AS measure_id, m.plan AS plan, m.number AS number, m.title AS title,
       m.deadline AS deadline, platforms, l.source AS source, l.line AS line, l.mention AS mention
UNION ALL
MATCH (m:Measure)
OPTIONAL MATCH (m)-[:USES_PLATFORM]->(p:Platform)
WITH m, collect(DISTINCT p.name) AS platforms
MATCH (a:Agency)-[s:SUPPORTS]->(m)
WHERE $agency = '' OR a.id = $agency OR a.name = $agency
RETURN a.id AS agency_id, a.name AS agency, 'co' AS role,
       m.id AS measure_id, m.plan AS plan, m.number AS number, m.title AS title,
       m.deadline AS deadline, platforms, s.source AS source, s.line AS line, s.mention AS mention
