// name: agency_load
// title_zh: 各单位责任负荷
// title_en: Responsibility load per agency
// param: jurisdiction = "" | the agency's jurisdiction, e.g. "赣州市"; "" = every jurisdiction
// param: year = 0 | only measures of plans of this year; 0 = every year
// param: collective = true | include collective units (各县区政府, 市直有关部门); false = single agencies only
// param: limit = 100 | at most this many agencies, the heaviest load first; 0 = every agency
// order: -load, id
// answers: For each agency: how many measures it leads on its own text (led), leads by inheritance
//   from a section heading (inherited), co-supports (co), in how many plans, and how its led
//   measures fall into calendar quarters of their deadline date (q1..q4; undated = no date, e.g.
//   none or ongoing).
//   load = sum over led measures of 1/(number of joint leads) + sum over co-supported measures of
//   0.5/(number of co-units): a measure carries one unit of lead work and half a unit of support
//   work, shared among the agencies named for it. Agencies with no measure are left out.
//   Over every year (year 0) the ranking is the Agency node's own load (derived at build time from
//   the same edges, graph/schema.py), so the top N are found without regrouping the corpus.
MATCH (p:Plan)
WHERE $year = 0 OR p.year = $year
MATCH (m:Measure)
WHERE m.plan = p.id
OPTIONAL MATCH (m)<-[:LEADS]-(x:Agency)
WITH m, count(DISTINCT x) AS n_leads
OPTIONAL MATCH (m)<-[:SUPPORTS]-(y:Agency)
WITH m, n_leads, count(DISTINCT y) AS n_co, right(left(m.deadline, 7), 2) AS mm
WITH m, n_leads, n_co,
     CASE WHEN mm = '01' OR mm = '02' OR mm = '03' THEN 1
          WHEN mm = '04' OR mm = '05' OR mm = '06' THEN 2
          WHEN mm = '07' OR mm = '08' OR mm = '09' THEN 3
          WHEN mm = '10' OR mm = '11' OR mm = '12' THEN 4
          ELSE 0 END AS quarter
MATCH (m)<-[:LEADS|SUPPORTS]-(a:Agency)
WHERE ($jurisdiction = '' OR a.jurisdiction = $jurisdiction)
  AND ($collective = true OR coalesce(a.collective, false) = false)
WITH DISTINCT a, m, n_leads, n_co, quarter
OPTIONAL MATCH (a)-[l:LEADS]->(m)
OPTIONAL MATCH (a)-[s:SUPPORTS]->(m)
WITH a, m, n_leads, n_co, quarter,
     CASE WHEN l IS NULL THEN -1 WHEN l.inherited = true THEN 1 ELSE 0 END AS lead,
     s IS NOT NULL AS co
WITH a,
     count(CASE WHEN lead = 0 THEN 1 END) AS led,
     count(CASE WHEN lead = 1 THEN 1 END) AS inherited,
     count(CASE WHEN co THEN 1 END) AS co,
     sum(CASE WHEN lead >= 0 AND n_leads > 0 THEN 1.0 / n_leads ELSE 0.0 END)
       + sum(CASE WHEN co AND n_co > 0 THEN 0.5 / n_co ELSE 0.0 END) AS load,
     count(DISTINCT m.plan) AS plans,
     count(CASE WHEN lead >= 0 AND quarter = 1 THEN 1 END) AS q1,
     count(CASE WHEN lead >= 0 AND quarter = 2 THEN 1 END) AS q2,
     count(CASE WHEN lead >= 0 AND quarter = 3 THEN 1 END) AS q3,
     count(CASE WHEN lead >= 0 AND quarter = 4 THEN 1 END) AS q4
WHERE led + inherited + co > 0
WITH a, led, inherited, co, load, plans, q1, q2, q3, q4, CASE WHEN $year = 0 THEN a.load ELSE load + 0.0 END AS ranked_by
ORDER BY ranked_by DESC, a.id
LIMIT $limit
RETURN a.id AS id, a.name AS name, a.jurisdiction AS jurisdiction, coalesce(a.collective, false) AS collective,
       led, inherited, co, load, plans,
       q1, q2, q3, q4, led + inherited - q1 - q2 - q3 - q4 AS undated
