/**
 * Brings P1 (committee-candidate-vetting) to 候选人公示 through the API as the officials do:
 * the community party organisation registers the preparatory group, proposes the structure
 * and the candidates, every review department passes them (联审); answers the candidates notice.
 * Shared by the objection specs and the 候选人公示 browser test.
 */
import { call, type Json } from '../identity/identity-client';
import { waitFor, waitForTask } from '../inbox/inbox-client';
import type { TestServer } from '../support/test-server';

/** Owners of the demo register of 锦绣花园 (the slate passes rp.check-slate: owners, ≥ 60 % party members). */
export const JINXIU_SLATE = [
  { name: '刘芳', roomNo: '1-102', isPartyMember: true },
  { name: '李建华', roomNo: '1-202', isPartyMember: true },
  { name: '王秀英', roomNo: '1-301', isPartyMember: true },
  { name: '赵国庆', roomNo: '1-302', isPartyMember: false },
  { name: '张志强', roomNo: '1-201', isPartyMember: true },
] as const;

type Person = { readonly name: string; readonly roomNo: string; readonly isPartyMember: boolean };

const complete = async (server: TestServer, token: string, key: string, elementId: string, data: (task: Json) => Json): Promise<void> => {
  const listed = await waitForTask(server, token, key, elementId);
  const opened = await call(server, 'GET', `/api/tasks/${listed.id}`, { token });
  const done = await call(server, 'POST', `/api/tasks/${listed.id}/complete`, { token, body: { data: data(opened.body) } });
  if (done.status !== 200) throw new Error(`${elementId}: ${done.status} ${JSON.stringify(done.body)}`);
};

/** Starts P1 for the compound and works it to the candidates notice; the instance key and the notice. */
export async function bringP1ToPublicity(
  server: TestServer,
  tokens: { readonly community: string; readonly departments: readonly string[] },
  compoundId: string,
  slate: readonly Person[] = JINXIU_SLATE,
): Promise<{ key: string; notice: Json }> {
  const started = await call(server, 'POST', '/api/processes/committee-candidate-vetting/instances', {
    token: tokens.community,
    body: { data: { compoundId, seats: 5, electionDate: '2027-03-01' } },
  });
  if (started.status !== 201) throw new Error(`P1 start: ${started.status} ${JSON.stringify(started.body)}`);
  const key = started.body.processInstanceKey as string;
  await complete(server, tokens.community, key, 'Task_vetting_structure', () => ({ seats: 5, termYears: 5, partyShareTargetPercent: 60 }));
  await complete(server, tokens.community, key, 'Task_vetting_nominate', () => ({
    candidates: slate.map((p) => ({
      name: p.name,
      roomNo: p.roomNo,
      isOwner: true,
      isPartyMember: p.isPartyMember,
      isTwoCommitteeMember: false,
      isBranchMember: p.isPartyMember,
      isInServiceMember: false,
      isBuildingLeader: false,
    })),
  }));
  for (const token of tokens.departments)
    await complete(server, token, key, 'Task_vetting_qualification', (task) => ({ reviewResults: task.data.reviewResults }));
  const notice = await waitFor(`candidates notice of ${key}`, async () => {
    const listed = await call(server, 'GET', `/api/notices?orgUnit=${compoundId}`, { token: tokens.community });
    return (listed.body as Json[]).find((n) => n.processInstanceKey === key && n.kind === 'candidates');
  });
  return { key, notice };
}
