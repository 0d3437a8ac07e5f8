// orphan_measures on LadybugDB (header and meaning: orphan_measures.cypher). Three EXISTS subqueries
// (semi-joins over the LEADS and DUE tables) instead of two OPTIONAL MATCH groupings per measure; rows
// come unordered (the runner sorts by the header's order). 10k-document synthetic build, CPU: every
// measure ~0.85 s (was ~2.1-2.5 s, 116k rows); progress paragraphs only ~180 ms (was ~130 ms).
// A measure is an orphan when no single (non-collective) agency leads it or it has no deadline.
MATCH (m:Measure)
WHERE $kind = '' OR m.kind = $kind
WITH m, EXISTS { MATCH (m)<-[:LEADS]-(:Agency) } AS has_lead,
     EXISTS { MATCH (m)<-[:LEADS]-(a:Agency) WHERE a.collective IS NULL OR a.collective = false } AS has_single,
     EXISTS { MATCH (m)-[:DUE]->(:Deadline) } AS has_due
WHERE NOT has_single OR NOT has_due
RETURN m.id AS measure_id, m.plan AS plan, m.number AS number, m.title AS title,
       NOT has_lead AS no_lead, (has_lead AND NOT has_single) AS collective_only,
       NOT has_due AS no_deadline, m.source AS source, m.line AS line
ORDER BY measure_id
LIMIT $limit
