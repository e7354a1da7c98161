-- Decisions (engine part 2): one row per deployed decision requirements graph (a DMN
-- resource), versioned per decision requirements id, and one row per decision, versioned per
-- decision id. The compiled decisions of a DRG are stored with it (jsonb) and evaluated from it.
CREATE TABLE engine.decision_requirements (
  key bigint PRIMARY KEY,
  decision_requirements_id text NOT NULL,
  name text NOT NULL,
  version integer NOT NULL,
  resource_name text NOT NULL,
  checksum text NOT NULL,
  deployment_key bigint NOT NULL REFERENCES engine.deployment (key),
  decisions jsonb NOT NULL,
  xml text NOT NULL,
  deployed_at timestamptz NOT NULL,
  UNIQUE (decision_requirements_id, version)
);

CREATE TABLE engine.decision (
  key bigint PRIMARY KEY,
  decision_id text NOT NULL,
  name text NOT NULL,
  version integer NOT NULL,
  decision_requirements_key bigint NOT NULL REFERENCES engine.decision_requirements (key),
  decision_requirements_id text NOT NULL,
  deployed_at timestamptz NOT NULL,
  UNIQUE (decision_id, version)
);
