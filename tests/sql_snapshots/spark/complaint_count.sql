-- complaint_count on spark: every statement of run_query(QuerySpec(metric='complaint_count', period=Period(start=datetime.date(2019, 1, 1), end=datetime.date(2019, 12, 31)), group_by=('unit',), grain=None, service_area=(), service=(), unit=(), channel=(), language=(), respondent_role=(), survey=(), item=(), compare='last_year', include_misuse=False, min_n=None, public=True, extra=(), name_language='fi'))
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
SELECT case_in_scope.unit_id AS unit_id, CASE WHEN (case_in_scope.received_on >= :`received_on_1`) THEN :`param_1` ELSE :`param_2` END AS _side, count(*) AS n 
FROM (SELECT `case`.case_id AS case_id, `case`.case_kind AS case_kind, `case`.received_on AS received_on, `case`.decided_on AS decided_on, `case`.service_area_id AS service_area_id, `case`.unit_id AS unit_id, `case`.reason AS reason, `case`.outcome AS outcome, `case`.updated_at AS updated_at, `case`.batch_id AS batch_id, `case`.year AS year 
FROM `case`) AS case_in_scope LEFT OUTER JOIN unit ON unit.unit_id = case_in_scope.unit_id 
WHERE case_in_scope.year BETWEEN :`year_1` AND :`year_2` AND case_in_scope.received_on BETWEEN :`received_on_2` AND :`received_on_3` AND case_in_scope.case_kind IN (:`case_kind_1_1`, :`case_kind_1_2`, :`case_kind_1_3`, :`case_kind_1_4`) AND (case_in_scope.year BETWEEN :`year_3` AND :`year_4` AND case_in_scope.received_on BETWEEN :`received_on_4` AND :`received_on_5` OR case_in_scope.year BETWEEN :`year_5` AND :`year_6` AND case_in_scope.received_on BETWEEN :`received_on_6` AND :`received_on_7`) GROUP BY case_in_scope.unit_id, CASE WHEN (case_in_scope.received_on >= :`received_on_1`) THEN :`param_1` ELSE :`param_2` END
-- parameters: received_on_1=datetime.date(2019, 1, 1), param_1=1, param_2=0, year_1=2018, year_2=2019, received_on_2=datetime.date(2018, 1, 1), received_on_3=datetime.date(2019, 6, 3), year_3=2019, year_4=2019, received_on_4=datetime.date(2019, 1, 1), received_on_5=datetime.date(2019, 6, 3), year_5=2018, year_6=2018, received_on_6=datetime.date(2018, 1, 1), received_on_7=datetime.date(2018, 6, 3), case_kind_1_1='muistutus', case_kind_1_2='kantelu_avi', case_kind_1_3='kantelu_eoa', case_kind_1_4='kantelu_okv'

-- [3]
SELECT case_in_scope.unit_id AS unit_id, count(*) AS n 
FROM (SELECT `case`.case_id AS case_id, `case`.case_kind AS case_kind, `case`.received_on AS received_on, `case`.decided_on AS decided_on, `case`.service_area_id AS service_area_id, `case`.unit_id AS unit_id, `case`.reason AS reason, `case`.outcome AS outcome, `case`.updated_at AS updated_at, `case`.batch_id AS batch_id, `case`.year AS year 
FROM `case`) AS case_in_scope LEFT OUTER JOIN unit ON unit.unit_id = case_in_scope.unit_id 
WHERE case_in_scope.year BETWEEN :`year_1` AND :`year_2` AND case_in_scope.received_on BETWEEN :`received_on_1` AND :`received_on_2` AND case_in_scope.case_kind IN (:`case_kind_1_1`, :`case_kind_1_2`, :`case_kind_1_3`, :`case_kind_1_4`) GROUP BY case_in_scope.unit_id
-- parameters: year_1=2019, year_2=2019, received_on_1=datetime.date(2019, 1, 1), received_on_2=datetime.date(2019, 12, 31), case_kind_1_1='muistutus', case_kind_1_2='kantelu_avi', case_kind_1_3='kantelu_eoa', case_kind_1_4='kantelu_okv'

-- [4]
SELECT unit.unit_id AS id, unit.name_fi AS name, unit.name_fi AS name_fi 
FROM unit
-- parameters: (none)
