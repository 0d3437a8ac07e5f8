// deadline_crunch on LadybugDB (header and meaning: deadline_crunch.cypher). Agencies carry their busiest
// month's count over every year (derived peak_due, graph/model.py `derive`) and within each deadline year
// (peak_due_by_year, "year;count"): the agency's peak for $year is the one or the other. The $limit-th
// largest peak is a floor: at least $limit cells reach it, so the first $limit cells (most due first) all
// reach it and come from agencies whose peak does (and reaches $min_due). Only those agencies' cells are
// counted (every agency's with a dated lead when fewer than $limit have one), from the agency's led
// measures to their deadlines of $year. (The MATCH between the WITH … LIMIT and min(): LadybugDB 0.22
// ignores the ORDER BY of a WITH … LIMIT that an aggregation follows directly.) Those agencies are looked
// up again by id (a.id = aid) and the hint expands from them: matched as a node carried over by a WITH, or
// without the hint, LadybugDB hash-joins them to the join of every agency's led measures and their
// deadlines. (An agency with no entry for $year has peak 0: '0;0' is appended to its list before the first
// entry is read, as LadybugDB evaluates every branch of a CASE.) An agency's peak in a year is at most its peak over every year: agencies below $min_due there
// are skipped before any entry is read. (agency, month, measure) is made distinct by scalars, cells are
// grouped by the agency's id and the first $limit get their agency's name.
// Rows come unordered within the kept ones (the runner sorts by the header's order). 10k-document
// synthetic build, CPU: every year ~40 ms, one year ~25 ms (was ~60–70 ms counting that year's cells of
// every agency).
MATCH (x:Agency)
WHERE x.peak_due > 0 AND x.peak_due >= $min_due
WITH x.id AS xid, x.peak_due AS every, x.peak_due_by_year AS entries, concat(cast($year AS STRING), ';') AS prefix
WITH xid, every, list_filter(entries, e -> starts_with(e, prefix)) AS hit
WITH xid, CASE WHEN $year = 0 THEN every
               ELSE cast(split_part(list_concat(hit, ['0;0'])[1], ';', 2) AS INT64) END AS peak
WHERE peak > 0 AND peak >= $min_due
WITH xid, peak ORDER BY peak DESC, xid LIMIT $limit
MATCH (t:Agency)
WHERE t.id = xid
WITH CASE WHEN count(*) < $limit THEN 0 ELSE min(peak) END AS floor
MATCH (y:Agency)
WHERE y.peak_due > 0 AND y.peak_due >= $min_due AND y.peak_due >= floor
WITH floor, y.id AS yid, y.peak_due AS every, y.peak_due_by_year AS entries,
     concat(cast($year AS STRING), ';') AS prefix
WITH floor, yid, every, list_filter(entries, e -> starts_with(e, prefix)) AS hit
WITH floor, yid, CASE WHEN $year = 0 THEN every
                      ELSE cast(split_part(list_concat(hit, ['0;0'])[1], ';', 2) AS INT64) END AS peak
WHERE peak > 0 AND peak >= $min_due AND peak >= floor
MATCH (a:Agency)
WHERE a.id = yid
MATCH (a)-[l:LEADS]->(m:Measure)-[u:DUE]->(d:Deadline)
WHERE d.date = m.deadline AND ($year = 0 OR d.year = $year)
HINT (((a JOIN l) JOIN m) JOIN u) JOIN d
WITH DISTINCT floor, a.id AS agency_id, d.month AS month, m.id AS measure_id
WITH floor, agency_id, month, collect(measure_id) AS measure_ids, count(*) AS due
WHERE due >= $min_due AND due >= floor
WITH agency_id, month, measure_ids, due
ORDER BY due DESC, month, agency_id
LIMIT $limit
MATCH (a:Agency)
WHERE a.id = agency_id
RETURN month, agency_id, a.name AS agency, due, measure_ids
