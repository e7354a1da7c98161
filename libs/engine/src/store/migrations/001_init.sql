-- Engine state and history in schema `engine`.
-- Runtime state of an instance lives in process_instance.doc (one row locked per command);
-- element_instance, job and incident are both runtime indexes and the history that the
-- monitor and analytics read with SQL.

CREATE SEQUENCE engine.key_seq START WITH 2251799813685249 INCREMENT BY 1000 MINVALUE 2251799813685249;

CREATE TABLE engine.deployment (
  key          bigint PRIMARY KEY,
  deployed_at  timestamptz NOT NULL
);

CREATE TABLE engine.process_definition (
  key              bigint PRIMARY KEY,
  bpmn_process_id  text NOT NULL,
  version          integer NOT NULL,
  name             text,
  resource_name    text NOT NULL,
  checksum         text NOT NULL,
  deployment_key   bigint NOT NULL REFERENCES engine.deployment (key),
  model            jsonb NOT NULL,
  xml              text NOT NULL,
  deployed_at      timestamptz NOT NULL,
  UNIQUE (bpmn_process_id, version)
);

CREATE TABLE engine.form (
  key             bigint PRIMARY KEY,
  form_id         text NOT NULL,
  version         integer NOT NULL,
  resource_name   text NOT NULL,
  checksum        text NOT NULL,
  deployment_key  bigint NOT NULL REFERENCES engine.deployment (key),
  schema          jsonb NOT NULL,
  deployed_at     timestamptz NOT NULL,
  UNIQUE (form_id, version)
);

CREATE TABLE engine.process_instance (
  key                     bigint PRIMARY KEY,
  process_definition_key  bigint NOT NULL REFERENCES engine.process_definition (key),
  bpmn_process_id         text NOT NULL,
  version                 integer NOT NULL,
  state                   text NOT NULL,      -- ACTIVE | COMPLETED | TERMINATED
  started_at              timestamptz NOT NULL,
  ended_at                timestamptz,
  variables               jsonb NOT NULL,     -- root-scope variables, kept current
  doc                     jsonb NOT NULL      -- runtime state (element instances, scopes, joins)
) WITH (fillfactor = 70);  -- room for HOT updates: every command rewrites doc and variables
CREATE INDEX process_instance_definition_idx ON engine.process_instance (process_definition_key, state);
CREATE INDEX process_instance_process_idx ON engine.process_instance (bpmn_process_id, version, state);
CREATE INDEX process_instance_started_idx ON engine.process_instance (started_at);

CREATE TABLE engine.element_instance (
  key                     bigint PRIMARY KEY,
  process_instance_key    bigint NOT NULL,
  process_definition_key  bigint NOT NULL,
  bpmn_process_id         text NOT NULL,
  version                 integer NOT NULL,
  element_id              text NOT NULL,
  element_type            text NOT NULL,      -- Zeebe's BpmnElementType, e.g. SERVICE_TASK
  flow_scope_key          bigint,
  state                   text NOT NULL,      -- ACTIVATED | COMPLETED | TERMINATED
  activated_at            timestamptz NOT NULL,
  completed_at            timestamptz,
  terminated_at           timestamptz
) WITH (fillfactor = 80);
-- No index covers state or the end times, so ending an element is a HOT update.
CREATE INDEX element_instance_instance_idx ON engine.element_instance (process_instance_key);
CREATE INDEX element_instance_process_idx ON engine.element_instance (bpmn_process_id, version, element_id);
CREATE INDEX element_instance_activated_at_idx ON engine.element_instance (activated_at);

CREATE TABLE engine.job (
  key                     bigint PRIMARY KEY,
  type                    text NOT NULL,
  state                   text NOT NULL,      -- ACTIVATABLE | ACTIVATED | FAILED(back-off) | COMPLETED | ERROR_THROWN | CANCELED | INCIDENT
  retries                 integer NOT NULL,
  worker                  text NOT NULL DEFAULT '',
  deadline                bigint,             -- epoch ms, while ACTIVATED
  available_at            bigint NOT NULL,    -- epoch ms, earliest activation (retry back-off)
  process_instance_key    bigint NOT NULL,
  process_definition_key  bigint NOT NULL,
  bpmn_process_id         text NOT NULL,
  version                 integer NOT NULL,
  element_id              text NOT NULL,
  element_instance_key    bigint NOT NULL,
  custom_headers          jsonb NOT NULL,
  error_message           text NOT NULL DEFAULT '',
  created_at              timestamptz NOT NULL,
  ended_at                timestamptz
) WITH (fillfactor = 80);
CREATE INDEX job_activatable_idx ON engine.job (type, available_at) WHERE state = 'ACTIVATABLE';
CREATE INDEX job_activated_idx ON engine.job (type, deadline) WHERE state = 'ACTIVATED';
CREATE INDEX job_instance_idx ON engine.job (process_instance_key);
CREATE INDEX job_process_idx ON engine.job (bpmn_process_id, version, element_id);

CREATE TABLE engine.incident (
  key                     bigint PRIMARY KEY,
  process_instance_key    bigint NOT NULL,
  process_definition_key  bigint NOT NULL,
  bpmn_process_id         text NOT NULL,
  version                 integer NOT NULL,
  element_id              text NOT NULL,
  element_instance_key    bigint NOT NULL,
  job_key                 bigint,
  error_type              text NOT NULL,      -- Zeebe's ErrorType, e.g. JOB_NO_RETRIES
  error_message           text NOT NULL,
  state                   text NOT NULL,      -- ACTIVE | RESOLVED
  created_at              timestamptz NOT NULL,
  resolved_at             timestamptz
);
CREATE INDEX incident_instance_idx ON engine.incident (process_instance_key);
CREATE INDEX incident_process_idx ON engine.incident (bpmn_process_id, version, state);

