// name: deadline_months
// title_zh: 期限最集中的月份
// title_en: Busiest deadline months
// param: year = 0 | only deadlines in this year; 0 = every year
// order: -due, month
// answers: For each month, how many measures fall due in it (the measure's deadline date; ongoing
//   and undated measures are left out), how many distinct lead agencies those measures have, and
//   the measures' ids. The first row is the busiest deadline month; deadline_crunch splits it by
//   agency.
MATCH (m:Measure)-[:DUE]->(d:Deadline)
WHERE d.date = m.deadline AND ($year = 0 OR d.year = $year)
OPTIONAL MATCH (m)<-[:LEADS]-(a:Agency)
WITH d.month AS month, count(DISTINCT m) AS due, count(DISTINCT a) AS agencies, collect(DISTINCT m.id) AS measure_ids
RETURN month, due, agencies, measure_ids
ORDER BY due DESC, month
