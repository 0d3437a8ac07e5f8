// agency_load on LadybugDB (header and meaning: agency_load.cypher). Two branches, one of which is empty
// for any parameters (each is guarded on $year in its first clause):
// 1. every year (year 0): the row is the Agency node's derived properties (graph/model.py `derive`
//    computes them exactly as analytics/load.py does), ranked by the stored load: a scan of the agency
//    table, no measure read;
// 2. one year: from the plans of that year along HAS_MEASURE (a Plan has that edge to exactly the
//    measures whose `plan` is its id, graph/model.py; the WHERE says so again) to the measures and the
//    agencies named for them; each measure's weights are read from its derived n_leads / n_co_units (no
//    second pass over its edges), summed per agency id (a scalar: grouping by the node carries its
//    properties) and ranked by the load rounded to 9 places (as the reference ranks it), the first $limit
//    kept and only then their agencies' names read. ~0.3 s at 10k documents (105k agency–measure rows
//    for 2024's plans): one year's load is not derived. Starting from the agencies instead made this branch
//    scan every LEADS/SUPPORTS edge even when it is empty (year 0: ~0.4 s of a ~0.45 s query).
// Edges are unique per (agency, measure, type) (graph/model.py), so count() needs no DISTINCT.
MATCH (a:Agency)
WHERE $year = 0 AND a.load > 0
  AND ($jurisdiction = '' OR a.jurisdiction = $jurisdiction)
  AND ($collective = true OR coalesce(a.collective, false) = false)
RETURN a.id AS id, a.name AS name, a.jurisdiction AS jurisdiction, coalesce(a.collective, false) AS collective,
       a.n_led AS led, a.n_inherited AS inherited, a.n_co AS co, a.load AS load, a.n_plans AS plans,
       a.n_q1 AS q1, a.n_q2 AS q2, a.n_q3 AS q3, a.n_q4 AS q4,
       a.n_led + a.n_inherited - a.n_q1 - a.n_q2 - a.n_q3 - a.n_q4 AS undated
ORDER BY load DESC, id
LIMIT $limit
UNION ALL
MATCH (p:Plan)
WHERE $year <> 0 AND p.year = $year
MATCH (p)-[h:HAS_MEASURE]->(m:Measure)<-[r:LEADS|SUPPORTS]-(a:Agency)
WHERE m.plan = p.id AND ($jurisdiction = '' OR a.jurisdiction = $jurisdiction)
  AND ($collective = true OR coalesce(a.collective, false) = false)
WITH a.id AS aid, m.plan AS plan, right(left(m.deadline, 7), 2) AS mm,
     CASE WHEN label(r) <> 'LEADS' THEN -1 WHEN r.inherited = true THEN 1 ELSE 0 END AS lead,
     CASE WHEN label(r) = 'LEADS' THEN 1.0 / m.n_leads ELSE 0.5 / m.n_co_units END AS weight
WITH aid, plan, lead, weight,
     CASE WHEN mm = '01' OR mm = '02' OR mm = '03' THEN 1
          WHEN mm = '04' OR mm = '05' OR mm = '06' THEN 2
          WHEN mm = '07' OR mm = '08' OR mm = '09' THEN 3
          WHEN mm = '10' OR mm = '11' OR mm = '12' THEN 4
          ELSE 0 END AS quarter
WITH aid,
     count(CASE WHEN lead = 0 THEN 1 END) AS led,
     count(CASE WHEN lead = 1 THEN 1 END) AS inherited,
     count(CASE WHEN lead = -1 THEN 1 END) AS co,
     sum(CASE WHEN lead >= 0 THEN weight ELSE 0.0 END) + sum(CASE WHEN lead = -1 THEN weight ELSE 0.0 END) AS load,
     count(DISTINCT plan) AS plans,
     count(CASE WHEN lead >= 0 AND quarter = 1 THEN 1 END) AS q1,
     count(CASE WHEN lead >= 0 AND quarter = 2 THEN 1 END) AS q2,
     count(CASE WHEN lead >= 0 AND quarter = 3 THEN 1 END) AS q3,
     count(CASE WHEN lead >= 0 AND quarter = 4 THEN 1 END) AS q4
WITH aid, led, inherited, co, load, plans, q1, q2, q3, q4
ORDER BY round(load, 9) DESC, aid
LIMIT $limit
MATCH (a:Agency)
WHERE a.id = aid
RETURN a.id AS id, a.name AS name, a.jurisdiction AS jurisdiction, coalesce(a.collective, false) AS collective,
       led, inherited, co, load, plans,
       q1, q2, q3, q4, led + inherited - q1 - q2 - q3 - q4 AS undated
