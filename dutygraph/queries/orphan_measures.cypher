// name: orphan_measures
// title_zh: 无主任务（无牵头、仅集体单位或无期限）
// title_en: Orphan measures: no lead, only collective leads, or no deadline
// param: kind = "measure" | measure kind to check ("measure" or "progress"); "" = both
// param: limit = 100 | at most this many measures, in id order; 0 = every measure
// order: measure_id
// answers: Measures nobody in particular answers for: no lead unit at all (no_lead), only collective
//   units such as 各县区政府 / 市直有关部门 as leads (collective_only), or no deadline of any kind
//   (no_deadline), with where the measure starts (source, line).
MATCH (m:Measure)
WHERE $kind = '' OR m.kind = $kind
OPTIONAL MATCH (m)<-[:LEADS]-(a:Agency)
WITH m, count(DISTINCT a) AS leads, count(DISTINCT CASE WHEN a.collective = true THEN a.id END) AS collective_leads
OPTIONAL MATCH (m)-[:DUE]->(d:Deadline)
WITH m, leads, collective_leads, count(d) AS deadlines
WHERE leads = 0 OR leads = collective_leads OR deadlines = 0
RETURN m.id AS measure_id, m.plan AS plan, m.number AS number, m.title AS title,
       leads = 0 AS no_lead, (leads > 0 AND leads = collective_leads) AS collective_only,
       deadlines = 0 AS no_deadline, m.source AS source, m.line AS line
ORDER BY measure_id
LIMIT $limit
