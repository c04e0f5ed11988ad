-- cases_per_10k_visits on spark: every statement of run_query(QuerySpec(metric='cases_per_10k_visits', period=Period(start=datetime.date(2019, 1, 1), end=datetime.date(2019, 12, 31)), group_by=('unit',), grain='quarter', service_area=(), service=(), unit=(), channel=(), language=(), respondent_role=(), survey=(), item=(), compare=None, include_misuse=False, min_n=3, public=False, extra=(), name_language='fi'))
-- Regenerate with `make sql-snapshots` (tests/test_engines_sql_snapshots.py).

-- [1]
SELECT max(case_in_scope.received_on) AS max_1 
FROM (SELECT `case`.case_id AS case_id, `case`.case_kind AS case_kind, `case`.received_on AS received_on, `case`.decided_on AS decided_on, `case`.service_area_id AS service_area_id, `case`.unit_id AS unit_id, `case`.reason AS reason, `case`.outcome AS outcome, `case`.updated_at AS updated_at, `case`.batch_id AS batch_id, `case`.year AS year 
FROM `case`) AS case_in_scope 
WHERE case_in_scope.year = (SELECT max(case_in_scope.year) AS max_2 
FROM (SELECT `case`.case_id AS case_id, `case`.case_kind AS case_kind, `case`.received_on AS received_on, `case`.decided_on AS decided_on, `case`.service_area_id AS service_area_id, `case`.unit_id AS unit_id, `case`.reason AS reason, `case`.outcome AS outcome, `case`.updated_at AS updated_at, `case`.batch_id AS batch_id, `case`.year AS year 
FROM `case`) AS case_in_scope)
-- parameters: (none)

-- [2]
SELECT case_in_scope.unit_id AS unit_id, trunc(CAST(case_in_scope.received_on AS DATE), 'QUARTER') AS period, count(*) AS n 
FROM (SELECT `case`.case_id AS case_id, `case`.case_kind AS case_kind, `case`.received_on AS received_on, `case`.decided_on AS decided_on, `case`.service_area_id AS service_area_id, `case`.unit_id AS unit_id, `case`.reason AS reason, `case`.outcome AS outcome, `case`.updated_at AS updated_at, `case`.batch_id AS batch_id, `case`.year AS year 
FROM `case`) AS case_in_scope LEFT OUTER JOIN unit ON unit.unit_id = case_in_scope.unit_id 
WHERE case_in_scope.year BETWEEN :`year_1` AND :`year_2` AND case_in_scope.received_on BETWEEN :`received_on_1` AND :`received_on_2` AND case_in_scope.unit_id IS NOT NULL GROUP BY case_in_scope.unit_id, trunc(CAST(case_in_scope.received_on AS DATE), 'QUARTER')
-- parameters: year_1=2019, year_2=2019, received_on_1=datetime.date(2019, 1, 1), received_on_2=datetime.date(2019, 12, 31)

-- [3]
SELECT visits_in_scope.unit_id AS unit_id, trunc(CAST(visits_in_scope.month AS DATE), 'QUARTER') AS period, sum(CAST(visits_in_scope.visits AS DOUBLE)) AS _exposure 
FROM (SELECT visits.unit_id AS unit_id, visits.month AS month, visits.visits AS visits, visits.batch_id AS batch_id, visits.year AS year 
FROM visits) AS visits_in_scope 
WHERE visits_in_scope.year BETWEEN :`year_1` AND :`year_2` AND visits_in_scope.month BETWEEN :`month_1` AND :`month_2` GROUP BY visits_in_scope.unit_id, trunc(CAST(visits_in_scope.month AS DATE), 'QUARTER')
-- parameters: year_1=2019, year_2=2019, month_1=datetime.date(2019, 1, 1), month_2=datetime.date(2019, 12, 31)

-- [4]
SELECT unit.unit_id AS id, unit.name_fi AS name, unit.name_fi AS name_fi 
FROM unit
-- parameters: (none)
