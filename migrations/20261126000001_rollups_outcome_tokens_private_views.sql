-- Analytics that cannot single anyone out (issue 19), and fast on a large log (issue 12).
--
-- 1. Daily rollups, maintained by the writer in the same statement as the decisions it
--    inserts (only rows actually inserted count, so replays stay idempotent) and by
--    recordOutcome in its transaction. Every aggregate reads these, never the raw rows:
--    a year of a busy log is thousands of rollup rows, not millions of decisions.
-- 2. The hash of each decision's outcome token: recordOutcome needs the token that
--    submitProfile returned, so only the submitter can report what the team chose.
-- 3. The catalog's keys (frameworks, criterion options), written by the service at
--    start-up, so breakdowns list every key whether or not it has decisions: a key's
--    presence must not say "at least one decision here".
-- 4. The BI views, rebuilt on the rollups with the API's rules: whole weeks, weeks with
--    fewer than min_group_size decisions left out, every key listed, small cells (zero
--    included) hidden until what is hidden adds up to zero or to at least min_group_size.

ALTER TABLE decisions ADD COLUMN outcome_token_hash bytea;
COMMENT ON COLUMN decisions.outcome_token_hash IS
    'SHA-256 of the outcome token returned once by submitProfile; NULL for decisions logged before tokens existed.';

-- Client names are '' rather than NULL in the rollups, so they can be part of a primary key.
CREATE TABLE decision_days (
    day              date    NOT NULL,
    week             date    NOT NULL GENERATED ALWAYS AS (day - (extract(isodow FROM day)::integer - 1)) STORED,
    client_name      text    NOT NULL,
    catalog_version  text    NOT NULL,
    top_framework    text    NOT NULL,
    decisions        integer NOT NULL,
    CONSTRAINT decision_days_pkey PRIMARY KEY (day, client_name, catalog_version, top_framework)
);
CREATE INDEX decision_days_week ON decision_days (week);

-- Answers given with a weight above zero (a weight of 0 means "ignore": not an answer).
CREATE TABLE answer_days (
    day              date    NOT NULL,
    week             date    NOT NULL GENERATED ALWAYS AS (day - (extract(isodow FROM day)::integer - 1)) STORED,
    client_name      text    NOT NULL,
    catalog_version  text    NOT NULL,
    criterion        text    NOT NULL,
    option           text    NOT NULL,
    top_framework    text    NOT NULL,
    decisions        integer NOT NULL,
    CONSTRAINT answer_days_pkey
        PRIMARY KEY (criterion, day, client_name, catalog_version, option, top_framework)
);
CREATE INDEX answer_days_week ON answer_days (criterion, week);

-- Outcomes by the day of the decision they report on.
CREATE TABLE outcome_days (
    day              date    NOT NULL,
    week             date    NOT NULL GENERATED ALWAYS AS (day - (extract(isodow FROM day)::integer - 1)) STORED,
    client_name      text    NOT NULL,
    catalog_version  text    NOT NULL,
    recommended      text    NOT NULL,
    chosen           text    NOT NULL,
    decisions        integer NOT NULL,
    CONSTRAINT outcome_days_pkey
        PRIMARY KEY (day, client_name, catalog_version, recommended, chosen),
    CONSTRAINT outcome_days_not_negative CHECK (decisions >= 0)
);
CREATE INDEX outcome_days_week ON outcome_days (week);

INSERT INTO decision_days (day, client_name, catalog_version, top_framework, decisions)
SELECT (decided_hour AT TIME ZONE 'UTC')::date, coalesce(client_name, ''), catalog_version,
       top_framework, count(*)
FROM decisions
GROUP BY 1, 2, 3, 4;

INSERT INTO answer_days (day, client_name, catalog_version, criterion, option, top_framework, decisions)
SELECT (d.decided_hour AT TIME ZONE 'UTC')::date, coalesce(d.client_name, ''), d.catalog_version,
       a ->> 'criterion', a ->> 'option', d.top_framework, count(*)
FROM decisions d, jsonb_array_elements(d.answers) AS a
WHERE (a ->> 'weight')::float8 > 0
GROUP BY 1, 2, 3, 4, 5, 6;

INSERT INTO outcome_days (day, client_name, catalog_version, recommended, chosen, decisions)
SELECT (d.decided_hour AT TIME ZONE 'UTC')::date, coalesce(d.client_name, ''), d.catalog_version,
       d.top_framework, o.chosen_framework, count(*)
FROM decision_outcomes o JOIN decisions d USING (decision_id)
GROUP BY 1, 2, 3, 4, 5;

-- The keys of the catalog being served: kind 'framework' (a = framework id) or 'option'
-- (a = criterion id, b = option id), in catalog order (position).
CREATE TABLE analytics_keys (
    kind      text    NOT NULL,
    a         text    NOT NULL,
    b         text    NOT NULL DEFAULT '',
    position  integer NOT NULL,
    CONSTRAINT analytics_keys_pkey PRIMARY KEY (kind, a, b),
    CONSTRAINT analytics_keys_kind CHECK (kind IN ('framework', 'option'))
);

-- The suppression rule of src/privacy/suppression.rs, for the views: every count below k
-- (zero included) is hidden, then the smallest visible ones too while the hidden counts
-- plus the residual (decisions no listed cell counts) add up to more than 0 but less
-- than k. Ties go to the earlier cell.
CREATE FUNCTION fm_suppress(counts bigint[], residual bigint, k integer)
RETURNS bigint[] LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    n      integer := coalesce(array_length(counts, 1), 0);
    hidden boolean[] := array_fill(false, ARRAY[n]);
    total  bigint := residual;
    best   integer;
    result bigint[] := counts;
