-- ombudsman_contacts on spark: every statement of run_query(QuerySpec(metric='ombudsman_contacts', period=Period(start=datetime.date(2019, 1, 1), end=datetime.date(2019, 12, 31)), group_by=('sector',), grain=None, service_area=(), service=(), unit=(), channel=(), language=(), respondent_role=(), survey=(), item=(), compare='last_year', include_misuse=False, min_n=None, public=False, extra=(), name_language='fi'))
-- Regenerate with `make sql-snapshots` (tests/test_engines_sql_snapshots.py).

-- [1]
SELECT max(ombudsman_contact_in_scope.contacted_on) AS max_1 
FROM (SELECT ombudsman_contact.contact_id AS contact_id, ombudsman_contact.contacted_on AS contacted_on, ombudsman_contact.sector AS sector, ombudsman_contact.topic AS topic, ombudsman_contact.matters AS matters, ombudsman_contact.service_area_id AS service_area_id, ombudsman_contact.batch_id AS batch_id, ombudsman_contact.year AS year 
FROM ombudsman_contact) AS ombudsman_contact_in_scope 
WHERE ombudsman_contact_in_scope.year = (SELECT max(ombudsman_contact_in_scope.year) AS max_2 
FROM (SELECT ombudsman_contact.contact_id AS contact_id, ombudsman_contact.contacted_on AS contacted_on, ombudsman_contact.sector AS sector, ombudsman_contact.topic AS topic, ombudsman_contact.matters AS matters, ombudsman_contact.service_area_id AS service_area_id, ombudsman_contact.batch_id AS batch_id, ombudsman_contact.year AS year 
FROM ombudsman_contact) AS ombudsman_contact_in_scope)
-- parameters: (none)

-- [2]
SELECT ombudsman_contact_in_scope.sector AS sector, CASE WHEN (ombudsman_contact_in_scope.contacted_on >= :`contacted_on_1`) THEN :`param_1` ELSE :`param_2` END AS _side, count(*) AS n 
FROM (SELECT ombudsman_contact.contact_id AS contact_id, ombudsman_contact.contacted_on AS contacted_on, ombudsman_contact.sector AS sector, ombudsman_contact.topic AS topic, ombudsman_contact.matters AS matters, ombudsman_contact.service_area_id AS service_area_id, ombudsman_contact.batch_id AS batch_id, ombudsman_contact.year AS year 
FROM ombudsman_contact) AS ombudsman_contact_in_scope 
WHERE ombudsman_contact_in_scope.year BETWEEN :`year_1` AND :`year_2` AND ombudsman_contact_in_scope.contacted_on BETWEEN :`contacted_on_2` AND :`contacted_on_3` AND (ombudsman_contact_in_scope.year BETWEEN :`year_3` AND :`year_4` AND ombudsman_contact_in_scope.contacted_on BETWEEN :`contacted_on_4` AND :`contacted_on_5` OR ombudsman_contact_in_scope.year BETWEEN :`year_5` AND :`year_6` AND ombudsman_contact_in_scope.contacted_on BETWEEN :`contacted_on_6` AND :`contacted_on_7`) GROUP BY ombudsman_contact_in_scope.sector, CASE WHEN (ombudsman_contact_in_scope.contacted_on >= :`contacted_on_1`) THEN :`param_1` ELSE :`param_2` END
-- parameters: contacted_on_1=datetime.date(2019, 1, 1), param_1=1, param_2=0, year_1=2018, year_2=2019, contacted_on_2=datetime.date(2018, 1, 1), contacted_on_3=datetime.date(2019, 4, 10), year_3=2019, year_4=2019, contacted_on_4=datetime.date(2019, 1, 1), contacted_on_5=datetime.date(2019, 4, 10), year_5=2018, year_6=2018, contacted_on_6=datetime.date(2018, 1, 1), contacted_on_7=datetime.date(2018, 4, 10)

-- [3]
SELECT ombudsman_contact_in_scope.sector AS sector, count(*) AS n 
FROM (SELECT ombudsman_contact.contact_id AS contact_id, ombudsman_contact.contacted_on AS contacted_on, ombudsman_contact.sector AS sector, ombudsman_contact.topic AS topic, ombudsman_contact.matters AS matters, ombudsman_contact.service_area_id AS service_area_id, ombudsman_contact.batch_id AS batch_id, ombudsman_contact.year AS year 
FROM ombudsman_contact) AS ombudsman_contact_in_scope 
WHERE ombudsman_contact_in_scope.year BETWEEN :`year_1` AND :`year_2` AND ombudsman_contact_in_scope.contacted_on BETWEEN :`contacted_on_1` AND :`contacted_on_2` GROUP BY ombudsman_contact_in_scope.sector
-- parameters: year_1=2019, year_2=2019, contacted_on_1=datetime.date(2019, 1, 1), contacted_on_2=datetime.date(2019, 12, 31)