-- Applies one command's effects in a single round trip: rows arrive as JSON arrays,
-- times as epoch milliseconds.
CREATE FUNCTION engine.apply_changes(c jsonb) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  IF c ? 'instance' THEN
    INSERT INTO engine.process_instance AS p
      (key, process_definition_key, bpmn_process_id, version, state, started_at, ended_at, variables, doc)
    SELECT (x->>'key')::bigint, (x->>'processDefinitionKey')::bigint, x->>'bpmnProcessId', (x->>'version')::int,
           x->>'state', to_timestamp((x->>'startedAt')::double precision / 1000),
           to_timestamp((x->>'endedAt')::double precision / 1000), x->'variables', x->'doc'
    FROM (SELECT c->'instance' AS x) s
    ON CONFLICT (key) DO UPDATE SET state = EXCLUDED.state, ended_at = EXCLUDED.ended_at,
      variables = EXCLUDED.variables, doc = EXCLUDED.doc;
  END IF;

  IF jsonb_array_length(COALESCE(c->'elementInserts', '[]')) > 0 THEN
    INSERT INTO engine.element_instance
      (key, process_instance_key, process_definition_key, bpmn_process_id, version, element_id, element_type,
       flow_scope_key, state, activated_at, completed_at, terminated_at)
    SELECT e.key, e.pik, e.pdk, e.bpid, e.v, e.eid, e.etype, e.fsk, e.state,
           to_timestamp(e.at / 1000), to_timestamp(e.cat / 1000), to_timestamp(e.tat / 1000)
    FROM jsonb_to_recordset(c->'elementInserts') AS e(key bigint, pik bigint, pdk bigint, bpid text, v int, eid text,
         etype text, fsk bigint, state text, at double precision, cat double precision, tat double precision);
  END IF;

  IF jsonb_array_length(COALESCE(c->'elementUpdates', '[]')) > 0 THEN
    UPDATE engine.element_instance t SET state = e.state,
      completed_at = to_timestamp(e.cat / 1000), terminated_at = to_timestamp(e.tat / 1000)
    FROM jsonb_to_recordset(c->'elementUpdates') AS e(key bigint, state text, cat double precision, tat double precision)
    WHERE t.key = e.key;
  END IF;

  IF jsonb_array_length(COALESCE(c->'jobInserts', '[]')) > 0 THEN
    INSERT INTO engine.job
      (key, type, state, retries, worker, deadline, available_at, process_instance_key, process_definition_key,
       bpmn_process_id, version, element_id, element_instance_key, custom_headers, error_message, created_at)
    SELECT j.key, j.type, j.state, j.retries, '', NULL, j.avail, j.pik, j.pdk, j.bpid, j.v, j.eid, j.eik,
           j.headers, '', to_timestamp(j.at / 1000)
    FROM jsonb_to_recordset(c->'jobInserts') AS j(key bigint, type text, state text, retries int, avail bigint,
         pik bigint, pdk bigint, bpid text, v int, eid text, eik bigint, headers jsonb, at double precision);
  END IF;

  IF jsonb_array_length(COALESCE(c->'jobUpdates', '[]')) > 0 THEN
    UPDATE engine.job t SET
      state = j.state,
      retries = COALESCE(j.retries, t.retries),
      deadline = CASE WHEN j.state = 'ACTIVATED' THEN COALESCE(j.deadline, t.deadline) ELSE NULL END,
      available_at = COALESCE(j.avail, t.available_at),
      error_message = COALESCE(j.msg, t.error_message),
      ended_at = to_timestamp(j.ended / 1000)
    FROM jsonb_to_recordset(c->'jobUpdates') AS j(key bigint, state text, retries int, deadline bigint, avail bigint,
         msg text, ended double precision)
    WHERE t.key = j.key;
  END IF;

  IF jsonb_array_length(COALESCE(c->'incidentInserts', '[]')) > 0 THEN
    INSERT INTO engine.incident
      (key, process_instance_key, process_definition_key, bpmn_process_id, version, element_id, element_instance_key,
       job_key, error_type, error_message, state, created_at)
    SELECT i.key, i.pik, i.pdk, i.bpid, i.v, i.eid, i.eik, i.jk, i.etype, i.msg, 'ACTIVE', to_timestamp(i.at / 1000)
    FROM jsonb_to_recordset(c->'incidentInserts') AS i(key bigint, pik bigint, pdk bigint, bpid text, v int, eid text,
         eik bigint, jk bigint, etype text, msg text, at double precision);
  END IF;

  IF jsonb_array_length(COALESCE(c->'incidentResolves', '[]')) > 0 THEN
    UPDATE engine.incident t SET state = 'RESOLVED', resolved_at = to_timestamp(i.at / 1000)
    FROM jsonb_to_recordset(c->'incidentResolves') AS i(key bigint, at double precision)
    WHERE t.key = i.key AND t.state = 'ACTIVE';
  END IF;
END
$fn$;

-- Several commands' effects (one element per instance) in one round trip.
CREATE FUNCTION engine.apply_changes_batch(cs jsonb) RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
  c jsonb;
BEGIN
  FOR c IN SELECT value FROM jsonb_array_elements(cs) LOOP
    PERFORM engine.apply_changes(c);
  END LOOP;
END
$fn$;
