// platform_dependents on LadybugDB (header and meaning: platform_dependents.cypher). Starts from the
// platform the parameter selects, picks the first $limit (platform, measure) pairs before anything is
// grouped, then groups leads/co-units by scalar columns plus the measure (not by the platform and edge,
// whose properties would be carried through the grouping).
MATCH (p:Platform)
WHERE $platform = '' OR p.name = $platform OR p.id = $platform OR $platform IN p.aliases
MATCH (m:Measure)-[u:USES_PLATFORM]->(p)
WITH p.name AS platform, u.source AS source, u.line AS line, u.mention AS mention, m
ORDER BY platform, m.id
LIMIT $limit
OPTIONAL MATCH (m)<-[:LEADS]-(a:Agency)
WITH platform, source, line, mention, m, collect(DISTINCT a.name) AS leads
OPTIONAL MATCH (m)<-[:SUPPORTS]-(c:Agency)
WITH platform, source, line, mention, m, leads, collect(DISTINCT c.name) AS co
RETURN platform, m.id AS measure_id, m.plan AS plan, m.number AS number, m.title AS title,
       leads, co, source, line, mention
