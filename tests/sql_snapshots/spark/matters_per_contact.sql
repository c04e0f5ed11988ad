-- matters_per_contact on spark: every statement of run_query(QuerySpec(metric='matters_per_contact', period=Period(start=datetime.date(2019, 1, 1), end=datetime.date(2019, 12, 31)), group_by=('service_area',), grain=None, service_area=(), service=(), unit=(), channel=(), language=(), respondent_role=(), survey=(), item=(), compare=None, include_misuse=False, min_n=None, public=False, extra=(), name_language='fi'))
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
SELECT ombudsman_contact_in_scope.service_area_id AS service_area_id, count(*) AS n, sum(CAST(ombudsman_contact_in_scope.matters AS DOUBLE)) AS _sum, sum(CAST(ombudsman_contact_in_scope.matters AS DOUBLE) * CAST(ombudsman_contact_in_scope.matters AS DOUBLE)) AS _sumsq 
FROM (SELECT ombudsman_contact.contact_id AS contact_id, ombudsman_contact.contacted_on AS contacted_on, ombudsman_contact.sector AS sector, ombudsman_contact.topic AS topic, ombudsman_contact.matters AS matters, ombudsman_contact.service_area_id AS service_area_id, ombudsman_contact.batch_id AS batch_id, ombudsman_contact.year AS year 
FROM ombudsman_contact) AS ombudsman_contact_in_scope 
WHERE ombudsman_contact_in_scope.year BETWEEN :`year_1` AND :`year_2` AND ombudsman_contact_in_scope.contacted_on BETWEEN :`contacted_on_1` AND :`contacted_on_2` GROUP BY ombudsman_contact_in_scope.service_area_id
-- parameters: year_1=2019, year_2=2019, contacted_on_1=datetime.date(2019, 1, 1), contacted_on_2=datetime.date(2019, 12, 31)

-- [3]
SELECT service_area.service_area_id AS id, service_area.name_fi AS name, service_area.name_fi AS name_fi 
FROM service_area
-- parameters: (none)
