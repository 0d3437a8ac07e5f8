// agency_portfolio on LadybugDB (header and meaning: agency_portfolio.cypher). Each branch (leads, co-units)
// starts from the agencies the parameter names, or (every agency) from the first $limit agencies by id
// that are named for any measure: the first $limit rows in (agency_id, role, measure_id) order come from
// them. The branch's first $limit rows are picked before the platforms are collected. The HINTs make
// LadybugDB expand from the selected agencies: after the WITH … LIMIT it would otherwise hash-join every
// LEADS/SUPPORTS edge (~0.2-0.4 s per branch, also for one agency). The runner keeps the first $limit
// rows of the two branches. Agencies named for a measure are those with a derived n_named (graph/model.py
// `derive`: its measures of any plan): testing each agency for an edge (EXISTS) cost ~12 ms per branch at
// 10k documents (every agency's first 100 rows, CPU: ~60 ms -> ~36 ms). Every row of every agency (limit 0,
// 600k rows on the 10k-document synthetic build) groups every row and needs a larger buffer pool than the
// default 1 GB.
MATCH (a:Agency)
WHERE ($agency = '' OR a.id = $agency OR a.name = $agency)
  AND a.n_named > 0
WITH a ORDER BY a.id LIMIT $limit
MATCH (a)-[l:LEADS]->(m:Measure)
HINT (a JOIN l) JOIN m
WITH a, l, m ORDER BY a.id, CASE WHEN l.inherited = true THEN 1 ELSE 0 END, m.id LIMIT $limit
OPTIONAL MATCH (m)-[:USES_PLATFORM]->(p:Platform)
WITH a.id AS agency_id, a.name AS agency, CASE WHEN l.inherited = true THEN 'lead (inherited)' ELSE 'lead' END AS role,
     m.id AS measure_id, m.plan AS plan, m.number AS number, m.title AS title, m.deadline AS deadline,
     l.source AS source, l.line AS line, l.mention AS mention, collect(p.name) AS platforms
RETURN agency_id, agency, role, measure_id, plan, number, title, deadline, platforms, source, line, mention
UNION ALL
MATCH (a:Agency)
WHERE ($agency = '' OR a.id = $agency OR a.name = $agency)
  AND a.n_named > 0
WITH a ORDER BY a.id LIMIT $limit
MATCH (a)-[s:SUPPORTS]->(m:Measure)
HINT (a JOIN s) JOIN m
WITH a, s, m ORDER BY a.id, m.id LIMIT $limit
OPTIONAL MATCH (m)-[:USES_PLATFORM]->(p:Platform)
WITH a.id AS agency_id, a.name AS agency, 'co' AS role,
     m.id AS measure_id, m.plan AS plan, m.number AS number, m.title AS title, m.deadline AS deadline,
     s.source AS source, s.line AS line, s.mention AS mention, collect(p.name) AS platforms
RETURN agency_id, agency, role, measure_id, plan, number, title, deadline, platforms, source, line, mention
