// agency_load on LadybugDB (header and meaning: agency_load.cypher). Starts from the agencies the
// parameters select, then their LEADS/SUPPORTS edges (one row per agency, measure and relationship,
// the kind read by label(r)), then the plan filter; each selected measure's lead/co counts are taken
// after that, so one jurisdiction only touches its own agencies' measures (10k-document synthetic
// build: one jurisdiction ~35 ms CPU, was ~110-340 ms; every agency unchanged, ~4-5 s). The portable
// text re-matches each (agency, measure) pair with two OPTIONAL MATCHes, which LadybugDB expands from
// the agency side (quadratic in a busy agency's measures).
MATCH (a:Agency)
WHERE ($jurisdiction = '' OR a.jurisdiction = $jurisdiction)
  AND ($collective = true OR coalesce(a.collective, false) = false)
MATCH (a)-[r:LEADS|SUPPORTS]->(m:Measure)
WITH a, m, CASE WHEN label(r) <> 'LEADS' THEN -1 WHEN r.inherited = true THEN 1 ELSE 0 END AS lead
MATCH (p:Plan)
WHERE p.id = m.plan AND ($year = 0 OR p.year = $year)
WITH a, m, lead
OPTIONAL MATCH (m)<-[:LEADS]-(x:Agency)
WITH a, m, lead, count(DISTINCT x) AS n_leads
OPTIONAL MATCH (m)<-[:SUPPORTS]-(y:Agency)
WITH a, m, lead, n_leads, count(DISTINCT y) AS n_co, right(left(m.deadline, 7), 2) AS mm
WITH a, m, lead, n_leads, n_co,
     CASE WHEN mm = '01' OR mm = '02' OR mm = '03' THEN 1
          WHEN mm = '04' OR mm = '05' OR mm = '06' THEN 2
          WHEN mm = '07' OR mm = '08' OR mm = '09' THEN 3
          WHEN mm = '10' OR mm = '11' OR mm = '12' THEN 4
          ELSE 0 END AS quarter
WITH a,
     count(CASE WHEN lead = 0 THEN 1 END) AS led,
     count(CASE WHEN lead = 1 THEN 1 END) AS inherited,
     count(CASE WHEN lead = -1 THEN 1 END) AS co,
     sum(CASE WHEN lead >= 0 AND n_leads > 0 THEN 1.0 / n_leads ELSE 0.0 END)
       + sum(CASE WHEN lead = -1 AND n_co > 0 THEN 0.5 / n_co ELSE 0.0 END) AS load,
     count(DISTINCT m.plan) AS plans,
     count(CASE WHEN lead >= 0 AND quarter = 1 THEN 1 END) AS q1,
     count(CASE WHEN lead >= 0 AND quarter = 2 THEN 1 END) AS q2,
     count(CASE WHEN lead >= 0 AND quarter = 3 THEN 1 END) AS q3,
     count(CASE WHEN lead >= 0 AND quarter = 4 THEN 1 END) AS q4
RETURN a.id AS id, a.name AS name, a.jurisdiction AS jurisdiction, coalesce(a.collective, false) AS collective,
       led, inherited, co, load, plans,
       q1, q2, q3, q4, led + inherited - q1 - q2 - q3 - q4 AS undated
ORDER BY load DESC, id
