-- Views for BI tools (Metabase, Grafana, Superset) that apply the same small-group
-- suppression as the analytics API: a count below analytics_settings.min_group_size is
-- NULL, and when exactly one cell of a breakdown would be hidden, the next smallest is
-- hidden too, so the hidden value cannot be recovered by subtracting from a total.
-- Analysts who connect directly should be granted the role below, which can read these
-- views and nothing else.

CREATE VIEW bi_framework_counts AS
WITH counts AS (
    SELECT top_framework AS framework_id, count(*) AS n
    FROM decisions
    GROUP BY top_framework
), ranked AS (
    SELECT counts.*, s.min_group_size,
           count(*) FILTER (WHERE n < s.min_group_size) OVER () AS hidden_cells,
           row_number() OVER (ORDER BY n, framework_id) AS smallest_first
    FROM counts CROSS JOIN analytics_settings s
)
SELECT framework_id,
       CASE WHEN n < min_group_size OR (hidden_cells = 1 AND smallest_first <= 2)
            THEN NULL ELSE n END AS decisions
FROM ranked;

CREATE VIEW bi_answer_counts AS
WITH counts AS (
    SELECT a ->> 'criterion' AS criterion_id, a ->> 'option' AS option_id, count(*) AS n
    FROM decisions, jsonb_array_elements(answers) AS a
    GROUP BY 1, 2
), ranked AS (
    SELECT counts.*, s.min_group_size,
           count(*) FILTER (WHERE n < s.min_group_size) OVER (PARTITION BY criterion_id) AS hidden_cells,
           row_number() OVER (PARTITION BY criterion_id ORDER BY n, option_id) AS smallest_first
    FROM counts CROSS JOIN analytics_settings s
)
SELECT criterion_id, option_id,
       CASE WHEN n < min_group_size OR (hidden_cells = 1 AND smallest_first <= 2)
            THEN NULL ELSE n END AS decisions
FROM ranked;

CREATE VIEW bi_daily_counts AS
WITH counts AS (
    SELECT (decided_hour AT TIME ZONE 'UTC')::date AS day, count(*) AS n
    FROM decisions
    GROUP BY 1
), ranked AS (
    SELECT counts.*, s.min_group_size,
           count(*) FILTER (WHERE n < s.min_group_size) OVER () AS hidden_cells,
           row_number() OVER (ORDER BY n, day) AS smallest_first
    FROM counts CROSS JOIN analytics_settings s
)
SELECT day,
       CASE WHEN n < min_group_size OR (hidden_cells = 1 AND smallest_first <= 2)
            THEN NULL ELSE n END AS decisions
FROM ranked;

CREATE VIEW bi_outcome_counts AS
WITH counts AS (
    SELECT d.top_framework AS recommended_framework_id,
           o.chosen_framework AS chosen_framework_id,
           count(*) AS n
    FROM decision_outcomes o JOIN decisions d USING (decision_id)
    GROUP BY 1, 2
), ranked AS (
    SELECT counts.*, s.min_group_size,
           count(*) FILTER (WHERE n < s.min_group_size) OVER () AS hidden_cells,
           row_number() OVER (ORDER BY n, recommended_framework_id, chosen_framework_id) AS smallest_first
    FROM counts CROSS JOIN analytics_settings s
)
SELECT recommended_framework_id, chosen_framework_id,
       CASE WHEN n < min_group_size OR (hidden_cells = 1 AND smallest_first <= 2)
            THEN NULL ELSE n END AS decisions
FROM ranked;

-- A read-only role for BI connections. Roles are cluster-wide, so create it only once
-- (several databases of one cluster may run this migration, e.g. in tests).
DO $$
BEGIN
    CREATE ROLE framework_matrix_analyst NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
END
$$;

GRANT SELECT ON bi_framework_counts, bi_answer_counts, bi_daily_counts, bi_outcome_counts
    TO framework_matrix_analyst;
