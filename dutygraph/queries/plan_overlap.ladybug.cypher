// plan_overlap on LadybugDB (header and meaning: plan_overlap.cypher). Agencies are ranked by their
// derived n_plans (graph/model.py `derive`: the plans of the measures their LEADS/SUPPORTS edges name,
// what this query counts as plans), so only the first $limit are read; for them and for every indicator,
// distinct measures are counted per (agency or indicator, plan id) first, then joined to the plans: one
// join row per (agency, plan) instead of per (agency, measure).
MATCH (a:Agency)
WHERE a.n_plans > 0 AND a.n_plans >= $min_plans
WITH a ORDER BY a.n_plans DESC, a.id LIMIT $limit
MATCH (a)-[:LEADS|SUPPORTS]->(m:Measure)
WITH a, m.plan AS plan_id, count(DISTINCT m) AS k
MATCH (p:Plan)
WHERE p.id = plan_id
WITH a, p.id AS plan_id, p.jurisdiction AS jurisdiction, k
WITH a, count(plan_id) AS plans, count(DISTINCT jurisdiction) AS jurisdictions, collect(plan_id) AS plan_ids, sum(k) AS measures
WHERE plans >= $min_plans
RETURN 'agency' AS kind, a.id AS id, a.name AS name, plans, jurisdictions, measures, plan_ids
UNION ALL
MATCH (m:Measure)-[:UNDER]->(i:Indicator)
WITH i, m.plan AS plan_id, count(DISTINCT m) AS k
MATCH (p:Plan)
WHERE p.id = plan_id
WITH i, p.id AS plan_id, p.jurisdiction AS jurisdiction, k
WITH i, count(plan_id) AS plans, count(DISTINCT jurisdiction) AS jurisdictions, collect(plan_id) AS plan_ids, sum(k) AS measures
WHERE plans >= $min_plans
RETURN 'indicator' AS kind, i.id AS id, i.name AS name, plans, jurisdictions, measures, plan_ids
ORDER BY plans DESC, id
LIMIT $limit
