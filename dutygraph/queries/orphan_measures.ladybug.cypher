// orphan_measures on LadybugDB (header and meaning: orphan_measures.cypher). Reads each measure's derived
// counts (graph/model.py `derive`: n_leads, n_collective_leads, n_deadlines — its LEADS edges, those from
// collective units, its DUE edges) instead of matching its edges: one scan of the measure table, then the
// first $limit by id. A measure is an orphan when no single (non-collective) agency leads it or it has no
// deadline. Only the orphans' ids are ordered and cut (carrying their titles and sources through the
// top-$limit sort cost ~30 ms more), then the first $limit measures are looked up again by id for their
// properties. 10k-document synthetic build, CPU: ~22 ms (was ~50 ms); every orphan (limit 0, 116k rows)
// ~0.8 s (was ~0.6 s: 116k lookups by id).
MATCH (m:Measure)
WHERE ($kind = '' OR m.kind = $kind)
  AND (m.n_leads = m.n_collective_leads OR m.n_deadlines = 0)
WITH m.id AS mid
ORDER BY mid
LIMIT $limit
MATCH (m:Measure)
WHERE m.id = mid
RETURN m.id AS measure_id, m.plan AS plan, m.number AS number, m.title AS title,
       m.n_leads = 0 AS no_lead, (m.n_leads > 0 AND m.n_leads = m.n_collective_leads) AS collective_only,
       m.n_deadlines = 0 AS no_deadline, m.source AS source, m.line AS line
