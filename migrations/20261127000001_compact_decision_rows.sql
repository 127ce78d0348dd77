-- Cheaper decision rows (issue 17). Measured with pgbench on the writer's own statement
-- (BENCHMARKS.md, section 2, "Issue 17, third round"):
--
-- 1. Each row's answers and ranking were two jsonb values, which PostgreSQL parses from
--    text on every insert (numbers included): about a third of the statement's cost. They
--    become typed arrays, and the writer sends a batch as one binary array of the
--    composite `decision_row` below, so nothing in a decision is parsed as text.
-- 2. Concurrent batches of similar decisions upsert the same rollup rows, and a row lock
--    is held until commit, so batches written side by side queued behind each other's
--    commits. The rollups gain a `shard` key: each batch the writer has in flight adds
--    to its own shard, and every reader sums over shards (they already sum over days).
--
-- Existing rows are converted in place; nothing is lost. What is stored stays what
-- README "Decision log and privacy" lists: catalog ids, weights and scores, no free text.

ALTER TABLE decisions
    ADD COLUMN answer_criteria    text[],
    ADD COLUMN answer_options     text[],
    ADD COLUMN answer_weights     float8[],
    ADD COLUMN ranking_frameworks text[],
    ADD COLUMN ranking_scores     float8[];

-- The jsonb numbers were written from f64 in their shortest round-trip form, so the
-- float8 read back is the same value.
UPDATE decisions d SET
    (answer_criteria, answer_options, answer_weights) = (
        SELECT coalesce(array_agg(a ->> 'criterion' ORDER BY n), '{}'),
               coalesce(array_agg(a ->> 'option' ORDER BY n), '{}'),
               coalesce(array_agg((a ->> 'weight')::float8 ORDER BY n), '{}')
        FROM jsonb_array_elements(d.answers) WITH ORDINALITY AS x(a, n)),
    (ranking_frameworks, ranking_scores) = (
        SELECT coalesce(array_agg(r ->> 'framework' ORDER BY n), '{}'),
               coalesce(array_agg((r ->> 'score')::float8 ORDER BY n), '{}')
        FROM jsonb_array_elements(d.ranking) WITH ORDINALITY AS x(r, n));

ALTER TABLE decisions
    DROP CONSTRAINT decisions_answers_is_array,
    DROP CONSTRAINT decisions_ranking_is_array,
    DROP COLUMN answers,
    DROP COLUMN ranking,
    ALTER COLUMN answer_criteria SET NOT NULL,
    ALTER COLUMN answer_options SET NOT NULL,
    ALTER COLUMN answer_weights SET NOT NULL,
    ALTER COLUMN ranking_frameworks SET NOT NULL,
    ALTER COLUMN ranking_scores SET NOT NULL,
    -- The i-th answer is (answer_criteria[i], answer_options[i], answer_weights[i]).
    ADD CONSTRAINT decisions_answers_aligned CHECK (
        cardinality(answer_options) = cardinality(answer_criteria)
        AND cardinality(answer_weights) = cardinality(answer_criteria)),
    -- Best first: (ranking_frameworks[i], ranking_scores[i]).
    ADD CONSTRAINT decisions_ranking_aligned CHECK (
        cardinality(ranking_scores) = cardinality(ranking_frameworks));

COMMENT ON COLUMN decisions.answer_criteria IS 'Criterion ids of the answers, in the order given.';
COMMENT ON COLUMN decisions.answer_options IS 'Option ids, aligned with answer_criteria.';
COMMENT ON COLUMN decisions.answer_weights IS 'Weights, aligned with answer_criteria.';
COMMENT ON COLUMN decisions.ranking_frameworks IS 'Framework ids, best first.';
COMMENT ON COLUMN decisions.ranking_scores IS 'Scores, aligned with ranking_frameworks.';

-- One decision as the writer sends it (src/store/decisions.rs, `DecisionRow`).
CREATE TYPE decision_row AS (
    decision_id        uuid,
    decided_hour       timestamptz,
    catalog_version    text,
    answer_criteria    text[],
    answer_options     text[],
    answer_weights     float8[],
    languages          text[],
    top_framework      text,
    ranking_frameworks text[],
    ranking_scores     float8[],
    client_name        text,
    outcome_token_hash bytea
);

ALTER TABLE decision_days
    ADD COLUMN shard smallint NOT NULL DEFAULT 0,
    DROP CONSTRAINT decision_days_pkey,
    ADD CONSTRAINT decision_days_pkey
        PRIMARY KEY (day, client_name, catalog_version, top_framework, shard);
COMMENT ON COLUMN decision_days.shard IS
    'Which of the writer''s concurrent batches added to this count; readers sum over it.';

ALTER TABLE answer_days
    ADD COLUMN shard smallint NOT NULL DEFAULT 0,
    DROP CONSTRAINT answer_days_pkey,
    ADD CONSTRAINT answer_days_pkey
        PRIMARY KEY (criterion, day, client_name, catalog_version, option, top_framework, shard);
COMMENT ON COLUMN answer_days.shard IS
    'Which of the writer''s concurrent batches added to this count; readers sum over it.';
