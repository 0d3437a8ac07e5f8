// plan_overlap on LadybugDB (header and meaning: plan_overlap.cypher). Agencies are ranked by their
// derived n_plans (graph/model.py `derive`: the plans of the measures their LEADS/SUPPORTS edges name,
// what this query counts as plans), so only the first $limit are read, looked up again by id and expanded
// from (HINT: after the WITH … LIMIT LadybugDB would otherwise hash-join every LEADS/SUPPORTS edge); their
// distinct measures are counted per (agency id, plan id) first, then joined to the plans: one join row per
// (agency, plan) instead of per (agency, measure). Rows are grouped by scalars (ids and names), never by a
// node (which carries its properties through the grouping); the sum is cast back to INT64 (sum() gives
// INT128, which UNION ALL will not match with the other branch's INT64). Indicators carry their whole row (derived
// n_plans, n_jurisdictions, n_measures, plan_ids over their UNDER edges): a scan of the indicator table.
// 10k-document synthetic build, CPU on a loaded machine: agencies ~45 ms (was ~90), indicators ~10 ms (was
// ~230 ms reading their 194k UNDER edges and looking each of their 54k (indicator, plan) rows up in the
// plans).
MATCH (x:Agency)
WHERE x.n_plans > 0 AND x.n_plans >= $min_plans
WITH x.id AS xid ORDER BY x.n_plans DESC, xid LIMIT $limit
MATCH (a:Agency)
WHERE a.id = xid
MATCH (a)-[e:LEADS|SUPPORTS]->(m:Measure)
HINT (a JOIN e) JOIN m
WITH a.id AS id, a.name AS name, m.plan AS plan_id, count(DISTINCT m.id) AS k
MATCH (p:Plan)
WHERE p.id = plan_id
WITH id, name, p.id AS plan_id, p.jurisdiction AS jurisdiction, k
WITH id, name, count(plan_id) AS plans, count(DISTINCT jurisdiction) AS jurisdictions, collect(plan_id) AS plan_ids, sum(k) AS measures
WHERE plans >= $min_plans
RETURN 'agency' AS kind, id, name, plans, jurisdictions, CAST(measures AS INT64) AS measures, plan_ids
UNION ALL
MATCH (i:Indicator)
WHERE i.n_plans > 0 AND i.n_plans >= $min_plans
RETURN 'indicator' AS kind, i.id AS id, i.name AS name, i.n_plans AS plans, i.n_jurisdictions AS jurisdictions,
       i.n_measures AS measures, i.plan_ids AS plan_ids
ORDER BY plans DESC, id
LIMIT $limit
