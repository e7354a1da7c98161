-- Call activities (engine part 2): a child instance records the call activity that created it,
-- and the work between a parent and its children (start the child, complete the call activity,
-- cancel the children) goes through engine.call_request rows written in the command's
-- transaction and processed by the scheduler loop, one transaction each.
ALTER TABLE engine.process_instance
  ADD COLUMN parent_process_instance_key bigint,
  ADD COLUMN parent_element_instance_key bigint;
CREATE INDEX process_instance_parent_idx ON engine.process_instance (parent_element_instance_key)
  WHERE parent_element_instance_key IS NOT NULL;

CREATE TABLE engine.call_request (
  key bigserial PRIMARY KEY,
  kind text NOT NULL,                      -- START | COMPLETE | CANCEL
  process_instance_key bigint NOT NULL,    -- the parent instance (locked first)
  element_instance_key bigint NOT NULL,    -- the call activity's element instance
  payload jsonb NOT NULL,
  created_at bigint NOT NULL
);

ALTER FUNCTION engine.apply_changes(jsonb) RENAME TO apply_changes_signals;

CREATE FUNCTION engine.apply_changes(c jsonb) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM engine.apply_changes_signals(c);
  IF jsonb_array_length(COALESCE(c->'callRequests', '[]')) > 0 THEN
    INSERT INTO engine.call_request (kind, process_instance_key, element_instance_key, payload, created_at)
    SELECT r.kind, r.pik, r.eik, r.payload, r.at
    FROM jsonb_to_recordset(c->'callRequests') AS r(kind text, pik bigint, eik bigint, payload jsonb, at bigint);
  END IF;
  IF c->'instance'->'doc'->'parent' IS NOT NULL THEN
    UPDATE engine.process_instance
    SET parent_process_instance_key = (c->'instance'->'doc'->'parent'->>'pik')::bigint,
        parent_element_instance_key = (c->'instance'->'doc'->'parent'->>'eik')::bigint
    WHERE key = (c->'instance'->>'key')::bigint AND parent_process_instance_key IS NULL;
  END IF;
END
$fn$;
