-- agree_share on duckdb: every statement of run_query(QuerySpec(metric='agree_share', period=Period(start=datetime.date(2019, 1, 1), end=datetime.date(2019, 12, 31)), group_by=('unit',), grain=None, service_area=(), service=(), unit=(), channel=(), language=(), respondent_role=(), survey=(), item=(), compare=None, include_misuse=False, min_n=None, public=True, extra=(), name_language='fi'))
-- Regenerate with `make sql-snapshots` (tests/test_engines_sql_snapshots.py).

-- [1]
SELECT max(survey_answer_in_scope.answered_on) AS max_1 
FROM (SELECT survey_answer.response_id AS response_id, survey_answer.item_id AS item_id, survey_answer.value AS value, survey_answer.answered_on AS answered_on, survey_answer.unit_id AS unit_id, survey_answer.respondent_role AS respondent_role, survey_answer.language AS language, survey_answer.channel AS channel, survey_answer.age_group AS age_group, survey_answer.provider AS provider, survey_answer.batch_id AS batch_id, survey_answer.year AS year 
FROM survey_answer) AS survey_answer_in_scope 
WHERE survey_answer_in_scope.year = (SELECT max(survey_answer_in_scope.year) AS max_2 
FROM (SELECT survey_answer.response_id AS response_id, survey_answer.item_id AS item_id, survey_answer.value AS value, survey_answer.answered_on AS answered_on, survey_answer.unit_id AS unit_id, survey_answer.respondent_role AS respondent_role, survey_answer.language AS language, survey_answer.channel AS channel, survey_answer.age_group AS age_group, survey_answer.provider AS provider, survey_answer.batch_id AS batch_id, survey_answer.year AS year 
FROM survey_answer) AS survey_answer_in_scope)
-- parameters: (none)

-- [2]
SELECT survey_answer_in_scope.unit_id AS unit_id, count(*) AS n, sum(CASE WHEN (CAST(survey_answer_in_scope.value AS DOUBLE PRECISION) >= CAST(survey_item.scale_max AS DOUBLE PRECISION) - $1) THEN $2 ELSE $3 END) AS _k 
FROM (SELECT survey_answer.response_id AS response_id, survey_answer.item_id AS item_id, survey_answer.value AS value, survey_answer.answered_on AS answered_on, survey_answer.unit_id AS unit_id, survey_answer.respondent_role AS respondent_role, survey_answer.language AS language, survey_answer.channel AS channel, survey_answer.age_group AS age_group, survey_answer.provider AS provider, survey_answer.batch_id AS batch_id, survey_answer.year AS year 
FROM survey_answer) AS survey_answer_in_scope JOIN survey_item ON survey_item.item_id = survey_answer_in_scope.item_id 
WHERE survey_answer_in_scope.year BETWEEN $4 AND $5 AND survey_answer_in_scope.answered_on BETWEEN $6 AND $7 AND CAST(survey_answer_in_scope.value AS DOUBLE PRECISION) IS NOT NULL AND survey_item.kind = $8 GROUP BY survey_answer_in_scope.unit_id
-- parameters: param_1=1, param_2=1, param_3=0, year_1=2019, year_2=2019, answered_on_1=datetime.date(2019, 1, 1), answered_on_2=datetime.date(2019, 12, 31), kind_1='likert'

-- [3]
SELECT unit.unit_id AS id, unit.name_fi AS name, unit.name_fi AS name_fi 
FROM unit
-- parameters: (none)
