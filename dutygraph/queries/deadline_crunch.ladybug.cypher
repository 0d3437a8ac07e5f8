// deadline_crunch on LadybugDB (header and meaning: deadline_crunch.cypher). Agencies carry their busiest
// month's count over every year (derived peak_due, graph/model.py `derive`) and within each deadline year
// (peak_due_by_year, "year;count"): the agency's peak for $year is the one or the other (an agency's peak in
// a year is at most its peak over every year: agencies below $min_due there are skipped before any entry
// is read; one with no entry for $year gets 0: '0;0' is appended before the first entry is read, as
// LadybugDB evaluates every branch of a CASE, and lists are emptied for year 0, so that no entry is
// parsed). The $limit-th largest peak is a floor: each agency's peak is one of its cells, so at least
// $limit cells reach it, and the first $limit cells (most due first) all reach it and come from agencies
// whose peak does (every agency with a cell of at least $min_due when fewer than $limit have one: floor
// 0). The peaks are collected into one list, sorted, and the floor read at position $limit (list_slice:
// nothing past the end, then the 0 appended): one scan of the agency table (the candidates are then
// unwound from the list; a second scan joined to the floor cost ~25 ms with every agency a candidate).
// Only the candidates' cells are counted, from the agency's led measures to their deadlines of $year,
// looked up again by id (a.id = aid) with a hint to expand from them: matched as a node carried over by a
// WITH, or without the hint, LadybugDB hash-joins them to the join of every agency's led measures and their
// deadlines. (agency, month, measure) is made distinct by scalars, cells are grouped by the agency's id and
// the first $limit get their agency's name. Rows come unordered within the kept ones (the runner sorts by
// the header's order).
// 10k-document synthetic build, CPU: every year ~31 ms, one year ~30 ms (were ~40 ms and ~65 ms: one year's
// branch counted the cells of every agency from that year's deadlines). Slower than that was where most
// agencies are candidates: one year with limit 0 ~0.25 s (was ~0.16 s), 2025 (one deadline, 758 agencies
// tied at 1) ~45 ms (was ~12 ms). A second branch from the year's deadlines for those cases (chosen on the
// number of candidates) cost ~17 ms more on the common ones.
MATCH (x:Agency)
WHERE x.peak_due > 0 AND x.peak_due >= $min_due
WITH x.id AS xid, x.peak_due AS every, CASE WHEN $year = 0 THEN CAST([] AS STRING[]) ELSE x.peak_due_by_year END AS entries,
     concat(cast($year AS STRING), ';') AS prefix
WITH xid, every, list_filter(entries, e -> starts_with(e, prefix)) AS hit
WITH xid, CASE WHEN $year = 0 THEN every ELSE cast(split_part(list_concat(hit, ['0;0'])[1], ';', 2) AS INT64) END AS peak
WHERE peak > 0 AND peak >= $min_due
WITH collect({id: xid, peak: peak}) AS cands
WITH cands, list_concat(list_slice(list_sort(list_transform(cands, c -> c.peak), 'DESC'), $limit, $limit), [0])[1] AS floor
UNWIND cands AS c
WITH floor, c.id AS aid, c.peak AS peak
WHERE peak >= floor
MATCH (a:Agency)
WHERE a.id = aid
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
