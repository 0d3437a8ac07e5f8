// deadline_months on LadybugDB (header and meaning: deadline_months.cypher). Each month's row is derived
// (graph/model.py `derive`) and stored on the month's first Deadline node (by id): month_due,
// month_agencies, month_measure_ids; the month's other deadlines carry 0 and []. So this is a scan of the
// Deadline table (a few hundred nodes). 10k-document synthetic build, CPU: every year ~14 ms (was ~0.34 s:
// 84k measures along their DUE edges, and their LEADS edges for the distinct agencies), one year ~6 ms
// (was ~57 ms).
MATCH (d:Deadline)
WHERE d.month_due > 0 AND ($year = 0 OR d.year = $year)
RETURN d.month AS month, d.month_due AS due, d.month_agencies AS agencies, d.month_measure_ids AS measure_ids
