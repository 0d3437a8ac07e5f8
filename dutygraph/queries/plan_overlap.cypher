// name: plan_overlap
// title_zh: 跨方案重叠（同一单位、同一指标）
// title_en: The same agency or indicator across plans and jurisdictions
// param: min_plans = 2 | keep agencies/indicators that appear in at least this many plans
// param: limit = 100 | at most this many rows of each kind (agencies, indicators), the most plans first; 0 = every row
// order: kind, -plans, id
// answers: Agencies (kind "agency", as lead or co-unit) and business-environment indicators (kind
//   "indicator") that recur across several plans, with how many plans, jurisdictions and measures,
//   and the plan ids. Agencies are scoped to their jurisdiction, so cross-jurisdiction overlap shows
//   on indicators.
MATCH (a:Agency)-[:LEADS|SUPPORTS]->(m:Measure)
MATCH (p:Plan)
WHERE p.id = m.plan
WITH a, count(DISTINCT p) AS plans, count(DISTINCT p.jurisdiction) AS jurisdictions,
     count(DISTINCT m) AS measures, collect(DISTINCT p.id) AS plan_ids
WHERE plans >= $min_plans
RETURN 'agency' AS kind, a.id AS id, a.name AS name, plans, jurisdictions, measures, plan_ids
ORDER BY plans DESC, id
LIMIT $limit
UNION ALL
MATCH (m:Measure)-[:UNDER]->(i:Indicator)
MATCH (p:Plan)
WHERE p.id = m.plan
WITH i, count(DISTINCT p) AS plans, count(DISTINCT p.jurisdiction) AS jurisdictions,
     count(DISTINCT m) AS measures, collect(DISTINCT p.id) AS plan_ids
WHERE plans >= $min_plans
RETURN 'indicator' AS kind, i.id AS id, i.name AS name, plans, jurisdictions, measures, plan_ids
ORDER BY plans DESC, id
LIMIT $limit