BEGIN
    FOR i IN 1..n LOOP
        IF counts[i] < k THEN
            hidden[i] := true;
            total := total + counts[i];
        END IF;
    END LOOP;
    WHILE total > 0 AND total < k LOOP
        best := NULL;
        FOR i IN 1..n LOOP
            IF NOT hidden[i] AND (best IS NULL OR counts[i] < counts[best]) THEN
                best := i;
            END IF;
        END LOOP;
        EXIT WHEN best IS NULL;
        hidden[best] := true;
        total := total + counts[best];
    END LOOP;
    FOR i IN 1..n LOOP
        IF hidden[i] THEN
            result[i] := NULL;
        END IF;
    END LOOP;
    RETURN result;
END
$$;

DROP VIEW bi_framework_counts, bi_answer_counts, bi_daily_counts, bi_outcome_counts;

-- Weeks with at least min_group_size decisions: the only ones any view counts.
CREATE VIEW bi_kept_weeks AS
SELECT d.week, sum(d.decisions) AS decisions
FROM decision_days d
GROUP BY d.week
HAVING sum(d.decisions) >= (SELECT min_group_size FROM analytics_settings);

CREATE VIEW bi_framework_counts AS
WITH counts AS (
    SELECT k.a AS framework_id, k.position,
           coalesce((SELECT sum(d.decisions) FROM decision_days d
                     WHERE d.top_framework = k.a AND d.week IN (SELECT week FROM bi_kept_weeks)), 0)::bigint AS n
    FROM analytics_keys k WHERE k.kind = 'framework'
), total AS (
    SELECT coalesce(sum(decisions), 0)::bigint AS n FROM bi_kept_weeks
), shown AS (
    SELECT fm_suppress(array_agg(c.n ORDER BY c.position), (t.n - sum(c.n))::bigint, s.min_group_size) AS counts,
           array_agg(c.framework_id ORDER BY c.position) AS ids
    FROM counts c, total t, analytics_settings s
    GROUP BY t.n, s.min_group_size
)
SELECT u.framework_id, u.decisions
FROM shown, unnest(shown.ids, shown.counts) AS u(framework_id, decisions);

CREATE VIEW bi_answer_counts AS
WITH counts AS (
    SELECT k.a AS criterion_id, k.b AS option_id, k.position,
           coalesce((SELECT sum(d.decisions) FROM answer_days d
                     WHERE d.criterion = k.a AND d.option = k.b
                       AND d.week IN (SELECT week FROM bi_kept_weeks)), 0)::bigint AS n
    FROM analytics_keys k WHERE k.kind = 'option'
), total AS (
    SELECT coalesce(sum(decisions), 0)::bigint AS n FROM bi_kept_weeks
), shown AS (
    SELECT c.criterion_id,
           fm_suppress(array_agg(c.n ORDER BY c.position), (t.n - sum(c.n))::bigint, s.min_group_size) AS counts,
           array_agg(c.option_id ORDER BY c.position) AS ids
    FROM counts c, total t, analytics_settings s
    GROUP BY c.criterion_id, t.n, s.min_group_size
)
SELECT shown.criterion_id, u.option_id, u.decisions
FROM shown, unnest(shown.ids, shown.counts) AS u(option_id, decisions);

-- Every day of every kept week, suppressed within its week (the week's total is what the
-- other views reveal, so each week is one breakdown with no residual).
CREATE VIEW bi_daily_counts AS
WITH days AS (
    SELECT w.week, (w.week + i) AS day,
           coalesce((SELECT sum(d.decisions) FROM decision_days d WHERE d.day = w.week + i), 0)::bigint AS n
    FROM bi_kept_weeks w, generate_series(0, 6) AS i
), shown AS (
    SELECT d.week, fm_suppress(array_agg(d.n ORDER BY d.day), 0, s.min_group_size) AS counts,
           array_agg(d.day ORDER BY d.day) AS days
    FROM days d, analytics_settings s
    GROUP BY d.week, s.min_group_size
)
SELECT u.day, u.decisions
FROM shown, unnest(shown.days, shown.counts) AS u(day, decisions);

-- Every (recommended, chosen) pair of catalog frameworks; the residual is the decisions
-- without a reported outcome.
CREATE VIEW bi_outcome_counts AS
WITH pairs AS (
    SELECT r.a AS recommended_framework_id, c.a AS chosen_framework_id,
           r.position * 10000 + c.position AS position,
           coalesce((SELECT sum(o.decisions) FROM outcome_days o
                     WHERE o.recommended = r.a AND o.chosen = c.a
                       AND o.week IN (SELECT week FROM bi_kept_weeks)), 0)::bigint AS n
    FROM analytics_keys r, analytics_keys c
    WHERE r.kind = 'framework' AND c.kind = 'framework'
), total AS (
    SELECT coalesce(sum(decisions), 0)::bigint AS n FROM bi_kept_weeks
), shown AS (
    SELECT fm_suppress(array_agg(p.n ORDER BY p.position), (t.n - sum(p.n))::bigint, s.min_group_size) AS counts,
           array_agg(p.recommended_framework_id ORDER BY p.position) AS recommended,
           array_agg(p.chosen_framework_id ORDER BY p.position) AS chosen
    FROM pairs p, total t, analytics_settings s
    GROUP BY t.n, s.min_group_size
)
SELECT u.recommended_framework_id, u.chosen_framework_id, u.decisions
FROM shown, unnest(shown.recommended, shown.chosen, shown.counts)
    AS u(recommended_framework_id, chosen_framework_id, decisions);

GRANT SELECT ON bi_kept_weeks, bi_framework_counts, bi_answer_counts, bi_daily_counts,
    bi_outcome_counts TO framework_matrix_analyst;
