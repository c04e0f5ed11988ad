-- share_positive on spark: every statement of run_query(QuerySpec(metric='share_positive', period=Period(start=datetime.date(2019, 1, 1), end=datetime.date(2019, 12, 31)), group_by=('unit',), grain=None, service_area=(), service=(), unit=(), channel=(), language=(), respondent_role=(), survey=(), item=(), compare='last_year', include_misuse=False, min_n=None, public=False, extra=(), name_language='fi'))
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
SELECT quick_feedback_in_scope.unit_id AS unit_id, quick_feedback_in_scope.channel AS channel, quick_feedback_in_scope.button_index AS _by_button_index, quick_feedback_in_scope.scale AS _by_scale_points, CASE WHEN (quick_feedback_in_scope.ts >= :`ts_1`) THEN :`param_1` ELSE :`param_2` END AS _side, count(*) AS _rows, min(quick_feedback_in_scope.ts) AS first_day, max(quick_feedback_in_scope.ts) AS last_day 
FROM (SELECT quick_feedback.feedback_id AS feedback_id, quick_feedback.ts AS ts, quick_feedback.unit_id AS unit_id, quick_feedback.touchpoint_id AS touchpoint_id, quick_feedback.question_id AS question_id, quick_feedback.scale AS scale, quick_feedback.button_index AS button_index, quick_feedback.channel AS channel, quick_feedback.misuse AS misuse, quick_feedback.batch_id AS batch_id, quick_feedback.year AS year 
FROM quick_feedback) AS quick_feedback_in_scope 
WHERE quick_feedback_in_scope.year BETWEEN :`year_1` AND :`year_2` AND quick_feedback_in_scope.ts >= :`ts_2` AND quick_feedback_in_scope.ts < :`ts_3` AND quick_feedback_in_scope.misuse IS NOT true AND quick_feedback_in_scope.scale IN (:`scale_1_1`, :`scale_1_2`) AND (quick_feedback_in_scope.year BETWEEN :`year_3` AND :`year_4` AND quick_feedback_in_scope.ts >= :`ts_4` AND quick_feedback_in_scope.ts < :`ts_5` OR quick_feedback_in_scope.year BETWEEN :`year_5` AND :`year_6` AND quick_feedback_in_scope.ts >= :`ts_6` AND quick_feedback_in_scope.ts < :`ts_7`) GROUP BY quick_feedback_in_scope.unit_id, quick_feedback_in_scope.channel, quick_feedback_in_scope.button_index, quick_feedback_in_scope.scale, CASE WHEN (quick_feedback_in_scope.ts >= :`ts_1`) THEN :`param_1` ELSE :`param_2` END
-- parameters: ts_1=datetime.datetime(2019, 1, 1, 0, 0), param_1=1, param_2=0, year_1=2018, year_2=2019, ts_2=datetime.datetime(2018, 1, 1, 0, 0), ts_3=datetime.datetime(2019, 9, 3, 0, 0), year_3=2019, year_4=2019, ts_4=datetime.datetime(2019, 1, 1, 0, 0), ts_5=datetime.datetime(2019, 9, 3, 0, 0), year_5=2018, year_6=2018, ts_6=datetime.datetime(2018, 1, 1, 0, 0), ts_7=datetime.datetime(2018, 9, 3, 0, 0), scale_1_1='four', scale_1_2='five'

-- [3]
SELECT quick_feedback_in_scope.unit_id AS unit_id, quick_feedback_in_scope.button_index AS _by_button_index, quick_feedback_in_scope.scale AS _by_scale_points, count(*) AS _rows 
FROM (SELECT quick_feedback.feedback_id AS feedback_id, quick_feedback.ts AS ts, quick_feedback.unit_id AS unit_id, quick_feedback.touchpoint_id AS touchpoint_id, quick_feedback.question_id AS question_id, quick_feedback.scale AS scale, quick_feedback.button_index AS button_index, quick_feedback.channel AS channel, quick_feedback.misuse AS misuse, quick_feedback.batch_id AS batch_id, quick_feedback.year AS year 
FROM quick_feedback) AS quick_feedback_in_scope 
WHERE quick_feedback_in_scope.year BETWEEN :`year_1` AND :`year_2` AND quick_feedback_in_scope.ts >= :`ts_1` AND quick_feedback_in_scope.ts < :`ts_2` AND quick_feedback_in_scope.misuse IS NOT true AND quick_feedback_in_scope.scale IN (:`scale_1_1`, :`scale_1_2`) GROUP BY quick_feedback_in_scope.unit_id, quick_feedback_in_scope.button_index, quick_feedback_in_scope.scale
-- parameters: year_1=2019, year_2=2019, ts_1=datetime.datetime(2019, 1, 1, 0, 0), ts_2=datetime.datetime(2020, 1, 1, 0, 0), scale_1_1='four', scale_1_2='five'

-- [4]
SELECT unit.unit_id AS id, unit.name_fi AS name, unit.name_fi AS name_fi 
FROM unit
-- parameters: (none)
