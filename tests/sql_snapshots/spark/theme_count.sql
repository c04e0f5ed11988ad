-- theme_count on spark: every statement of run_query(QuerySpec(metric='theme_count', period=Period(start=datetime.date(2019, 1, 1), end=datetime.date(2019, 12, 31)), group_by=('theme',), grain=None, service_area=(), service=(), unit=(), channel=(), language=(), respondent_role=(), survey=(), item=(), compare='last_year', include_misuse=False, min_n=None, public=True, extra=(), name_language='fi'))
-- Regenerate with `make sql-snapshots` (tests/test_engines_sql_snapshots.py).

-- [1]
SELECT max(feedback_theme_in_scope.received_on) AS max_1 
FROM (SELECT feedback_theme.source AS source, feedback_theme.record_id AS record_id, feedback_theme.theme AS theme, feedback_theme.received_on AS received_on, feedback_theme.unit_id AS unit_id, feedback_theme.service_area_id AS service_area_id, feedback_theme.sentiment AS sentiment, feedback_theme.feedback_type AS feedback_type, feedback_theme.category AS category, feedback_theme.language AS language, feedback_theme.words AS words, feedback_theme.lemmas AS lemmas, feedback_theme.lexicon_version AS lexicon_version, feedback_theme.batch_id AS batch_id, feedback_theme.year AS year 
FROM feedback_theme) AS feedback_theme_in_scope 
WHERE feedback_theme_in_scope.year = (SELECT max(feedback_theme_in_scope.year) AS max_2 
FROM (SELECT feedback_theme.source AS source, feedback_theme.record_id AS record_id, feedback_theme.theme AS theme, feedback_theme.received_on AS received_on, feedback_theme.unit_id AS unit_id, feedback_theme.service_area_id AS service_area_id, feedback_theme.sentiment AS sentiment, feedback_theme.feedback_type AS feedback_type, feedback_theme.category AS category, feedback_theme.language AS language, feedback_theme.words AS words, feedback_theme.lemmas AS lemmas, feedback_theme.lexicon_version AS lexicon_version, feedback_theme.batch_id AS batch_id, feedback_theme.year AS year 
FROM feedback_theme) AS feedback_theme_in_scope)
-- parameters: (none)

-- [2]
SELECT feedback_theme_in_scope.theme AS theme, CASE WHEN (feedback_theme_in_scope.received_on >= :`received_on_1`) THEN :`param_1` ELSE :`param_2` END AS _side, count(*) AS n 
FROM (SELECT feedback_theme.source AS source, feedback_theme.record_id AS record_id, feedback_theme.theme AS theme, feedback_theme.received_on AS received_on, feedback_theme.unit_id AS unit_id, feedback_theme.service_area_id AS service_area_id, feedback_theme.sentiment AS sentiment, feedback_theme.feedback_type AS feedback_type, feedback_theme.category AS category, feedback_theme.language AS language, feedback_theme.words AS words, feedback_theme.lemmas AS lemmas, feedback_theme.lexicon_version AS lexicon_version, feedback_theme.batch_id AS batch_id, feedback_theme.year AS year 
FROM feedback_theme) AS feedback_theme_in_scope LEFT OUTER JOIN unit ON unit.unit_id = feedback_theme_in_scope.unit_id 
WHERE feedback_theme_in_scope.year BETWEEN :`year_1` AND :`year_2` AND feedback_theme_in_scope.received_on BETWEEN :`received_on_2` AND :`received_on_3` AND (feedback_theme_in_scope.year BETWEEN :`year_3` AND :`year_4` AND feedback_theme_in_scope.received_on BETWEEN :`received_on_4` AND :`received_on_5` OR feedback_theme_in_scope.year BETWEEN :`year_5` AND :`year_6` AND feedback_theme_in_scope.received_on BETWEEN :`received_on_6` AND :`received_on_7`) GROUP BY feedback_theme_in_scope.theme, CASE WHEN (feedback_theme_in_scope.received_on >= :`received_on_1`) THEN :`param_1` ELSE :`param_2` END
-- parameters: received_on_1=datetime.date(2019, 1, 1), param_1=1, param_2=0, year_1=2018, year_2=2019, received_on_2=datetime.date(2018, 1, 1), received_on_3=datetime.date(2019, 10, 12), year_3=2019, year_4=2019, received_on_4=datetime.date(2019, 1, 1), received_on_5=datetime.date(2019, 10, 12), year_5=2018, year_6=2018, received_on_6=datetime.date(2018, 1, 1), received_on_7=datetime.date(2018, 10, 12)

-- [3]
SELECT feedback_theme_in_scope.theme AS theme, count(*) AS n 
FROM (SELECT feedback_theme.source AS source, feedback_theme.record_id AS record_id, feedback_theme.theme AS theme, feedback_theme.received_on AS received_on, feedback_theme.unit_id AS unit_id, feedback_theme.service_area_id AS service_area_id, feedback_theme.sentiment AS sentiment, feedback_theme.feedback_type AS feedback_type, feedback_theme.category AS category, feedback_theme.language AS language, feedback_theme.words AS words, feedback_theme.lemmas AS lemmas, feedback_theme.lexicon_version AS lexicon_version, feedback_theme.batch_id AS batch_id, feedback_theme.year AS year 
FROM feedback_theme) AS feedback_theme_in_scope LEFT OUTER JOIN unit ON unit.unit_id = feedback_theme_in_scope.unit_id 
WHERE feedback_theme_in_scope.year BETWEEN :`year_1` AND :`year_2` AND feedback_theme_in_scope.received_on BETWEEN :`received_on_1` AND :`received_on_2` GROUP BY feedback_theme_in_scope.theme
-- parameters: year_1=2019, year_2=2019, received_on_1=datetime.date(2019, 1, 1), received_on_2=datetime.date(2019, 12, 31)
