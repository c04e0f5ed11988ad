-- school_grade on duckdb: every statement of run_query(QuerySpec(metric='school_grade', period=Period(start=datetime.date(2019, 1, 1), end=datetime.date(2019, 12, 31)), group_by=(), grain='month', service_area=(), service=(), unit=(), channel=(), language=(), respondent_role=(), survey=(), item=(), compare=None, include_misuse=False, min_n=3, public=False, extra=(), name_language='fi'))
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
SELECT CAST(date_trunc('month', survey_answer_in_scope.answered_on) AS DATE) AS period, count(*) AS n, sum(CAST(survey_answer_in_scope.value AS DOUBLE PRECISION)) AS _sum, sum(CAST(survey_answer_in_scope.value AS DOUBLE PRECISION) * CAST(survey_answer_in_scope.value AS DOUBLE PRECISION)) AS _sumsq 
FROM (SELECT survey_answer.response_id AS response_id, survey_answer.item_id AS item_id, survey_answer.value AS value, survey_answer.answered_on AS answered_on, survey_answer.unit_id AS unit_id, survey_answer.respondent_role AS respondent_role, survey_answer.language AS language, survey_answer.channel AS channel, survey_answer.age_group AS age_group, survey_answer.provider AS provider, survey_answer.batch_id AS batch_id, survey_answer.year AS year 
FROM survey_answer) AS survey_answer_in_scope JOIN survey_item ON survey_item.item_id = survey_answer_in_scope.item_id 
WHERE survey_answer_in_scope.year BETWEEN $1 AND $2 AND survey_answer_in_scope.answered_on BETWEEN $3 AND $4 AND CAST(survey_answer_in_scope.value AS DOUBLE PRECISION) IS NOT NULL AND survey_item.kind = $5 GROUP BY CAST(date_trunc('month', survey_answer_in_scope.answered_on) AS DATE)
-- parameters: year_1=2019, year_2=2019, answered_on_1=datetime.date(2019, 1, 1), answered_on_2=datetime.date(2019, 12, 31), kind_1='grade'
