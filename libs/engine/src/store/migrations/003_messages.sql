-- Messages (engine part 2): published messages (buffered until expires_at), open message
-- subscriptions (catch events, receive tasks, boundary events of process instances; message
-- start events of process definitions), correlations (a message correlates at most once per
-- process id, to a start event or to one instance's subscription) and the active instances a
-- message start event created per correlation key.
CREATE TABLE engine.message (
  key bigint PRIMARY KEY,
  name text NOT NULL,
  correlation_key text NOT NULL,
  message_id text,
  variables jsonb NOT NULL,
  -- epoch ms, engine time
  published_at bigint NOT NULL,
  expires_at bigint NOT NULL
);
CREATE INDEX message_name_key_idx ON engine.message (name, correlation_key, expires_at);
CREATE INDEX message_id_idx ON engine.message (name, message_id) WHERE message_id IS NOT NULL;

CREATE TABLE engine.message_subscription (
  key bigint PRIMARY KEY,
  -- null for a message start event
  process_instance_key bigint,
  -- the element instance that owns it (the catch event / receive task, or the boundary's host)
  element_instance_key bigint,
  process_definition_key bigint NOT NULL,
  bpmn_process_id text NOT NULL,
  -- the catching element (catch event, receive task, boundary or start event)
  element_id text NOT NULL,
  message_name text NOT NULL,
  -- '' for a message start event
  correlation_key text NOT NULL,
  created_at bigint NOT NULL
);
CREATE INDEX message_subscription_name_idx ON engine.message_subscription (message_name, correlation_key);
CREATE INDEX message_subscription_start_idx ON engine.message_subscription (message_name) WHERE process_instance_key IS NULL;
CREATE INDEX message_subscription_instance_idx ON engine.message_subscription (process_instance_key) WHERE process_instance_key IS NOT NULL;

CREATE TABLE engine.message_correlation (
  message_key bigint NOT NULL,
  -- 'process:<bpmn process id>' (correlationTarget in runtime/types.ts), for start events and instances alike
  target text NOT NULL,
  subscription_key bigint NOT NULL,
  process_instance_key bigint,
  correlated_at bigint NOT NULL,
  PRIMARY KEY (message_key, target)
);

CREATE TABLE engine.message_start_instance (
  bpmn_process_id text NOT NULL,
  correlation_key text NOT NULL,
  process_instance_key bigint NOT NULL,
  PRIMARY KEY (bpmn_process_id, correlation_key)
);
CREATE INDEX message_start_instance_pi_idx ON engine.message_start_instance (process_instance_key);

-- apply_changes learns `subscriptionInserts`, `subscriptionDeletes`, `correlationInserts`;
-- an instance that ends frees its message start correlation key.
ALTER FUNCTION engine.apply_changes(jsonb) RENAME TO apply_changes_timers;

CREATE FUNCTION engine.apply_changes(c jsonb) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM engine.apply_changes_timers(c);
  IF jsonb_array_length(COALESCE(c->'subscriptionDeletes', '[]')) > 0 THEN
    DELETE FROM engine.message_subscription
    WHERE key IN (SELECT (value #>> '{}')::bigint FROM jsonb_array_elements(c->'subscriptionDeletes'));
  END IF;
  IF jsonb_array_length(COALESCE(c->'subscriptionInserts', '[]')) > 0 THEN
    INSERT INTO engine.message_subscription (key, process_instance_key, element_instance_key, process_definition_key,
                                             bpmn_process_id, element_id, message_name, correlation_key, created_at)
    SELECT s.key, s.pik, s.eik, s.pdk, s.bpid, s.eid, s.name, s.ckey, s.at
    FROM jsonb_to_recordset(c->'subscriptionInserts') AS s(key bigint, pik bigint, eik bigint, pdk bigint, bpid text, eid text,
                                                           name text, ckey text, at bigint);
  END IF;
  IF jsonb_array_length(COALESCE(c->'correlationInserts', '[]')) > 0 THEN
    INSERT INTO engine.message_correlation (message_key, target, subscription_key, process_instance_key, correlated_at)
    SELECT x.mk, x.target, x.sk, x.pik, x.at
    FROM jsonb_to_recordset(c->'correlationInserts') AS x(mk bigint, target text, sk bigint, pik bigint, at bigint)
    ON CONFLICT DO NOTHING;
  END IF;
  IF c ? 'instance' AND c->'instance'->>'state' <> 'ACTIVE' THEN
    DELETE FROM engine.message_start_instance WHERE process_instance_key = (c->'instance'->>'key')::bigint;
  END IF;
END
$fn$;
