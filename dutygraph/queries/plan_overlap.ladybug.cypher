// plan_overlap on LadybugDB (header and meaning: plan_overlap.cypher). Agencies and indicators carry their
// row (graph/model.py `derive`): an agency its plan_overlap counts (n_plans, n_jurisdictions, n_measures:
// over the measures of a plan its LEADS/SUPPORTS edges name), an indicator its whole row (n_plans,
// n_jurisdictions, n_measures, plan_ids over its UNDER edges from measures). Agencies are ranked by n_plans
// and only the first $limit are read, looked up again by id and expanded from (HINT: after the WITH … LIMIT
// LadybugDB would otherwise hash-join every LEADS/SUPPORTS edge) to gather their plan ids: each distinct
// (agency id, plan id) once, kept when that plan is a Plan node (as the reference does), then collected.
// Indicators: a scan of the indicator table. 10k-document synthetic build, CPU: agencies ~25 ms (~35 ms
// counting measures and jurisdictions per (agency, plan) row, ~90 ms before that), indicators ~10 ms (was
// ~230 ms reading their 194k UNDER edges and looking each of their 54k (indicator, plan) rows up in the
// plans).
MATCH (x:Agency)
WHERE x.n_plans > 0 AND x.n_plans >= $min_plans
WITH x.id AS xid ORDER BY x.n_plans DESC, xid LIMIT $limit
MATCH (a:Agency)
WHERE a.id = xid
MATCH (a)-[e:LEADS|SUPPORTS]->(m:Measure)
HINT (a JOIN e) JOIN m
WITH DISTINCT a.id AS aid, m.plan AS plan_id
MATCH (p:Plan)
WHERE p.id = plan_id
WITH aid, collect(plan_id) AS plan_ids
MATCH (b:Agency)
WHERE b.id = aid
RETURN 'agency' AS kind, b.id AS id, b.name AS name, b.n_plans AS plans, b.n_jurisdictions AS jurisdictions,
       b.n_measures AS measures, plan_ids
UNION ALL
MATCH (i:Indicator)
WHERE i.n_plans > 0 AND i.n_plans >= $min_plans
RETURN 'indicator' AS kind, i.id AS id, i.name AS name, i.n_plans AS plans, i.n_jurisdictions AS jurisdictions,
       i.n_measures AS measures, i.plan_ids AS plan_ids
ORDER BY plans DESC, id
LIMIT $limit
