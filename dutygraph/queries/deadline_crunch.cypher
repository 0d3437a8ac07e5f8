// name: deadline_crunch
// title_zh: 期限扎堆（按月按单位）
// title_en: Deadline crunch: measures due per month per lead agency
// param: year = 0 | only deadlines in this year; 0 = every year
// param: min_due = 1 | keep (month, agency) cells with at least this many measures due
// param: limit = 100 | at most this many (month, agency) cells, the most measures due first; 0 = every cell
// order: -due, month, agency_id
// answers: For each month and each lead agency (own or inherited lead), how many of its measures
//   fall due that month, with the measures' ids. The measure's deadline date counts (the last one
//   printed when there are stages); ongoing and undated measures are left out. The cells where one
//   agency has most due at once come first; raise min_due to keep only those.
MATCH (a:Agency)-[:LEADS]->(m:Measure)-[:DUE]->(d:Deadline)
WHERE d.date = m.deadline AND ($year = 0 OR d.year = $year)
WITH a, d.month AS month, collect(DISTINCT m.id) AS measure_ids, count(DISTINCT m) AS due
WHERE due >= $min_due
RETURN month, a.id AS agency_id, a.name AS agency, due, measure_ids
ORDER BY due DESC, month, agency_id
LIMIT $limit
