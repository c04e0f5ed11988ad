-- reply_within_target on duckdb: every statement of run_query(QuerySpec(metric='reply_within_target', period=Period(start=datetime.date(2019, 1, 1), end=datetime.date(2019, 12, 31)), group_by=('unit',), grain=None, service_area=(), service=(), unit=(), channel=(), language=(), respondent_role=(), survey=(), item=(), compare='last_year', include_misuse=False, min_n=None, public=False, extra=(), name_language='fi'))
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
SELECT feedback_in_scope.unit_id AS unit_id, feedback_in_scope.channel AS channel, CAST(feedback_in_scope.received_at AS DATE) AS _by_received, CAST(feedback_in_scope.answered_at AS DATE) AS _by_answered, CASE WHEN (feedback_in_scope.received_at >= $1) THEN $2 ELSE $3 END AS _side, count(*) AS _rows, min(feedback_in_scope.received_at) AS first_day, max(feedback_in_scope.received_at) AS last_day 
FROM (SELECT feedback.feedback_id AS feedback_id, feedback.received_at AS received_at, feedback.answered_at AS answered_at, feedback.closed_at AS closed_at, feedback.unit_id AS unit_id, feedback.service_area_id AS service_area_id, feedback.feedback_type AS feedback_type, feedback.category AS category, feedback.topic AS topic, feedback.channel AS channel, feedback.language AS language, feedback.contact_requested AS contact_requested, feedback.status AS status, feedback.updated_at AS updated_at, feedback.batch_id AS batch_id, feedback.year AS year 
FROM feedback) AS feedback_in_scope LEFT OUTER JOIN unit ON unit.unit_id = feedback_in_scope.unit_id 
WHERE feedback_in_scope.year BETWEEN $4 AND $5 AND feedback_in_scope.received_at >= $6 AND feedback_in_scope.received_at < $7 AND (feedback_in_scope.year BETWEEN $8 AND $9 AND feedback_in_scope.received_at >= $10 AND feedback_in_scope.received_at < $11 OR feedback_in_scope.year BETWEEN $12 AND $13 AND feedback_in_scope.received_at >= $14 AND feedback_in_scope.received_at < $15) GROUP BY feedback_in_scope.unit_id, feedback_in_scope.channel, CAST(feedback_in_scope.received_at AS DATE), CAST(feedback_in_scope.answered_at AS DATE), CASE WHEN (feedback_in_scope.received_at >= $1) THEN $2 ELSE $3 END
-- parameters: received_at_1=datetime.datetime(2019, 1, 1, 0, 0), param_1=1, param_2=0, year_1=2018, year_2=2019, received_at_2=datetime.datetime(2018, 1, 1, 0, 0), received_at_3=datetime.datetime(2019, 12, 31, 0, 0), year_3=2019, year_4=2019, received_at_4=datetime.datetime(2019, 1, 1, 0, 0), received_at_5=datetime.datetime(2019, 12, 31, 0, 0), year_5=2018, year_6=2018, received_at_6=datetime.datetime(2018, 1, 1, 0, 0), received_at_7=datetime.datetime(2018, 12, 31, 0, 0)

-- [3]
SELECT feedback_in_scope.unit_id AS unit_id, CAST(feedback_in_scope.received_at AS DATE) AS _by_received, CAST(feedback_in_scope.answered_at AS DATE) AS _by_answered, count(*) AS _rows 
FROM (SELECT feedback.feedback_id AS feedback_id, feedback.received_at AS received_at, feedback.answered_at AS answered_at, feedback.closed_at AS closed_at, feedback.unit_id AS unit_id, feedback.service_area_id AS service_area_id, feedback.feedback_type AS feedback_type, feedback.category AS category, feedback.topic AS topic, feedback.channel AS channel, feedback.language AS language, feedback.contact_requested AS contact_requested, feedback.status AS status, feedback.updated_at AS updated_at, feedback.batch_id AS batch_id, feedback.year AS year 
FROM feedback) AS feedback_in_scope LEFT OUTER JOIN unit ON unit.unit_id = feedback_in_scope.unit_id 
WHERE feedback_in_scope.year BETWEEN $1 AND $2 AND feedback_in_scope.received_at >= $3 AND feedback_in_scope.received_at < $4 GROUP BY feedback_in_scope.unit_id, CAST(feedback_in_scope.received_at AS DATE), CAST(feedback_in_scope.answered_at AS DATE)
-- parameters: year_1=2019, year_2=2019, received_at_1=datetime.datetime(2019, 1, 1, 0, 0), received_at_2=datetime.datetime(2020, 1, 1, 0, 0)

-- [4]
SELECT unit.unit_id AS id, unit.name_fi AS name, unit.name_fi AS name_fi 
FROM unit
-- parameters: (none)
