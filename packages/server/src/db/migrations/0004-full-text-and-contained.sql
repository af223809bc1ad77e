-- 0004 The rest of R4 search (search.html): full text (`_text`, `_content`), `:contains` and token
-- `:text` answered from trigram indexes, number and quantity ranges bounded by an index under
-- row-level security, and contained resources (`_contained`). Every current resource is then
-- re-indexed with the new definitions (search_reindex, run by db/migrate.ts after the SQL).

-- pg_trgm (trigram GIN indexes for substring matches) and btree_gin (the practice, type and
-- parameter as leading GIN columns, so a practice's lookups never read another practice's
-- postings). Both are trusted extensions: a database owner may create them.
DO $$
BEGIN
  CREATE EXTENSION IF NOT EXISTS pg_trgm;
  CREATE EXTENSION IF NOT EXISTS btree_gin;
EXCEPTION
  WHEN insufficient_privilege THEN
    RAISE EXCEPTION 'migration 0004 needs the pg_trgm and btree_gin extensions, which this role may not create'
      USING HINT = 'Run CREATE EXTENSION pg_trgm; CREATE EXTENSION btree_gin; as a superuser in this database, then migrate again.';
  WHEN undefined_file THEN
    RAISE EXCEPTION 'migration 0004 needs the pg_trgm and btree_gin extensions, which this PostgreSQL does not have'
      USING HINT = 'Install the PostgreSQL contrib modules (e.g. the postgresql-contrib package), then migrate again.';
END $$;

-- Numbers and quantities: numeric comparisons are not leakproof, so under row-level security
-- PostgreSQL may not use them as index bounds and a range filters every value of the parameter.
-- float8 comparisons are leakproof: a search bounds the index on value_f and rechecks the exact
-- numeric value. Stored values come from JSON numbers (doubles), so the cast is exact; a
-- generated column fills itself on every write path and on existing rows here.
ALTER TABLE idx_number ADD COLUMN value_f float8 GENERATED ALWAYS AS (value::float8) STORED;
ALTER TABLE idx_quantity ADD COLUMN value_f float8 GENERATED ALWAYS AS (value::float8) STORED;
DROP INDEX idx_number_value;
DROP INDEX idx_quantity_value;
CREATE INDEX idx_number_value ON idx_number (practice_id, resource_type, code, value_f);
CREATE INDEX idx_quantity_value ON idx_quantity (practice_id, resource_type, code, value_f);

-- Full text: one row per resource and parameter (`_text`: the narrative; `_content`: all text),
-- stemmed with the `english` configuration when written.
CREATE TABLE idx_text (
  practice_id   integer NOT NULL,
  rid           bigint NOT NULL,
  resource_type text NOT NULL,
  code          text NOT NULL,
  doc           tsvector NOT NULL
);
CREATE INDEX idx_text_doc ON idx_text USING gin (practice_id, resource_type, code, doc);
CREATE INDEX idx_text_rid ON idx_text (rid);

-- Substring matches: string `:contains` and token `:text`. Most token rows have no text.
CREATE INDEX idx_string_trgm ON idx_string USING gin (practice_id, resource_type, code, value gin_trgm_ops);
CREATE INDEX idx_token_text_trgm ON idx_token USING gin (practice_id, resource_type, code, text gin_trgm_ops)
  WHERE text IS NOT NULL;

-- Contained resources (search.html#contained): each one with an id gets a row id from the same
-- sequence as `resource`, and its index rows are stored under that id and its own type. No
-- `resource` row has such an id, so every search of top-level resources (and every include,
-- sort and compartment lookup joining on rid) passes them by; `_contained` finds them here.
CREATE TABLE contained_resource (
  rid           bigint PRIMARY KEY,
  practice_id   integer NOT NULL,
  container_rid bigint NOT NULL,
  resource_type text NOT NULL,
  id            text NOT NULL,
  position      integer NOT NULL
);
CREATE INDEX contained_resource_container ON contained_resource (container_rid);
CREATE INDEX contained_resource_type ON contained_resource (practice_id, resource_type, rid);

DO $$
DECLARE seq text := pg_get_serial_sequence('resource', 'rid');
BEGIN
  EXECUTE format('ALTER TABLE contained_resource ALTER COLUMN rid SET DEFAULT nextval(%L::regclass)', seq);
  EXECUTE format('GRANT USAGE ON SEQUENCE %s TO openpractice_app', seq);
END $$;

ALTER TABLE idx_text ENABLE ROW LEVEL SECURITY;
CREATE POLICY idx_text_tenant ON idx_text USING (practice_id = op_practice()) WITH CHECK (practice_id = op_practice());
ALTER TABLE contained_resource ENABLE ROW LEVEL SECURITY;
CREATE POLICY contained_resource_tenant ON contained_resource
  USING (practice_id = op_practice()) WITH CHECK (practice_id = op_practice());
GRANT SELECT, INSERT, DELETE ON idx_text, contained_resource TO openpractice_app;

-- Text matching operators (LIKE, tsvector @@) are not leakproof either, and no shadow column
-- makes them so: under row-level security their GIN indexes could only be filtered, never
-- searched. These views give the application the rows RLS would — the session's practice — as
-- an ordinary condition, so the planner may use those indexes. They run with their owner's rights
-- (the schema owner, exempt from RLS on its own tables), and the application may only SELECT from
-- them, so nothing is written around the policies. What RLS adds and the views do not is
-- leak-proofing against functions a caller writes into a query; the application role runs only
-- the repository's SQL, and cannot choose another practice through these views.
-- The practice is `(SELECT op_practice())`, an InitPlan value: a plain `op_practice()` would join
-- the equivalence class of the policies' `practice_id = op_practice()` on the other tables of
-- the query, and every clause PostgreSQL derives from such a class is a security qual again.
CREATE VIEW idx_string_scoped AS SELECT * FROM idx_string WHERE practice_id = (SELECT op_practice());
CREATE VIEW idx_token_scoped AS SELECT * FROM idx_token WHERE practice_id = (SELECT op_practice());
CREATE VIEW idx_text_scoped AS SELECT * FROM idx_text WHERE practice_id = (SELECT op_practice());
GRANT SELECT ON idx_string_scoped, idx_token_scoped, idx_text_scoped TO openpractice_app;

-- Re-indexing (db/migrate.ts, repo/reindex.ts): every current resource is extracted again with
-- the code's definitions, resumably (after_rid), once the SQL migrations have run. A migration
-- that changes what is indexed asks for it by adding a row here.
CREATE TABLE search_reindex (
  id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  reason       text NOT NULL,
  requested_at timestamptz NOT NULL DEFAULT now(),
  after_rid    bigint NOT NULL DEFAULT 0,
  done_at      timestamptz
);
INSERT INTO search_reindex (reason)
VALUES ('0004: full text (_text, _content), contained resources; also fills idx_string.exact for rows written before 0002');
