// agency_portfolio on LadybugDB (header and meaning: agency_portfolio.cypher). Starts from the agency
// the parameter names, and groups platforms by the returned scalar columns plus the measure: grouping
// by (agency, relationship, measure) nodes carried every property (measure texts) into the grouping
// and filled a 1 GB buffer pool on the 10k-document synthetic build. One agency: ~40 ms CPU (was
// ~75-95 ms when every measure's platforms were collected first); every agency: 600k rows, several
// seconds, mostly turning rows into Python values.
MATCH (a:Agency)
WHERE $agency = '' OR a.id = $agency OR a.name = $agency
MATCH (a)-[l:LEADS]->(m:Measure)
OPTIONAL MATCH (m)-[:USES_PLATFORM]->(p:Platform)
WITH a.id AS agency_id, a.name AS agency, l.inherited AS inherited, m.id AS measure_id,
     l.source AS source, l.line AS line, l.mention AS mention, m, collect(DISTINCT p.name) AS platforms
RETURN agency_id, agency, CASE WHEN inherited = true THEN 'lead (inherited)' ELSE 'lead' END AS role,
       measure_id, m.plan AS plan, m.number AS number, m.title AS title,
       m.deadline AS deadline, platforms, source, line, mention
UNION ALL
MATCH (a:Agency)
WHERE $agency = '' OR a.id = $agency OR a.name = $agency
MATCH (a)-[s:SUPPORTS]->(m:Measure)
OPTIONAL MATCH (m)-[:USES_PLATFORM]->(p:Platform)
WITH a.id AS agency_id, a.name AS agency, m.id AS measure_id,
     s.source AS source, s.line AS line, s.mention AS mention, m, collect(DISTINCT p.name) AS platforms
RETURN agency_id, agency, 'co' AS role,
       measure_id, m.plan AS plan, m.number AS number, m.title AS title,
       m.deadline AS deadline, platforms, source, line, mention
