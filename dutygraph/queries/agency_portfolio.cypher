// name: agency_portfolio
// title_zh: 单位任务清单
// title_en: Everything one agency carries
// param: agency = "" | the agency's id ("agency:…") or canonical name ("赣州市行政审批局"); "" = every agency
// param: limit = 100 | at most this many rows, the first in the order below; 0 = every row
// order: agency_id, role, measure_id
// answers: One row per measure the agency leads (role "lead", or "lead (inherited)" when the lead
//   was taken from a section heading) or co-supports (role "co"), with the measure's plan, number,
//   title, its deadline date, the platforms it depends on, and where the responsibility was
//   printed (source file and line, mention as printed).
MATCH (a:Agency)-[l:LEADS]->(m:Measure)
WHERE $agency = '' OR a.id = $agency OR a.name = $agency
WITH a, l, m
ORDER BY a.id, CASE WHEN l.inherited = true THEN 'lead (inherited)' ELSE 'lead' END, m.id
LIMIT $limit
OPTIONAL MATCH (m)-[:USES_PLATFORM]->(p:Platform)
WITH a, l, m, collect(DISTINCT p.name) AS platforms
RETURN a.id AS agency_id, a.name AS agency,
       CASE WHEN l.inherited = true THEN 'lead (inherited)' ELSE 'lead' END AS role,
       m.id AS measure_id, m.plan AS plan, m.number AS number, m.title AS title,
       m.deadline AS deadline, platforms, l.source AS source, l.line AS line, l.mention AS mention
UNION ALL
MATCH (a:Agency)-[s:SUPPORTS]->(m:Measure)
WHERE $agency = '' OR a.id = $agency OR a.name = $agency
WITH a, s, m
ORDER BY a.id, m.id
LIMIT $limit
OPTIONAL MATCH (m)-[:USES_PLATFORM]->(p:Platform)
WITH a, s, m, collect(DISTINCT p.name) AS platforms
RETURN a.id AS agency_id, a.name AS agency, 'co' AS role,
       m.id AS measure_id, m.plan AS plan, m.number AS number, m.title AS title,
       m.deadline AS deadline, platforms, s.source AS source, s.line AS line, s.mention AS mention
