// agency_load on LadybugDB (header and meaning: agency_load.cypher). Two branches, one of which is empty
// for any parameters (each is guarded on $year in its first clause):
// 1. every year (year 0): the row is the Agency node's derived properties (graph/model.py `derive`
//    computes them exactly as analytics/load.py does), ranked by the stored load: a scan of the agency
//    table, no measure read;
// 2. one year: the same from the agency's derived load_by_year entry for that year ("year;load;led;
//    inherited;co;plans;q1;q2;q3;q4", computed as the every-year row over that year's plans, load
//    rounded to 9 places as the reference ranks it); agencies without one are named for no measure of
//    that year's plans and left out, as the reference leaves them out. Ranked on the parsed entry, the
//    first $limit kept and only then their names read. 10k-document synthetic build, CPU: ~27 ms (was
//    ~0.3 s grouping that year's 105k agency–measure rows from its plans along HAS_MEASURE).
MATCH (a:Agency)
WHERE $year = 0 AND a.load > 0
  AND ($jurisdiction = '' OR a.jurisdiction = $jurisdiction)
  AND ($collective = true OR coalesce(a.collective, false) = false)
RETURN a.id AS id, a.name AS name, a.jurisdiction AS jurisdiction, coalesce(a.collective, false) AS collective,
       a.n_led AS led, a.n_inherited AS inherited, a.n_co AS co, a.load AS load, a.n_plans AS plans,
       a.n_q1 AS q1, a.n_q2 AS q2, a.n_q3 AS q3, a.n_q4 AS q4,
       a.n_led + a.n_inherited - a.n_q1 - a.n_q2 - a.n_q3 - a.n_q4 AS undated
ORDER BY load DESC, id
LIMIT $limit
UNION ALL
MATCH (a:Agency)
WHERE $year <> 0 AND size(a.load_by_year) > 0
  AND ($jurisdiction = '' OR a.jurisdiction = $jurisdiction)
  AND ($collective = true OR coalesce(a.collective, false) = false)
WITH a.id AS aid, a.load_by_year AS entries, concat(cast($year AS STRING), ';') AS prefix
WITH aid, list_filter(entries, e -> starts_with(e, prefix)) AS hit
WHERE size(hit) > 0
WITH aid, string_split(hit[1], ';') AS f
WITH aid, cast(f[2] AS DOUBLE) AS load, cast(f[3] AS INT64) AS led, cast(f[4] AS INT64) AS inherited,
     cast(f[5] AS INT64) AS co, cast(f[6] AS INT64) AS plans, cast(f[7] AS INT64) AS q1,
     cast(f[8] AS INT64) AS q2, cast(f[9] AS INT64) AS q3, cast(f[10] AS INT64) AS q4
ORDER BY load DESC, aid
LIMIT $limit
MATCH (a:Agency)
WHERE a.id = aid
RETURN a.id AS id, a.name AS name, a.jurisdiction AS jurisdiction, coalesce(a.collective, false) AS collective,
       led, inherited, co, load, plans,
       q1, q2, q3, q4, led + inherited - q1 - q2 - q3 - q4 AS undated
