/** Decisions through @camunda8/sdk: DMN deployment, EvaluateDecision, business rule tasks. */
import type { DecisionMetadata, DecisionRequirementsMetadata } from '@camunda8/sdk/dist/zeebe/lib/interfaces-grpc-1.0';
import * as grpc from '@grpc/grpc-js';
import type { Harness } from './support/engine-harness';
import { bpmn, incidents, rawGateway, rootVariables, startHarness, waitForIncident, waitForInstanceState } from './support/engine-harness';

type Deployed = { decision?: DecisionMetadata; decisionRequirements?: DecisionRequirementsMetadata };

describe('decisions', () => {
  let h: Harness;
  const deploy = async (name: string, content: Buffer) =>
    (await h.camunda.deployResources([{ name, decision: content }])) as { deployments: Deployed[] };

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('deploys a DMN resource with decision and decision requirements metadata; an identical redeploy returns the same versions', async () => {
    const first = await deploy('dish.dmn', bpmn('dish.dmn'));
    const decisions = first.deployments.flatMap((d) => (d.decision ? [d.decision] : []));
    const drgs = first.deployments.flatMap((d) => (d.decisionRequirements ? [d.decisionRequirements] : []));
    expect(decisions.map((d) => [d.dmnDecisionId, d.dmnDecisionName, d.version, d.dmnDecisionRequirementsId])).toEqual([
      ['season', 'Season', 1, 'dinnerDecisions'],
      ['dish', 'Dish', 1, 'dinnerDecisions'],
    ]);
    expect(drgs).toEqual([
      expect.objectContaining({
        dmnDecisionRequirementsId: 'dinnerDecisions',
        dmnDecisionRequirementsName: 'Dinner Decisions',
        version: 1,
        resourceName: 'dish.dmn',
      }),
    ]);
    for (const d of decisions) expect(d.decisionRequirementsKey).toBe(drgs[0].decisionRequirementsKey);

    const again = await deploy('dish.dmn', bpmn('dish.dmn'));
    expect(again.deployments).toEqual(first.deployments);

    const changed = bpmn('dish.dmn').toString('utf8').replace('"Stew"', '"Hotpot"');
    const second = await deploy('dish.dmn', Buffer.from(changed));
    const v2 = second.deployments.flatMap((d) => (d.decision ? [d.decision] : []));
    expect(v2.map((d) => [d.dmnDecisionId, d.version])).toEqual([
      ['season', 2],
      ['dish', 2],
    ]);
    expect(second.deployments.find((d) => d.decisionRequirements)?.decisionRequirements?.version).toBe(2);

    // by key: the first version still evaluates as deployed
    const dishV1 = decisions.find((d) => d.dmnDecisionId === 'dish');
    const byKey = await h.camunda.evaluateDecision({ decisionKey: dishV1?.decisionKey ?? '', variables: { month: 12, guestCount: 10 } });
    expect([byKey.decisionVersion, byKey.decisionOutput]).toEqual([1, '"Stew"']);
    const latest = await h.camunda.evaluateDecision({ decisionId: 'dish', variables: { month: 12, guestCount: 10 } });
    expect([latest.decisionVersion, latest.decisionOutput]).toEqual([2, '"Hotpot"']);
  });

  it('EvaluateDecision answers with the output and every evaluated decision, or the failure', async () => {
    const ok = await h.camunda.evaluateDecision({ decisionId: 'dish', variables: { month: 7, guestCount: 5 } });
    expect(ok).toMatchObject({
      decisionId: 'dish',
      decisionName: 'Dish',
      decisionRequirementsId: 'dinnerDecisions',
      decisionOutput: '"Barbecue"',
      failedDecisionId: '',
      failureMessage: '',
    });
    expect((ok as typeof ok & { decisionInstanceKey: string }).decisionInstanceKey).toMatch(/^\d+$/);
    expect(ok.evaluatedDecisions.map((e) => [e.decisionId, e.decisionType, e.decisionOutput])).toEqual([
      ['season', 'LITERAL_EXPRESSION', '"Summer"'],
      ['dish', 'DECISION_TABLE', '"Barbecue"'],
    ]);
    const dish = ok.evaluatedDecisions[1];
    expect(dish.matchedRules).toEqual([
      { ruleId: 'r_overlap', ruleIndex: 6, evaluatedOutputs: [{ outputId: 'out_dish', outputName: 'dish', outputValue: '"Barbecue"' }] },
    ]);
    expect(dish.evaluatedInputs.map((i) => [i.inputId, i.inputValue])).toEqual([
      ['in_season', '"Summer"'],
      ['in_guests', '5'],
    ]);

    const failed = await h.camunda.evaluateDecision({ decisionId: 'dish', variables: { month: 7, guestCount: 4 } });
    expect(failed.failedDecisionId).toBe('dish');
    expect(failed.failureMessage).toContain("Expected to evaluate decision 'dish', but");
    expect(failed.failureMessage).toContain("'r_small'");
    expect(failed.failureMessage).toContain("'r_overlap'");

    const raw = rawGateway(h.engine.address);
    const missing = await raw.call('EvaluateDecision', { decisionId: 'nope' }).catch((e: grpc.ServiceError) => e);
    const none = await raw.call('EvaluateDecision', {}).catch((e: grpc.ServiceError) => e);
    raw.close();
    expect(missing).toMatchObject({ code: grpc.status.NOT_FOUND });
    expect((missing as grpc.ServiceError).details).toContain("Expected to evaluate decision 'nope', but no decision found for id 'nope'");
    expect(none).toMatchObject({ code: grpc.status.INVALID_ARGUMENT });
  });

  describe('business rule task with zeebe:calledDecision', () => {
    beforeAll(async () => {
      await h.camunda.deployResources([{ name: 'business-rule.bpmn', process: bpmn('business-rule.bpmn') }]);
    });

    it('evaluates the latest decision in the command and sets the result variable', async () => {
      const pi = await h.camunda.createProcessInstance({
        bpmnProcessId: 'business-rule',
        variables: { decisionName: 'dish', month: 12, guestCount: 3 },
      });
      await waitForInstanceState(h.sql, pi.processInstanceKey, 'COMPLETED');
      expect((await rootVariables(h.sql, pi.processInstanceKey)).meal).toBe('Roastbeef');
    });

    it('a failing evaluation raises DECISION_EVALUATION_ERROR; fixing the variables and resolving completes it', async () => {
      const pi = await h.camunda.createProcessInstance({
        bpmnProcessId: 'business-rule',
        variables: { decisionName: 'dish', month: 7, guestCount: 4 },
      });
      const incident = await waitForIncident(h.sql, pi.processInstanceKey);
      expect(incident.error_type).toBe('DECISION_EVALUATION_ERROR');
      expect(incident.element_id).toBe('decide');
      expect(incident.error_message).toContain("Expected to evaluate decision 'dish', but");
      expect(incident.error_message).toContain("'r_small'");
      await h.camunda.setVariables({ elementInstanceKey: pi.processInstanceKey, variables: { guestCount: 10 }, local: false });
      await h.camunda.resolveIncident({ incidentKey: incident.key });
      await waitForInstanceState(h.sql, pi.processInstanceKey, 'COMPLETED');
      expect((await rootVariables(h.sql, pi.processInstanceKey)).meal).toBe('Hotpot');
      expect((await incidents(h.sql, pi.processInstanceKey)).map((i) => i.state)).toEqual(['RESOLVED']);
    });

    it('an unknown decision raises CALLED_DECISION_ERROR naming it', async () => {
      const pi = await h.camunda.createProcessInstance({ bpmnProcessId: 'business-rule', variables: { decisionName: 'unknown' } });
      const incident = await waitForIncident(h.sql, pi.processInstanceKey);
      expect(incident.error_type).toBe('CALLED_DECISION_ERROR');
      expect(incident.error_message).toBe("Expected to evaluate decision 'unknown', but no decision found for id 'unknown'");
    });
  });
});
