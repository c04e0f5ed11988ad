-- statement_mean on duckdb: every statement of run_query(QuerySpec(metric='statement_mean', period=Period(start=datetime.date(2019, 1, 1), end=datetime.date(2019, 12, 31)), group_by=('item',), grain=None, service_area=(), service=(), unit=(), channel=(), language=(), respondent_role=(), survey=(), item=(), compare='last_year', include_misuse=False, min_n=None, public=False, extra=(), name_language='fi'))
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
SELECT survey_answer_in_scope.item_id AS item_id, survey_item.survey_id AS survey_id, CASE WHEN (survey_answer_in_scope.answered_on >= $1) THEN $2 ELSE $3 END AS _side, count(*) AS n, sum(CAST(survey_answer_in_scope.value AS DOUBLE PRECISION)) AS _sum, sum(CAST(survey_answer_in_scope.value AS DOUBLE PRECISION) * CAST(survey_answer_in_scope.value AS DOUBLE PRECISION)) AS _sumsq 
FROM (SELECT survey_answer.response_id AS response_id, survey_answer.item_id AS item_id, survey_answer.value AS value, survey_answer.answered_on AS answered_on, survey_answer.unit_id AS unit_id, survey_answer.respondent_role AS respondent_role, survey_answer.language AS language, survey_answer.channel AS channel, survey_answer.age_group AS age_group, survey_answer.provider AS provider, survey_answer.batch_id AS batch_id, survey_answer.year AS year 
FROM survey_answer) AS survey_answer_in_scope JOIN survey_item ON survey_item.item_id = survey_answer_in_scope.item_id 
WHERE survey_answer_in_scope.year BETWEEN $4 AND $5 AND survey_answer_in_scope.answered_on BETWEEN $6 AND $7 AND CAST(survey_answer_in_scope.value AS DOUBLE PRECISION) IS NOT NULL AND survey_item.kind IN ($16, $17) AND (survey_answer_in_scope.year BETWEEN $8 AND $9 AND survey_answer_in_scope.answered_on BETWEEN $10 AND $11 OR survey_answer_in_scope.year BETWEEN $12 AND $13 AND survey_answer_in_scope.answered_on BETWEEN $14 AND $15) GROUP BY survey_answer_in_scope.item_id, survey_item.survey_id, CASE WHEN (survey_answer_in_scope.answered_on >= $1) THEN $2 ELSE $3 END
-- parameters: answered_on_1=datetime.date(2019, 1, 1), param_1=1, param_2=0, year_1=2018, year_2=2019, answered_on_2=datetime.date(2018, 1, 1), answered_on_3=datetime.date(2019, 6, 3), year_3=2019, year_4=2019, answered_on_4=datetime.date(2019, 1, 1), answered_on_5=datetime.date(2019, 6, 3), year_5=2018, year_6=2018, answered_on_6=datetime.date(2018, 1, 1), answered_on_7=datetime.date(2018, 6, 3), kind_1_1='likert', kind_1_2='grade'

-- [3]
SELECT survey_answer_in_scope.item_id AS item_id, count(*) AS n, sum(CAST(survey_answer_in_scope.value AS DOUBLE PRECISION)) AS _sum, sum(CAST(survey_answer_in_scope.value AS DOUBLE PRECISION) * CAST(survey_answer_in_scope.value AS DOUBLE PRECISION)) AS _sumsq 
FROM (SELECT survey_answer.response_id AS response_id, survey_answer.item_id AS item_id, survey_answer.value AS value, survey_answer.answered_on AS answered_on, survey_answer.unit_id AS unit_id, survey_answer.respondent_role AS respondent_role, survey_answer.language AS language, survey_answer.channel AS channel, survey_answer.age_group AS age_group, survey_answer.provider AS provider, survey_answer.batch_id AS batch_id, survey_answer.year AS year 
FROM survey_answer) AS survey_answer_in_scope JOIN survey_item ON survey_item.item_id = survey_answer_in_scope.item_id 
WHERE survey_answer_in_scope.year BETWEEN $1 AND $2 AND survey_answer_in_scope.answered_on BETWEEN $3 AND $4 AND CAST(survey_answer_in_scope.value AS DOUBLE PRECISION) IS NOT NULL AND survey_item.kind IN ($5, $6) GROUP BY survey_answer_in_scope.item_id
-- parameters: year_1=2019, year_2=2019, answered_on_1=datetime.date(2019, 1, 1), answered_on_2=datetime.date(2019, 12, 31), kind_1_1='likert', kind_1_2='grade'

-- [4]
SELECT survey_item.item_id AS id, survey_item.text_fi AS name, survey_item.text_fi AS name_fi 
FROM survey_item
-- parameters: (none)
