// deadline_crunch on LadybugDB (header and meaning: deadline_crunch.cypher). Starts from the deadlines of
// the year, makes (agency, month, measure id) distinct once, then counts and collects without DISTINCT;
// rows come unordered (the runner sorts by the header's order). 10k-document synthetic build, CPU: one
// year ~150 ms (was ~145-180 ms; 13.9k rows, mostly turning rows and id lists into Python values);
// every year ~0.9 s (was ~1.0-1.1 s).
MATCH (d:Deadline)
WHERE $year = 0 OR d.year = $year
MATCH (a:Agency)-[:LEADS]->(m:Measure)-[:DUE]->(d)
WHERE d.date = m.deadline
WITH DISTINCT a, d.month AS month, m.id AS measure_id
WITH a, month, collect(measure_id) AS measure_ids, count(*) AS due
WHERE due >= $min_due
RETURN month, a.id AS agency_id, a.name AS agency, due, measure_ids
ORDER BY due DESC, month, agency_id
LIMIT $limit
