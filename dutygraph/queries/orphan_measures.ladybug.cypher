// orphan_measures on LadybugDB (header and meaning: orphan_measures.cypher). Reads each measure's derived
// counts (graph/model.py `derive`: n_leads, n_collective_leads, n_deadlines — its LEADS edges, those from
// collective units, its DUE edges) instead of matching its edges: one scan of the measure table, then the
// first $limit by id. A measure is an orphan when no single (non-collective) agency leads it or it has no
// deadline.
MATCH (m:Measure)
WHERE ($kind = '' OR m.kind = $kind)
  AND (m.n_leads = m.n_collective_leads OR m.n_deadlines = 0)
RETURN m.id AS measure_id, m.plan AS plan, m.number AS number, m.title AS title,
       m.n_leads = 0 AS no_lead, (m.n_leads > 0 AND m.n_leads = m.n_collective_leads) AS collective_only,
       m.n_deadlines = 0 AS no_deadline, m.source AS source, m.line AS line
ORDER BY measure_id
LIMIT $limit
