-- 0007 Audit trail, break-glass and security alerts (issue 5).
--
-- audit_event: every read, search, write, export, sign-in, failed sign-in, permission denial and
-- configuration change, as a FHIR AuditEvent (json), in one hash chain per practice. Row n's
-- hash is HMAC-SHA256(audit key, hash of row n-1 || seq n || json n); the first row of a chain
-- follows 32 zero bytes. The audit key is the server's, not the database's (audit/chain.ts), so
-- whoever can write SQL cannot forge a consistent chain; `openpractice audit verify` recomputes
-- it and reports altered, deleted and reordered rows. audit_head holds each chain's last seq and
-- hash, so truncating the tail is caught too. Practice 0 is the deployment's own chain (operator
-- actions, sign-ins that name no practice).
--
-- Rows cannot be changed through any API: the application role may only INSERT (under
-- row-level security) and read its own practice's rows, and a trigger refuses UPDATE and DELETE
-- of audit rows for every role, the schema owner included.
CREATE TABLE audit_event (
  practice_id  integer NOT NULL,
  seq          bigint NOT NULL,
  id           text NOT NULL,
  recorded     timestamptz NOT NULL,
  -- Who acted: token sub, kind (staff|patient|system|operator|anonymous), role, client.
  agent        text NOT NULL,
  agent_kind   text NOT NULL,
  agent_role   text,
  client_id    text,
  -- AuditEvent.action (C R U D E) and subtype (read, search-type, create, login, …).
  action       text NOT NULL,
  subtype      text NOT NULL,
  -- AuditEvent.outcome: 0 success, 4 minor failure (e.g. permission denied), 8 serious, 12 major.
  outcome      text NOT NULL,
  -- Patients whose record the event touched: the patient access log ("who saw my record").
  patient_ids  text[] NOT NULL DEFAULT '{}',
  json         text NOT NULL,
  hash         bytea NOT NULL,
  PRIMARY KEY (practice_id, seq)
);
CREATE UNIQUE INDEX audit_event_id ON audit_event (id);
CREATE INDEX audit_event_recorded ON audit_event (practice_id, recorded);
CREATE INDEX audit_event_agent ON audit_event (practice_id, agent, recorded);
CREATE INDEX audit_event_patient ON audit_event USING gin (patient_ids);

CREATE TABLE audit_head (
  practice_id  integer PRIMARY KEY,
  seq          bigint NOT NULL,
  hash         bytea NOT NULL
);

CREATE FUNCTION audit_event_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit rows cannot be changed or deleted' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_event_immutable BEFORE UPDATE OR DELETE ON audit_event
  FOR EACH ROW EXECUTE FUNCTION audit_event_immutable();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
  FOR EACH STATEMENT EXECUTE FUNCTION audit_event_immutable();

ALTER TABLE audit_event ENABLE ROW LEVEL SECURITY;
CREATE POLICY audit_event_tenant ON audit_event USING (practice_id = op_practice()) WITH CHECK (practice_id = op_practice());
ALTER TABLE audit_head ENABLE ROW LEVEL SECURITY;
CREATE POLICY audit_head_tenant ON audit_head USING (practice_id = op_practice()) WITH CHECK (practice_id = op_practice());
GRANT SELECT, INSERT ON audit_event TO openpractice_app;
GRANT SELECT, INSERT, UPDATE ON audit_head TO openpractice_app;

-- Break-glass: a staff user's stated reason for seeing what is otherwise withheld from them
-- (entries marked sensitive) in one patient's record, for a limited time. Every grant is
-- audited (purpose of use BTG) and raises a security alert to the practice.
CREATE TABLE break_glass (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  practice_id  integer NOT NULL REFERENCES practice (id),
  user_id      text NOT NULL,
  patient_id   text NOT NULL,
  reason       text NOT NULL CHECK (length(reason) BETWEEN 10 AND 1000),
  started_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  ended_at     timestamptz
);
CREATE INDEX break_glass_live ON break_glass (practice_id, user_id, patient_id, expires_at);
ALTER TABLE break_glass ENABLE ROW LEVEL SECURITY;
CREATE POLICY break_glass_tenant ON break_glass USING (practice_id = op_practice()) WITH CHECK (practice_id = op_practice());
GRANT SELECT, INSERT, UPDATE ON break_glass TO openpractice_app;

-- Security alerts raised by misuse detection (security/): to the practice (practice_id) or to the
-- deployment's operators (practice_id NULL). Owner-only: raised and read by the server itself.
CREATE TABLE security_alert (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  practice_id      integer REFERENCES practice (id),
  rule             text NOT NULL,
  severity         text NOT NULL CHECK (severity IN ('low', 'medium', 'high')),
  -- Who the alert is about: a user, client or address (never a patient's details).
  subject          text NOT NULL,
  summary          text NOT NULL,
  details          jsonb NOT NULL DEFAULT '{}',
  raised_at        timestamptz NOT NULL DEFAULT now(),
  acknowledged_by  text,
  acknowledged_at  timestamptz
);
CREATE INDEX security_alert_practice ON security_alert (practice_id, raised_at);
CREATE INDEX security_alert_rule ON security_alert (rule, subject, raised_at);
