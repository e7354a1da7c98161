-- Signals (engine part 2): open signal subscriptions of signal catch events, signal boundary
-- events and event-based gateway targets (owned by an element instance), and of signal start
-- events (process_instance_key NULL). Signals are not buffered: BroadcastSignal triggers the
-- subscriptions open at that moment.
CREATE TABLE engine.signal_subscription (
  key bigint PRIMARY KEY,
  process_instance_key bigint,
  element_instance_key bigint,
  process_definition_key bigint NOT NULL,
  bpmn_process_id text NOT NULL,
  element_id text NOT NULL,
  signal_name text NOT NULL,
  created_at bigint NOT NULL
);
CREATE INDEX signal_subscription_name_idx ON engine.signal_subscription (signal_name);
CREATE INDEX signal_subscription_start_idx ON engine.signal_subscription (bpmn_process_id) WHERE process_instance_key IS NULL;

ALTER FUNCTION engine.apply_changes(jsonb) RENAME TO apply_changes_messages;

CREATE FUNCTION engine.apply_changes(c jsonb) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM engine.apply_changes_messages(c);
  IF jsonb_array_length(COALESCE(c->'signalDeletes', '[]')) > 0 THEN
    DELETE FROM engine.signal_subscription
    WHERE key IN (SELECT (value #>> '{}')::bigint FROM jsonb_array_elements(c->'signalDeletes'));
  END IF;
  IF jsonb_array_length(COALESCE(c->'signalInserts', '[]')) > 0 THEN
    INSERT INTO engine.signal_subscription (key, process_instance_key, element_instance_key, process_definition_key,
                                            bpmn_process_id, element_id, signal_name, created_at)
    SELECT s.key, s.pik, s.eik, s.pdk, s.bpid, s.eid, s.name, s.at
    FROM jsonb_to_recordset(c->'signalInserts') AS s(key bigint, pik bigint, eik bigint, pdk bigint, bpid text, eid text,
                                                     name text, at bigint);
  END IF;
END
$fn$;
