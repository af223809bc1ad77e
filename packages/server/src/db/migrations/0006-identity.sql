-- 0006 Identity: staff users (modelled on NHS CIS2), patient logins (modelled on NHS login) with
-- their links to patient records and proxy access, registered SMART apps and backend systems,
-- sign-in sessions, the OpenID provider's stored models, and token revocation.
--
-- Every table here is owner-only: the application role (openpractice_app) gets no grant at all,
-- so no request running under row-level security can read a password hash, a TOTP secret, a
-- client key or another practice's staff. The identity layer reads them as the schema owner.

-- Staff users. `id` is the token `sub`; `external_id` links a federated identity (issuer + subject).
CREATE TABLE staff_user (
  id            text PRIMARY KEY,
  username      text NOT NULL UNIQUE,
  display_name  text NOT NULL,
  external_id   text UNIQUE,
  disabled_at   timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  created_by    text NOT NULL
);

-- Where a staff user works, in which roles (national RBAC roles, by our role names), and the
-- Practitioner resource that is them in that practice's record (the token's fhirUser).
CREATE TABLE staff_membership (
  user_id         text NOT NULL REFERENCES staff_user (id),
  practice_id     integer NOT NULL REFERENCES practice (id),
  roles           text[] NOT NULL CHECK (cardinality(roles) > 0),
  practitioner_id text,
  PRIMARY KEY (user_id, practice_id)
);
CREATE INDEX staff_membership_practice ON staff_membership (practice_id);

-- Patient logins (the NHS login account): identity proofing level P0, P5 or P9.
CREATE TABLE patient_login (
  id            text PRIMARY KEY,
  username      text NOT NULL UNIQUE,
  display_name  text NOT NULL,
  proofing      text NOT NULL CHECK (proofing IN ('P0', 'P5', 'P9')),
  disabled_at   timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  created_by    text NOT NULL
);

-- A login's access to a patient's record: their own (proxy = false) or as a proxy (a parent or
-- carer acting for the patient, granted and revoked by the practice). Revoked links are kept.
CREATE TABLE patient_link (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  login_id          text NOT NULL REFERENCES patient_login (id),
  practice_id       integer NOT NULL REFERENCES practice (id),
  patient_id        text NOT NULL,
  proxy             boolean NOT NULL,
  related_person_id text,
  granted_by        text NOT NULL,
  granted_at        timestamptz NOT NULL DEFAULT now(),
  revoked_by        text,
  revoked_at        timestamptz
);
CREATE UNIQUE INDEX patient_link_live ON patient_link (login_id, practice_id, patient_id) WHERE revoked_at IS NULL;
CREATE INDEX patient_link_practice ON patient_link (practice_id, patient_id);

-- Secrets, for staff and patient logins alike: argon2id password hash, TOTP secret, the last TOTP
-- time step used (a code is accepted once), and failed-attempt lockout with backoff.
CREATE TABLE login_credential (
  subject_id      text PRIMARY KEY,
  password_hash   text,
  totp_secret     text,
  totp_last_step  bigint,
  failed_attempts integer NOT NULL DEFAULT 0,
  locked_until    timestamptz,
  updated_at      timestamptz NOT NULL DEFAULT now()
);

-- Registered SMART apps (kind 'app': user- or patient-facing, public with PKCE or confidential
-- with a key) and backend systems (kind 'system': SMART Backend Services, private_key_jwt).
-- practice_id is NULL only for the deployment's own first-party web apps.
CREATE TABLE oauth_client (
  client_id      text PRIMARY KEY,
  practice_id    integer REFERENCES practice (id),
  kind           text NOT NULL CHECK (kind IN ('app', 'system')),
  audience       text CHECK (audience IN ('staff', 'patient')),
  name           text NOT NULL,
  redirect_uris  text[] NOT NULL DEFAULT '{}',
  scope          text NOT NULL,
  jwks           jsonb,
  jwks_uri       text,
  first_party    boolean NOT NULL DEFAULT false,
  created_by     text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  revoked_by     text,
  revoked_at     timestamptz
);
CREATE INDEX oauth_client_practice ON oauth_client (practice_id);

