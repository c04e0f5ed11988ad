-- very_positive_share on duckdb: every statement of run_query(QuerySpec(metric='very_positive_share', period=Period(start=datetime.date(2019, 1, 1), end=datetime.date(2019, 12, 31)), group_by=('service_area',), grain=None, service_area=(), service=(), unit=(), channel=(), language=(), respondent_role=(), survey=(), item=(), compare=None, include_misuse=False, min_n=None, public=True, extra=(), name_language='fi'))
-- Regenerate with `make sql-snapshots` (tests/test_engines_sql_snapshots.py).

-- [1]
SELECT max(quick_feedback_in_scope.ts) AS max_1 
FROM (SELECT quick_feedback.feedback_id AS feedback_id, quick_feedback.ts AS ts, quick_feedback.unit_id AS unit_id, quick_feedback.touchpoint_id AS touchpoint_id, quick_feedback.question_id AS question_id, quick_feedback.scale AS scale, quick_feedback.button_index AS button_index, quick_feedback.channel AS channel, quick_feedback.misuse AS misuse, quick_feedback.batch_id AS batch_id, quick_feedback.year AS year 
FROM quick_feedback) AS quick_feedback_in_scope 
WHERE quick_feedback_in_scope.year = (SELECT max(quick_feedback_in_scope.year) AS max_2 
FROM (SELECT quick_feedback.feedback_id AS feedback_id, quick_feedback.ts AS ts, quick_feedback.unit_id AS unit_id, quick_feedback.touchpoint_id AS touchpoint_id, quick_feedback.question_id AS question_id, quick_feedback.scale AS scale, quick_feedback.button_index AS button_index, quick_feedback.channel AS channel, quick_feedback.misuse AS misuse, quick_feedback.batch_id AS batch_id, quick_feedback.year AS year 
FROM quick_feedback) AS quick_feedback_in_scope)
-- parameters: (none)

-- [2]
SELECT unit.service_area_id AS service_area_id, quick_feedback_in_scope.button_index AS _by_button_index, quick_feedback_in_scope.scale AS _by_scale_points, count(*) AS _rows 
FROM (SELECT quick_feedback.feedback_id AS feedback_id, quick_feedback.ts AS ts, quick_feedback.unit_id AS unit_id, quick_feedback.touchpoint_id AS touchpoint_id, quick_feedback.question_id AS question_id, quick_feedback.scale AS scale, quick_feedback.button_index AS button_index, quick_feedback.channel AS channel, quick_feedback.misuse AS misuse, quick_feedback.batch_id AS batch_id, quick_feedback.year AS year 
FROM quick_feedback) AS quick_feedback_in_scope LEFT OUTER JOIN unit ON unit.unit_id = quick_feedback_in_scope.unit_id 
WHERE quick_feedback_in_scope.year BETWEEN $1 AND $2 AND quick_feedback_in_scope.ts >= $3 AND quick_feedback_in_scope.ts < $4 AND quick_feedback_in_scope.misuse IS NOT true AND quick_feedback_in_scope.scale IN ($5, $6) GROUP BY unit.service_area_id, quick_feedback_in_scope.button_index, quick_feedback_in_scope.scale
-- parameters: year_1=2019, year_2=2019, ts_1=datetime.datetime(2019, 1, 1, 0, 0), ts_2=datetime.datetime(2020, 1, 1, 0, 0), scale_1_1='four', scale_1_2='five'

-- [3]
SELECT service_area.service_area_id AS id, service_area.name_fi AS name, service_area.name_fi AS name_fi 
FROM service_area
-- parameters: (none)
