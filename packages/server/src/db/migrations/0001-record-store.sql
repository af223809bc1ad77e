-- 0001 The record store: practices (tenants), resources with every version kept, extracted search
-- values, and row-level security so no session ever sees another practice's rows.

-- The application role: sessions SET ROLE to it; it owns nothing and cannot bypass RLS.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'openpractice_app') THEN
    CREATE ROLE openpractice_app NOLOGIN;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL; -- created concurrently by another database's migration on the same cluster
END $$;

DO $$
BEGIN
  EXECUTE format('GRANT openpractice_app TO %I', current_user);
EXCEPTION WHEN OTHERS THEN
  NULL; -- superusers (and PGlite) may SET ROLE without membership
END $$;

-- The caller's practice, from the session setting the database layer applies.
CREATE FUNCTION op_practice() RETURNS integer LANGUAGE sql STABLE AS
$$ SELECT NULLIF(current_setting('openpractice.practice', true), '')::integer $$;

CREATE TABLE practice (
  id         integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ods_code   text NOT NULL UNIQUE,
  name       text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  settings   jsonb NOT NULL DEFAULT '{}'
);

-- Current version of every resource; deleted ones keep their row (410 Gone) with no content.
CREATE TABLE resource (
  rid           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  practice_id   integer NOT NULL REFERENCES practice (id),
  resource_type text NOT NULL,
  id            text NOT NULL,
  version_id    integer NOT NULL,
  last_updated  timestamptz NOT NULL,
  deleted       boolean NOT NULL DEFAULT false,
  content       text,
  CONSTRAINT resource_identity UNIQUE (practice_id, resource_type, id)
);
CREATE INDEX resource_type_updated ON resource (practice_id, resource_type, last_updated);

-- Every version ever written, immutable to the application (it may only insert and select).
CREATE TABLE resource_history (
  practice_id   integer NOT NULL,
  resource_type text NOT NULL,
  id            text NOT NULL,
  version_id    integer NOT NULL,
  last_updated  timestamptz NOT NULL,
  method        text NOT NULL,
  content       text,
  PRIMARY KEY (practice_id, resource_type, id, version_id)
);
CREATE INDEX history_practice_updated ON resource_history (practice_id, last_updated);
CREATE INDEX history_type_updated ON resource_history (practice_id, resource_type, last_updated);

-- Extracted search values (FHIR search.html), one table per parameter type. `rid` is the
-- resource row; rows are replaced on every write and removed on delete.
CREATE TABLE idx_token (
  practice_id   integer NOT NULL,
  rid           bigint NOT NULL,
  resource_type text NOT NULL,
  code          text NOT NULL,
  system        text,
  value         text,
  text          text
);
CREATE INDEX idx_token_value ON idx_token (practice_id, resource_type, code, value);
CREATE INDEX idx_token_rid ON idx_token (rid);

CREATE TABLE idx_string (
  practice_id   integer NOT NULL,
  rid           bigint NOT NULL,
  resource_type text NOT NULL,
  code          text NOT NULL,
  value         text COLLATE "C" NOT NULL
);
CREATE INDEX idx_string_value ON idx_string (practice_id, resource_type, code, value);
CREATE INDEX idx_string_rid ON idx_string (rid);

CREATE TABLE idx_reference (
  practice_id   integer NOT NULL,
  rid           bigint NOT NULL,
  resource_type text NOT NULL,
  code          text NOT NULL,
  target_type   text,
  target_id     text,
  url           text
);
CREATE INDEX idx_reference_target ON idx_reference (practice_id, resource_type, code, target_id);
CREATE INDEX idx_reference_reverse ON idx_reference (practice_id, target_type, target_id);
CREATE INDEX idx_reference_rid ON idx_reference (rid);

CREATE TABLE idx_date (
  practice_id   integer NOT NULL,
  rid           bigint NOT NULL,
  resource_type text NOT NULL,
  code          text NOT NULL,
  low           timestamptz,
  high          timestamptz
);
CREATE INDEX idx_date_low ON idx_date (practice_id, resource_type, code, low);
CREATE INDEX idx_date_high ON idx_date (practice_id, resource_type, code, high);
CREATE INDEX idx_date_rid ON idx_date (rid);

CREATE TABLE idx_number (
  practice_id   integer NOT NULL,
  rid           bigint NOT NULL,
  resource_type text NOT NULL,
  code          text NOT NULL,
  value         numeric NOT NULL,
  low           numeric NOT NULL,
  high          numeric NOT NULL
);
CREATE INDEX idx_number_value ON idx_number (practice_id, resource_type, code, value);
CREATE INDEX idx_number_rid ON idx_number (rid);

CREATE TABLE idx_quantity (
  practice_id   integer NOT NULL,
  rid           bigint NOT NULL,
  resource_type text NOT NULL,
  code          text NOT NULL,
  value         numeric NOT NULL,
  low           numeric NOT NULL,
  high          numeric NOT NULL,
  system        text,
  unit          text
);
CREATE INDEX idx_quantity_value ON idx_quantity (practice_id, resource_type, code, value);
CREATE INDEX idx_quantity_rid ON idx_quantity (rid);

CREATE TABLE idx_uri (
  practice_id   integer NOT NULL,
  rid           bigint NOT NULL,
  resource_type text NOT NULL,
  code          text NOT NULL,
  value         text COLLATE "C" NOT NULL
);
CREATE INDEX idx_uri_value ON idx_uri (practice_id, resource_type, code, value);
CREATE INDEX idx_uri_rid ON idx_uri (rid);

-- Row-level security: every table is visible and writable only for the session's practice.
ALTER TABLE practice ENABLE ROW LEVEL SECURITY;
CREATE POLICY practice_tenant ON practice USING (id = op_practice());

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['resource', 'resource_history', 'idx_token', 'idx_string', 'idx_reference',
                           'idx_date', 'idx_number', 'idx_quantity', 'idx_uri'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I USING (practice_id = op_practice()) WITH CHECK (practice_id = op_practice())',
                   t || '_tenant', t);
  END LOOP;
END $$;

GRANT SELECT ON practice TO openpractice_app;
GRANT SELECT, INSERT, UPDATE ON resource TO openpractice_app;
GRANT SELECT, INSERT ON resource_history TO openpractice_app;
GRANT SELECT, INSERT, DELETE ON idx_token, idx_string, idx_reference, idx_date, idx_number, idx_quantity, idx_uri
  TO openpractice_app;
GRANT EXECUTE ON FUNCTION op_practice() TO openpractice_app;