-- Interactive sign-in sessions (the token's `sid`): idle and absolute timeouts are judged against
-- created_at and last_active_at with the configured limits, so a change of limits applies at once.
CREATE TABLE signin_session (
  id             text PRIMARY KEY,
  kind           text NOT NULL CHECK (kind IN ('staff', 'patient')),
  subject_id     text NOT NULL,
  practice_id    integer REFERENCES practice (id),
  role           text,
  amr            text[] NOT NULL DEFAULT '{}',
  created_at     timestamptz NOT NULL,
  last_active_at timestamptz NOT NULL,
  ended_at       timestamptz
);
CREATE INDEX signin_session_subject ON signin_session (subject_id);

-- Sign-in steps in progress (a password accepted and a TOTP code awaited; a federated sign-in
-- awaiting its callback), short-lived.
CREATE TABLE signin_pending (
  id             text PRIMARY KEY,
  interaction_id text NOT NULL,
  stage          text NOT NULL,
  subject_id     text,
  data           jsonb NOT NULL DEFAULT '{}',
  expires_at     timestamptz NOT NULL
);

-- What an authorisation was granted for: the practice, role and patient context every token
-- issued under the grant (including refreshed ones) carries.
CREATE TABLE oauth_grant_context (
  grant_id     text PRIMARY KEY,
  client_id    text NOT NULL,
  session_id   text,
  kind         text NOT NULL CHECK (kind IN ('staff', 'patient')),
  subject_id   text NOT NULL,
  practice_id  integer NOT NULL REFERENCES practice (id),
  role         text NOT NULL,
  patient_id   text,
  proxy        boolean NOT NULL DEFAULT false,
  proofing     text,
  fhir_user    text,
  created_at   timestamptz NOT NULL DEFAULT now()
);

-- The OpenID provider's models (sessions, interactions, codes, refresh tokens, grants, replay
-- detection of client assertions), one row each, expired rows swept.
CREATE TABLE oidc_model (
  model       text NOT NULL,
  id          text NOT NULL,
  payload     jsonb NOT NULL,
  grant_id    text,
  user_code   text,
  uid         text,
  expires_at  timestamptz,
  consumed_at timestamptz,
  PRIMARY KEY (model, id)
);
CREATE INDEX oidc_model_grant ON oidc_model (grant_id) WHERE grant_id IS NOT NULL;
CREATE INDEX oidc_model_uid ON oidc_model (model, uid) WHERE uid IS NOT NULL;
CREATE INDEX oidc_model_user_code ON oidc_model (model, user_code) WHERE user_code IS NOT NULL;
CREATE INDEX oidc_model_expires ON oidc_model (expires_at);

-- Access tokens are stateless JWTs; this remembers which were issued under which grant and to
-- which client, so revoking a grant (refresh-token reuse, sign-out) or a client revokes them too.
CREATE TABLE oauth_access_token (
  jti         text PRIMARY KEY,
  client_id   text NOT NULL,
  grant_id    text,
  session_id  text,
  expires_at  timestamptz NOT NULL,
  issued_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX oauth_access_token_grant ON oauth_access_token (grant_id) WHERE grant_id IS NOT NULL;
CREATE INDEX oauth_access_token_client ON oauth_access_token (client_id);
CREATE INDEX oauth_access_token_session ON oauth_access_token (session_id) WHERE session_id IS NOT NULL;
CREATE INDEX oauth_access_token_expires ON oauth_access_token (expires_at);

-- Revoked bearer tokens by `jti`, until they would have expired anyway. Every API process keeps
-- the live set in memory, refreshed from here (auth/revocations.ts).
CREATE TABLE revoked_token (
  jti         text PRIMARY KEY,
  expires_at  timestamptz NOT NULL,
  revoked_at  timestamptz NOT NULL DEFAULT now(),
  reason      text NOT NULL
);
CREATE INDEX revoked_token_revoked_at ON revoked_token (revoked_at);

-- Changes to practice settings (e.g. external access switched on or off): who, when, from what
-- to what. Append-only, for the audit trail to pick up.
CREATE TABLE practice_setting_change (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  practice_id integer NOT NULL REFERENCES practice (id),
  key         text NOT NULL,
  old_value   jsonb,
  new_value   jsonb,
  changed_by  text NOT NULL,
  changed_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX practice_setting_change_practice ON practice_setting_change (practice_id, changed_at);
