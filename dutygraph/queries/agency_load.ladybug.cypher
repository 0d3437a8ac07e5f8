// agency_load on LadybugDB (header and meaning: agency_load.cypher).
// 1. the measures of the agencies the parameters select (one jurisdiction: only its agencies' measures);
// 2. the plan filter (year), then each remaining measure's lead and co-unit counts in one pass over its
//    LEADS|SUPPORTS edges, grouped by the measure alone (grouping by (plan, measure) carried every Plan
//    property and cost 4x), the per-measure weights 1/leads and 0.5/co-units and the deadline quarter;
// 3. one row per (selected agency, measure, relationship), the kind read by label(r), summed per agency.
// The portable text re-matches each (agency, measure) pair with two OPTIONAL MATCHes, which LadybugDB
// expands from the agency side (quadratic in a busy agency's measures). 10k-document synthetic build,
// CPU: one jurisdiction ~45 ms (was ~110-340 ms); one year ~1.3 s (was ~1.2-2 s); every agency ~3-3.5 s (was ~4-5 s), the floor being
// LadybugDB's grouping of 600k (agency, measure) rows.
// Edges are unique per (agency, measure, type) (graph/model.py), so count() needs no DISTINCT.
MATCH (s:Agency)
WHERE ($jurisdiction = '' OR s.jurisdiction = $jurisdiction)
  AND ($collective = true OR coalesce(s.collective, false) = false)
MATCH (s)-[:LEADS|SUPPORTS]->(m:Measure)
WITH DISTINCT m
MATCH (p:Plan)
WHERE p.id = m.plan AND ($year = 0 OR p.year = $year)
WITH m
MATCH (m)<-[r:LEADS|SUPPORTS]-(:Agency)
WITH m, count(CASE WHEN label(r) = 'LEADS' THEN 1 END) AS n_leads, count(CASE WHEN label(r) <> 'LEADS' THEN 1 END) AS n_co
WITH m, n_leads, n_co, right(left(m.deadline, 7), 2) AS mm
WITH m, CASE WHEN n_leads > 0 THEN 1.0 / n_leads ELSE 0.0 END AS wl, CASE WHEN n_co > 0 THEN 0.5 / n_co ELSE 0.0 END AS wc,
     CASE WHEN mm = '01' OR mm = '02' OR mm = '03' THEN 1
          WHEN mm = '04' OR mm = '05' OR mm = '06' THEN 2
          WHEN mm = '07' OR mm = '08' OR mm = '09' THEN 3
          WHEN mm = '10' OR mm = '11' OR mm = '12' THEN 4
          ELSE 0 END AS quarter
MATCH (m)<-[r:LEADS|SUPPORTS]-(a:Agency)
WHERE ($jurisdiction = '' OR a.jurisdiction = $jurisdiction)
  AND ($collective = true OR coalesce(a.collective, false) = false)
WITH a, m.plan AS plan, wl, wc, quarter,
     CASE WHEN label(r) <> 'LEADS' THEN -1 WHEN r.inherited = true THEN 1 ELSE 0 END AS lead
WITH a,
     count(CASE WHEN lead = 0 THEN 1 END) AS led,
     count(CASE WHEN lead = 1 THEN 1 END) AS inherited,
     count(CASE WHEN lead = -1 THEN 1 END) AS co,
     sum(CASE WHEN lead >= 0 THEN wl ELSE 0.0 END) + sum(CASE WHEN lead = -1 THEN wc ELSE 0.0 END) AS load,
     count(DISTINCT plan) AS plans,
     count(CASE WHEN lead >= 0 AND quarter = 1 THEN 1 END) AS q1,
     count(CASE WHEN lead >= 0 AND quarter = 2 THEN 1 END) AS q2,
     count(CASE WHEN lead >= 0 AND quarter = 3 THEN 1 END) AS q3,
     count(CASE WHEN lead >= 0 AND quarter = 4 THEN 1 END) AS q4
RETURN a.id AS id, a.name AS name, a.jurisdiction AS jurisdiction, coalesce(a.collective, false) AS collective,
       led, inherited, co, load, plans,
       q1, q2, q3, q4, led + inherited - q1 - q2 - q3 - q4 AS undated
ORDER BY load DESC, id
