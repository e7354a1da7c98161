-- Timers (engine part 2): intermediate timer catch events and timer boundary events
-- (owned by an element instance of a process instance) and timer start events (owned by a
-- process definition, process_instance_key NULL). A row exists while the timer is pending;
-- firing or cancelling deletes it (a cycle that fires again gets a new row).
CREATE TABLE engine.timer (
  key bigint PRIMARY KEY,
  process_instance_key bigint,
  element_instance_key bigint,
  process_definition_key bigint NOT NULL,
  bpmn_process_id text NOT NULL,
  -- the timer event's element id (catch, boundary or start event)
  element_id text NOT NULL,
  -- epoch ms in engine time
  due bigint NOT NULL,
  -- firings so far (cycles)
  fired int NOT NULL DEFAULT 0,
  -- the parsed timer (ParsedTimer JSON), for cycles' next due date
  timer jsonb NOT NULL,
  created_at bigint NOT NULL
);
CREATE INDEX timer_due_idx ON engine.timer (due);
CREATE INDEX timer_instance_idx ON engine.timer (process_instance_key) WHERE process_instance_key IS NOT NULL;
CREATE INDEX timer_start_idx ON engine.timer (bpmn_process_id) WHERE process_instance_key IS NULL;

-- apply_changes learns `timerInserts` and `timerDeletes`; the part-1 body is kept as is.
ALTER FUNCTION engine.apply_changes(jsonb) RENAME TO apply_changes_core;

CREATE FUNCTION engine.apply_changes(c jsonb) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM engine.apply_changes_core(c);
  IF jsonb_array_length(COALESCE(c->'timerDeletes', '[]')) > 0 THEN
    DELETE FROM engine.timer WHERE key IN (SELECT (value #>> '{}')::bigint FROM jsonb_array_elements(c->'timerDeletes'));
  END IF;
  IF jsonb_array_length(COALESCE(c->'timerInserts', '[]')) > 0 THEN
    INSERT INTO engine.timer (key, process_instance_key, element_instance_key, process_definition_key, bpmn_process_id,
                              element_id, due, fired, timer, created_at)
    SELECT t.key, t.pik, t.eik, t.pdk, t.bpid, t.eid, t.due, t.fired, t.timer, t.at
    FROM jsonb_to_recordset(c->'timerInserts') AS t(key bigint, pik bigint, eik bigint, pdk bigint, bpid text, eid text,
                                                    due bigint, fired int, timer jsonb, at bigint);
  END IF;
END
$fn$;
