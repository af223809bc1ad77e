-- Deployment-wide facts that are not any practice's data, e.g. how far the first-start demo seed
-- got (so an interrupted seed is completed on the next start). Owner only: the app role has no
-- grant, so no request can read or change it.
CREATE TABLE deployment_state (
  key         text PRIMARY KEY,
  value       text NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);
