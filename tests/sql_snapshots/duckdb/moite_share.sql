-- moite_share on duckdb: every statement of run_query(QuerySpec(metric='moite_share', period=Period(start=datetime.date(2019, 1, 1), end=datetime.date(2019, 12, 31)), group_by=('service_area',), grain='quarter', service_area=(), service=(), unit=(), channel=(), language=(), respondent_role=(), survey=(), item=(), compare=None, include_misuse=False, min_n=None, public=False, extra=(), name_language='fi'))
-- Regenerate with `make sql-snapshots` (tests/test_engines_sql_snapshots.py).

-- [1]
SELECT max(feedback_in_scope.received_at) AS max_1 
FROM (SELECT feedback.feedback_id AS feedback_id, feedback.received_at AS received_at, feedback.answered_at AS answered_at, feedback.closed_at AS closed_at, feedback.unit_id AS unit_id, feedback.service_area_id AS service_area_id, feedback.feedback_type AS feedback_type, feedback.category AS category, feedback.topic AS topic, feedback.channel AS channel, feedback.language AS language, feedback.contact_requested AS contact_requested, feedback.status AS status, feedback.updated_at AS updated_at, feedback.batch_id AS batch_id, feedback.year AS year 
FROM feedback) AS feedback_in_scope 
WHERE feedback_in_scope.year = (SELECT max(feedback_in_scope.year) AS max_2 
FROM (SELECT feedback.feedback_id AS feedback_id, feedback.received_at AS received_at, feedback.answered_at AS answered_at, feedback.closed_at AS closed_at, feedback.unit_id AS unit_id, feedback.service_area_id AS service_area_id, feedback.feedback_type AS feedback_type, feedback.category AS category, feedback.topic AS topic, feedback.channel AS channel, feedback.language AS language, feedback.contact_requested AS contact_requested, feedback.status AS status, feedback.updated_at AS updated_at, feedback.batch_id AS batch_id, feedback.year AS year 
FROM feedback) AS feedback_in_scope)
-- parameters: (none)

-- [2]
SELECT coalesce(feedback_in_scope.service_area_id, unit.service_area_id) AS service_area_id, CAST(date_trunc('quarter', feedback_in_scope.received_at) AS DATE) AS period, count(*) AS n, sum(CASE WHEN (feedback_in_scope.feedback_type = $1) THEN $2 ELSE $3 END) AS _k 
FROM (SELECT feedback.feedback_id AS feedback_id, feedback.received_at AS received_at, feedback.answered_at AS answered_at, feedback.closed_at AS closed_at, feedback.unit_id AS unit_id, feedback.service_area_id AS service_area_id, feedback.feedback_type AS feedback_type, feedback.category AS category, feedback.topic AS topic, feedback.channel AS channel, feedback.language AS language, feedback.contact_requested AS contact_requested, feedback.status AS status, feedback.updated_at AS updated_at, feedback.batch_id AS batch_id, feedback.year AS year 
FROM feedback) AS feedback_in_scope LEFT OUTER JOIN unit ON unit.unit_id = feedback_in_scope.unit_id 
WHERE feedback_in_scope.year BETWEEN $4 AND $5 AND feedback_in_scope.received_at >= $6 AND feedback_in_scope.received_at < $7 GROUP BY coalesce(feedback_in_scope.service_area_id, unit.service_area_id), CAST(date_trunc('quarter', feedback_in_scope.received_at) AS DATE)
-- parameters: feedback_type_1='moite', param_1=1, param_2=0, year_1=2019, year_2=2019, received_at_1=datetime.datetime(2019, 1, 1, 0, 0), received_at_2=datetime.datetime(2020, 1, 1, 0, 0)

-- [3]
SELECT service_area.service_area_id AS id, service_area.name_fi AS name, service_area.name_fi AS name_fi 
FROM service_area
-- parameters: (none)
