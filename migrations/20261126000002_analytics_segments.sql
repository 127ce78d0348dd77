-- Analytics by client and by catalog version (issue 12) need a finer rule than "weeks with
-- fewer than min_group_size decisions count nowhere": with per-client figures, the whole
-- log's total minus the totals of the other clients isolated a small client's week. The
-- unit that must reach min_group_size is now the *segment*: one week of one client (''
-- for none) under one catalog version. A smaller segment counts nowhere, in the API and
-- in these views, so every counted set is a union of segments of at least min_group_size
-- and any two answers differ by such segments (src/privacy/mod.rs).
--
-- The daily rollups already hold the segment's keys; the dashboard's queries stay on them
-- (BENCHMARKS.md, section 7: 1 million decisions are a few thousand rollup rows).

CREATE VIEW bi_kept_segments AS
SELECT d.week, d.client_name, d.catalog_version, sum(d.decisions)::bigint AS decisions
FROM decision_days d
GROUP BY d.week, d.client_name, d.catalog_version
HAVING sum(d.decisions) >= (SELECT min_group_size FROM analytics_settings);

-- Same columns as before (CREATE OR REPLACE keeps the grants): the weeks holding at
-- least one counted segment, with the counted decisions only.
CREATE OR REPLACE VIEW bi_kept_weeks AS
SELECT s.week, sum(s.decisions)::bigint AS decisions
FROM bi_kept_segments s
GROUP BY s.week;

CREATE OR REPLACE VIEW bi_framework_counts AS
WITH counts AS (
    SELECT k.a AS framework_id, k.position,
           coalesce((SELECT sum(d.decisions) FROM decision_days d
                     WHERE d.top_framework = k.a
                       AND (d.week, d.client_name, d.catalog_version) IN
                           (SELECT week, client_name, catalog_version FROM bi_kept_segments)), 0)::bigint AS n
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

CREATE OR REPLACE VIEW bi_answer_counts AS
WITH counts AS (
    SELECT k.a AS criterion_id, k.b AS option_id, k.position,
           coalesce((SELECT sum(d.decisions) FROM answer_days d
                     WHERE d.criterion = k.a AND d.option = k.b
                       AND (d.week, d.client_name, d.catalog_version) IN
                           (SELECT week, client_name, catalog_version FROM bi_kept_segments)), 0)::bigint AS n
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

CREATE OR REPLACE VIEW bi_daily_counts AS
WITH days AS (
    SELECT w.week, (w.week + i) AS day,
           coalesce((SELECT sum(d.decisions) FROM decision_days d
                     WHERE d.day = w.week + i
                       AND (d.week, d.client_name, d.catalog_version) IN
                           (SELECT week, client_name, catalog_version FROM bi_kept_segments)), 0)::bigint AS n
    FROM bi_kept_weeks w, generate_series(0, 6) AS i
), shown AS (
    SELECT d.week, fm_suppress(array_agg(d.n ORDER BY d.day), 0, s.min_group_size) AS counts,
           array_agg(d.day ORDER BY d.day) AS days
    FROM days d, analytics_settings s
    GROUP BY d.week, s.min_group_size
)
SELECT u.day, u.decisions
FROM shown, unnest(shown.days, shown.counts) AS u(day, decisions);

CREATE OR REPLACE VIEW bi_outcome_counts AS
WITH pairs AS (
    SELECT r.a AS recommended_framework_id, c.a AS chosen_framework_id,
           r.position * 10000 + c.position AS position,
           coalesce((SELECT sum(o.decisions) FROM outcome_days o
                     WHERE o.recommended = r.a AND o.chosen = c.a
                       AND (o.week, o.client_name, o.catalog_version) IN
                           (SELECT week, client_name, catalog_version FROM bi_kept_segments)), 0)::bigint AS n
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

GRANT SELECT ON bi_kept_segments TO framework_matrix_analyst;
