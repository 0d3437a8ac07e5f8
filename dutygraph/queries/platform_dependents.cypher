// name: platform_dependents
// title_zh: 依赖某平台的任务
// title_en: Measures that depend on a platform, and whose they are
// param: platform = "" | canonical platform name or alias ("赣服通", "一网通办") or id; "" = every platform
// param: limit = 100 | at most this many rows, the first in the order below; 0 = every row
// order: platform, measure_id
// answers: One row per (platform, measure using it): the measure's plan, number and title, its lead
//   and co-units (canonical names), and where the platform was mentioned (source, line, mention as
//   printed). Answers "if 赣服通 is down or late, whose work is affected".
MATCH (m:Measure)-[u:USES_PLATFORM]->(p:Platform)
WHERE $platform = '' OR p.name = $platform OR p.id = $platform OR $platform IN p.aliases
WITH p, u, m
ORDER BY p.name, m.id
LIMIT $limit
OPTIONAL MATCH (m)<-[:LEADS]-(a:Agency)
WITH p, u, m, collect(DISTINCT a.name) AS leads
OPTIONAL MATCH (m)<-[:SUPPORTS]-(c:Agency)
WITH p, u, m, leads, collect(DISTINCT c.name) AS co
RETURN p.name AS platform, m.id AS measure_id, m.plan AS plan, m.number AS number, m.title AS title,
       leads, co, u.source AS source, u.line AS line, u.mention AS mention
ORDER BY platform, measure_id
