// name: agency_load
// title_zh: 各单位责任负荷
// title_en: Responsibility load per agency
// param: jurisdiction = "" | the agency's jurisdiction, e.g. "赣州市"; "" = every jurisdiction
// param: year = 0 | only measures of plans of this year; 0 = every year
// param: collective = true | include collective units (各县区政府, 市直有关部门); false = single agencies only
// order: -load, id
// answers: For each agency: how many measures it leads on its own text (led), leads by inheritance
//   from a section heading (inherited), co-supports (co), in how many plans, and how its led
//   measures fall into calendar quarters of their deadline date (q1..q4; undated = no date, e.g.
//   none or ongoing).
//   load = sum over led measures of 1/(number of joint leads) + sum over co-supported measures of
//   0.5/(number of co-units): a measure carries one unit of lead work and half a unit of support
//   work, shared among the agencies named for it. Agencies with no measure are left out.
MATCH (p:Plan)
WHERE $year = 0 OR p.year = $year
WITH collect(p.id) AS plan_ids
MATCH (a:Agency)
WHERE ($jurisdiction = '' OR a.jurisdiction = $jurisdiction)
  AND ($collective = true OR coalesce(a.collective, false) = false)
OPTIONAL MATCH (a)-[l:LEADS]->(m:Measure)
WHERE m.plan IN plan_ids
OPTIONAL MATCH (m)<-[:LEADS]-(x:Agency)
WITH plan_ids, a, m, coalesce(l.inherited, false) AS inh, count(DISTINCT x) AS n_leads,
     right(left(m.deadline, 7), 2) AS mm
WITH plan_ids, a,
     count(CASE WHEN inh = false THEN m END) AS led,
     count(CASE WHEN inh = true THEN m END) AS inherited,
     sum(CASE WHEN n_leads > 0 THEN 1.0 / n_leads ELSE 0.0 END) AS lead_weight,
     count(CASE WHEN mm IN ['01', '02', '03'] THEN m END) AS q1,
     count(CASE WHEN mm IN ['04', '05', '06'] THEN m END) AS q2,
     count(CASE WHEN mm IN ['07', '08', '09'] THEN m END) AS q3,
     count(CASE WHEN mm IN ['10', '11', '12'] THEN m END) AS q4,
     count(CASE WHEN m IS NOT NULL AND mm IS NULL THEN m END) AS undated
OPTIONAL MATCH (a)-[:SUPPORTS]->(c:Measure)
WHERE c.plan IN plan_ids
OPTIONAL MATCH (c)<-[:SUPPORTS]-(y:Agency)
WITH plan_ids, a, led, inherited, lead_weight, q1, q2, q3, q4, undated, c, count(DISTINCT y) AS n_co
WITH plan_ids, a, led, inherited, lead_weight, q1, q2, q3, q4, undated,
     count(c) AS co,
     sum(CASE WHEN n_co > 0 THEN 0.5 / n_co ELSE 0.0 END) AS co_weight
WHERE led + inherited + co > 0
OPTIONAL MATCH (a)-[:LEADS|SUPPORTS]->(k:Measure)
WHERE k.plan IN plan_ids
WITH a, led, inherited, co, lead_weight + co_weight AS load, q1, q2, q3, q4, undated,
     count(DISTINCT k.plan) AS plans
RETURN a.id AS id, a.name AS name, a.jurisdiction AS jurisdiction, coalesce(a.collective, false) AS collective,
       led, inherited, co, load, plans,
       q1, q2, q3, q4, undated
ORDER BY load DESC, id
