// plan_overlap on LadybugDB (header and meaning: plan_overlap.cypher). Distinct measures are counted
// per (agency or indicator, plan id) first, then joined to the plans: one join row per (agency, plan)
// instead of per (agency, measure). 10k-document synthetic build, CPU: ~1.6-1.9 s (was ~2.2-2.5 s).
MATCH (a:Agency)-[:LEADS|SUPPORTS]->(m:Measure)
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
