-- Business hours: working seconds between two instants and due instants, under a
-- calendar in the library's text form.
SET timezone = 'UTC';
-- Monday-Friday 09:00-18:00 UTC. Friday 2026-01-09 17:55 to Monday 2026-01-12 09:05:
-- 5 minutes on Friday + 5 on Monday = 600 s.
SELECT business_seconds('2026-01-09 17:55Z', '2026-01-12 09:05Z', 'mon-fri 09:00-18:00');
-- a whole week: 5 days * 9 h = 162000 s
SELECT business_seconds('2026-01-05 00:00Z', '2026-01-12 00:00Z', 'mon-fri 09:00-18:00');
-- due after 4 working hours from Friday 16:00: 2 h on Friday, 2 h on Monday -> Monday 11:00
SELECT business_due('2026-01-09 16:00Z', 4 * 3600, 'mon-fri 09:00-18:00');
SELECT business_due('2026-01-09 16:00Z', interval '4 hours', 'mon-fri 09:00-18:00');
-- a holiday on Monday 2026-01-12 moves it to Tuesday 11:00
SELECT business_due('2026-01-09 16:00Z', 4 * 3600, E'mon-fri 09:00-18:00\nholiday 2026-01-12');
-- a time zone: 09:00-17:00 in New York is 14:00-22:00 UTC in January (EST, UTC-5):
-- from 13:00 to 15:00 UTC on Monday is one working hour
SELECT business_seconds('2026-01-12 13:00Z', '2026-01-12 15:00Z',
                        E'tz America/New_York\nmon-fri 09:00-17:00');
-- the spring-forward day 2026-03-08 (a Sunday): 01:00-03:00 local holds one hour
SELECT business_seconds('2026-03-08 00:00Z', '2026-03-09 00:00Z',
                        E'tz America/New_York\nsun 01:00-03:00');

-- SLA compliance in business hours, in one query: first reply within 2 working hours
CREATE TABLE replies(created timestamptz, replied timestamptz);
INSERT INTO replies VALUES
  ('2026-01-09 17:00Z', '2026-01-12 09:30Z'),  -- 1 h Friday + 0.5 h Monday = 1.5 h: met
  ('2026-01-09 17:00Z', '2026-01-12 11:00Z'),  -- 1 h + 2 h = 3 h: breached
  ('2026-01-12 09:00Z', '2026-01-12 10:59Z'),  -- 1 h 59 min: met
  ('2026-01-10 12:00Z', '2026-01-12 11:00Z');  -- Saturday counts nothing, 2 h Monday: met
SELECT sla_compliance_percent(business_seconds(created, replied, 'mon-fri 09:00-18:00'), 7200)
FROM replies;
-- 3 met of 4 = 75 %

-- The calendar is cached per call site: many rows with one calendar, and rows whose
-- calendar changes, give the figures of fresh parses.
SELECT sum(business_seconds(t, t + interval '1 day', 'mon-fri 09:00-18:00')) AS total
FROM generate_series(timestamptz '2026-01-05', '2026-01-11 23:00', interval '1 hour') AS t;
-- every hour of the week starts a 24-hour span; each working second is counted by the 24
-- spans that cover it: 24 * 162000 = 3888000
SELECT cal, business_seconds('2026-01-05 00:00Z', '2026-01-12 00:00Z', cal)
FROM (VALUES ('mon-fri 09:00-18:00'), ('daily 00:00-24:00'), ('mon-fri 09:00-18:00'),
             ('sat 10:00-14:00')) AS v(cal);

-- errors
SELECT business_seconds('2026-01-12 00:00Z', '2026-01-05 00:00Z', 'mon-fri 09:00-18:00');
SELECT business_seconds('2026-01-05 00:00Z', '2026-01-12 00:00Z', E'mon-fri 09:00-18:00\nmon 25:00-26:00');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT business_seconds('2026-01-05 00:00Z', '2026-01-12 00:00Z', 'tz No/Such_Zone');
SELECT business_due('2026-01-05 00:00Z', 3600, '');
SELECT business_seconds('-infinity', '2026-01-12 00:00Z', 'daily 00:00-24:00');
SELECT 'still serving' AS after_errors;
