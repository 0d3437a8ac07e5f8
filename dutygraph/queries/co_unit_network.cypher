// name: co_unit_network
// title_zh: 协同网络（共担任务的单位对）
// title_en: Which agencies work together most
// param: min_shared = 2 | keep pairs that share at least this many measures
// param: limit = 100 | at most this many pairs, the most shared measures first; 0 = every pair
// order: -shared, agency_a_id, agency_b_id
// answers: Pairs of agencies named together on the same measures (as lead or co-unit, either way),
//   with the number of shared measures and plans. This is the agency–agency collaboration
//   projection the bottleneck analytics run on.
MATCH (a:Agency)-[:LEADS|SUPPORTS]->(m:Measure)<-[:LEADS|SUPPORTS]-(b:Agency)
WHERE a.id < b.id
WITH DISTINCT a, b, m
WITH a, b, count(m) AS shared, count(DISTINCT m.plan) AS plans
WHERE shared >= $min_shared
RETURN a.id AS agency_a_id, a.name AS agency_a, b.id AS agency_b_id, b.name AS agency_b, shared, plans
ORDER BY shared DESC, agency_a_id, agency_b_id
LIMIT $limit
