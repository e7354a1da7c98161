-- apply_changes_batch finds the rows it updates and deletes by key lookups. The planner takes
-- jsonb_array_elements × jsonb_to_recordset for 100 × 100 rows, so for a join on a table of up
-- to tens of thousands of rows it chose a hash join over a sequential scan of the whole table,
-- once per batch: with small batches (streaming job workers complete a few jobs per
-- transaction) the job and element_instance scans made up most of the engine's PostgreSQL
-- time. Each update and delete now also names its keys as an array (`= ANY`, estimated at 10
-- elements), which the planner answers from the primary key index. What the function writes is
-- unchanged.

-- The keys of one list of every change in a batch: `{key: …}` objects (updates) or bare keys
-- (deletes). A JSON path reads them in place: jsonb_array_elements would copy each change,
-- instance document included (a multi-instance body's document is large).
CREATE FUNCTION engine.batch_keys(cs jsonb, list text) RETURNS bigint[] LANGUAGE sql IMMUTABLE AS $$
  SELECT ARRAY(SELECT COALESCE(x->>'key', x #>> '{}')::bigint
               FROM jsonb_path_query(cs, ('$[*].' || list || '[*]')::jsonpath) AS x)
$$;

CREATE OR REPLACE FUNCTION engine.apply_changes_batch(cs jsonb) RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
  c jsonb;
BEGIN
  IF (SELECT count(*) <> count(DISTINCT value->'instance'->>'key') FROM jsonb_array_elements(cs) WHERE value ? 'instance') THEN
    FOR c IN SELECT value FROM jsonb_array_elements(cs) LOOP
      PERFORM engine.apply_changes(c);
    END LOOP;
    RETURN;
  END IF;

  INSERT INTO engine.process_instance AS p
    (key, process_definition_key, bpmn_process_id, version, state, started_at, ended_at, variables, doc)
  SELECT (x->>'key')::bigint, (x->>'processDefinitionKey')::bigint, x->>'bpmnProcessId', (x->>'version')::int,
         x->>'state', to_timestamp((x->>'startedAt')::double precision / 1000),
         to_timestamp((x->>'endedAt')::double precision / 1000), x->'variables', x->'doc'
  FROM (SELECT b.c->'instance' AS x FROM jsonb_array_elements(cs) AS b(c) WHERE b.c ? 'instance') s
  ON CONFLICT (key) DO UPDATE SET state = EXCLUDED.state, ended_at = EXCLUDED.ended_at,
    variables = EXCLUDED.variables, doc = EXCLUDED.doc;

  INSERT INTO engine.element_instance
    (key, process_instance_key, process_definition_key, bpmn_process_id, version, element_id, element_type,
     flow_scope_key, state, activated_at, completed_at, terminated_at)
  SELECT e.key, e.pik, e.pdk, e.bpid, e.v, e.eid, e.etype, e.fsk, e.state,
         to_timestamp(e.at / 1000), to_timestamp(e.cat / 1000), to_timestamp(e.tat / 1000)
  FROM jsonb_array_elements(cs) AS b(c),
       jsonb_to_recordset(b.c->'elementInserts') AS e(key bigint, pik bigint, pdk bigint, bpid text, v int, eid text,
         etype text, fsk bigint, state text, at double precision, cat double precision, tat double precision);

  UPDATE engine.element_instance t SET state = e.state,
    completed_at = to_timestamp(e.cat / 1000), terminated_at = to_timestamp(e.tat / 1000)
  FROM jsonb_array_elements(cs) AS b(c),
       jsonb_to_recordset(b.c->'elementUpdates') AS e(key bigint, state text, cat double precision, tat double precision)
  WHERE t.key = e.key AND t.key = ANY (engine.batch_keys(cs, 'elementUpdates'));

  INSERT INTO engine.job
    (key, type, state, retries, worker, deadline, available_at, process_instance_key, process_definition_key,
     bpmn_process_id, version, element_id, element_instance_key, custom_headers, error_message, created_at)
  SELECT j.key, j.type, j.state, j.retries, '', NULL, j.avail, j.pik, j.pdk, j.bpid, j.v, j.eid, j.eik,
         j.headers, '', to_timestamp(j.at / 1000)
  FROM jsonb_array_elements(cs) AS b(c),
       jsonb_to_recordset(b.c->'jobInserts') AS j(key bigint, type text, state text, retries int, avail bigint,
         pik bigint, pdk bigint, bpid text, v int, eid text, eik bigint, headers jsonb, at double precision);

  UPDATE engine.job t SET
    state = j.state,
    retries = COALESCE(j.retries, t.retries),
    deadline = CASE WHEN j.state = 'ACTIVATED' THEN COALESCE(j.deadline, t.deadline) ELSE NULL END,
    available_at = COALESCE(j.avail, t.available_at),
    error_message = COALESCE(j.msg, t.error_message),
    ended_at = to_timestamp(j.ended / 1000)
  FROM jsonb_array_elements(cs) AS b(c),
       jsonb_to_recordset(b.c->'jobUpdates') AS j(key bigint, state text, retries int, deadline bigint, avail bigint,
         msg text, ended double precision)
  WHERE t.key = j.key AND t.key = ANY (engine.batch_keys(cs, 'jobUpdates'));

  INSERT INTO engine.incident
    (key, process_instance_key, process_definition_key, bpmn_process_id, version, element_id, element_instance_key,
     job_key, error_type, error_message, state, created_at)
  SELECT i.key, i.pik, i.pdk, i.bpid, i.v, i.eid, i.eik, i.jk, i.etype, i.msg, 'ACTIVE', to_timestamp(i.at / 1000)
  FROM jsonb_array_elements(cs) AS b(c),
       jsonb_to_recordset(b.c->'incidentInserts') AS i(key bigint, pik bigint, pdk bigint, bpid text, v int, eid text,
         eik bigint, jk bigint, etype text, msg text, at double precision);

  UPDATE engine.incident t SET state = 'RESOLVED', resolved_at = to_timestamp(i.at / 1000)
  FROM jsonb_array_elements(cs) AS b(c),
       jsonb_to_recordset(b.c->'incidentResolves') AS i(key bigint, at double precision)
  WHERE t.key = i.key AND t.state = 'ACTIVE' AND t.key = ANY (engine.batch_keys(cs, 'incidentResolves'));

  DELETE FROM engine.timer WHERE key = ANY (engine.batch_keys(cs, 'timerDeletes'));

  INSERT INTO engine.timer (key, process_instance_key, element_instance_key, process_definition_key, bpmn_process_id,
                            element_id, due, fired, timer, created_at)
  SELECT t.key, t.pik, t.eik, t.pdk, t.bpid, t.eid, t.due, t.fired, t.timer, t.at
  FROM jsonb_array_elements(cs) AS b(c),
       jsonb_to_recordset(b.c->'timerInserts') AS t(key bigint, pik bigint, eik bigint, pdk bigint, bpid text, eid text,
                                                    due bigint, fired int, timer jsonb, at bigint);

  DELETE FROM engine.message_subscription WHERE key = ANY (engine.batch_keys(cs, 'subscriptionDeletes'));

  INSERT INTO engine.message_subscription (key, process_instance_key, element_instance_key, process_definition_key,
                                           bpmn_process_id, element_id, message_name, correlation_key, created_at)
  SELECT s.key, s.pik, s.eik, s.pdk, s.bpid, s.eid, s.name, s.ckey, s.at
  FROM jsonb_array_elements(cs) AS b(c),
       jsonb_to_recordset(b.c->'subscriptionInserts') AS s(key bigint, pik bigint, eik bigint, pdk bigint, bpid text, eid text,
                                                           name text, ckey text, at bigint);

  INSERT INTO engine.message_correlation (message_key, target, subscription_key, process_instance_key, correlated_at)
  SELECT x.mk, x.target, x.sk, x.pik, x.at
  FROM jsonb_array_elements(cs) AS b(c),
       jsonb_to_recordset(b.c->'correlationInserts') AS x(mk bigint, target text, sk bigint, pik bigint, at bigint)
  ON CONFLICT DO NOTHING;

  DELETE FROM engine.message_start_instance
  WHERE process_instance_key = ANY (ARRAY(SELECT (k #>> '{}')::bigint
                                          FROM jsonb_path_query(cs, '$[*].instance ? (@.state != "ACTIVE").key') AS k));

  DELETE FROM engine.signal_subscription WHERE key = ANY (engine.batch_keys(cs, 'signalDeletes'));

  INSERT INTO engine.signal_subscription (key, process_instance_key, element_instance_key, process_definition_key,
                                          bpmn_process_id, element_id, signal_name, created_at)
  SELECT s.key, s.pik, s.eik, s.pdk, s.bpid, s.eid, s.name, s.at
  FROM jsonb_array_elements(cs) AS b(c),
       jsonb_to_recordset(b.c->'signalInserts') AS s(key bigint, pik bigint, eik bigint, pdk bigint, bpid text, eid text,
                                                     name text, at bigint);

  INSERT INTO engine.call_request (kind, process_instance_key, element_instance_key, payload, created_at)
  SELECT r.kind, r.pik, r.eik, r.payload, r.at
  FROM jsonb_array_elements(cs) AS b(c),
       jsonb_to_recordset(b.c->'callRequests') AS r(kind text, pik bigint, eik bigint, payload jsonb, at bigint);

  UPDATE engine.process_instance p
  SET parent_process_instance_key = (b.c->'instance'->'doc'->'parent'->>'pik')::bigint,
      parent_element_instance_key = (b.c->'instance'->'doc'->'parent'->>'eik')::bigint
  FROM jsonb_array_elements(cs) AS b(c)
  WHERE b.c->'instance'->'doc'->'parent' IS NOT NULL
    AND p.key = (b.c->'instance'->>'key')::bigint AND p.parent_process_instance_key IS NULL
    AND p.key = ANY (ARRAY(SELECT (k #>> '{}')::bigint FROM jsonb_path_query(cs, '$[*].instance ? (exists (@.doc.parent)).key') AS k));
END
$fn$;
