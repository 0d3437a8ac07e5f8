// name: shared_bottlenecks
// title_zh: 共同瓶颈（单位与平台）
// title_en: Shared bottlenecks: agencies and platforms many measures hang on
// param: min_measures = 3 | keep agencies/platforms that at least this many measures depend on
// param: limit = 100 | at most this many rows, the most measures first; 0 = every row
// order: -measures, -leads, kind, id
// answers: Agencies whose co-support many measures need (kind "agency": measures it co-supports),
//   and platforms many measures depend on (kind "platform": measures using it), with how many
//   distinct lead agencies and plans those measures span, and the measures' ids. A high count across many leads and plans
//   means one agency's or one system's delay spreads widely.
MATCH (a:Agency)-[:SUPPORTS]->(m:Measure)
OPTIONAL MATCH (m)<-[:LEADS]-(x:Agency)
WITH a, count(DISTINCT m) AS measures, count(DISTINCT x) AS leads, count(DISTINCT m.plan) AS plans,
     collect(DISTINCT m.id) AS measure_ids
WHERE measures >= $min_measures
RETURN 'agency' AS kind, a.id AS id, a.name AS name, measures, leads, plans, measure_ids
ORDER BY measures DESC, leads DESC, id
LIMIT $limit
UNION ALL
MATCH (m:Measure)-[:USES_PLATFORM]->(p:Platform)
OPTIONAL MATCH (m)<-[:LEADS]-(x:Agency)
WITH p, count(DISTINCT m) AS measures, count(DISTINCT x) AS leads, count(DISTINCT m.plan) AS plans,
     collect(DISTINCT m.id) AS measure_ids
WHERE measures >= $min_measures
RETURN 'platform' AS kind, p.id AS id, p.name AS name, measures, leads, plans, measure_ids
ORDER BY measures DESC, leads DESC, id
LIMIT $limit
