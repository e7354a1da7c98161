/** How a procedure job ends: complete, an incident for input it cannot use, a retry for a fault that may pass. */
import { Logger } from '@nestjs/common';
import { JobDataError, JobVariables } from '../../src/procedure-workers/job-variables';
import { runJob, TRANSIENT_RETRY_BACKOFF_MS } from '../../src/procedure-workers/run-job';
import { fakeJob } from './procedure-workers-client';

const logger = new Logger('run-job.spec');
beforeAll(() => Logger.overrideLogger(false));

describe(runJob.name, () => {
  it('completes the job with the variables the work returns', async () => {
    expect(await runJob(fakeJob('rp.x', {}), logger, () => Promise.resolve({ slateOk: true }))).toEqual({
      kind: 'complete',
      variables: { slateOk: true },
    });
  });

  it('fails without retries, naming every bad variable, when the input cannot be used', async () => {
    const outcome = await runJob(fakeJob('rp.x', { seats: '5', compoundId: 'A/B' }), logger, (v) => {
      v.int('seats', 1, 99);
      v.unitId('compoundId');
      v.date('termStart');
      v.done();
      return Promise.resolve({});
    });
    expect(outcome).toEqual({
      kind: 'fail',
      retries: 0,
      retryBackOffMs: 0,
      message:
        '任务变量有误（invalid job variables）：seats 须为整数（must be an integer）；compoundId 不是组织单元编号（not an org unit id）；termStart 缺失（missing）',
    });
  });

  it('fails without retries for data a retry cannot change', async () => {
    const outcome = await runJob(fakeJob('rp.x', {}), logger, () => Promise.reject(new JobDataError('小区的业主名册为空')));
    expect(outcome).toEqual({ kind: 'fail', retries: 0, retryBackOffMs: 0, message: '小区的业主名册为空' });
  });

  it('retries an unexpected fault with one retry fewer after a back-off', async () => {
    const job = { ...fakeJob('rp.record-credit', {}), retries: 3 };
    const outcome = await runJob(job, logger, () => Promise.reject(new Error('connection terminated')));
    expect(outcome).toEqual({
      kind: 'fail',
      retries: 2,
      retryBackOffMs: TRANSIENT_RETRY_BACKOFF_MS,
      message: 'rp.record-credit 处理失败（failed）：connection terminated',
    });
  });
});

describe(JobVariables.name, () => {
  it('reads optional values as null and trims text', () => {
    const v = new JobVariables({ title: '  更换电梯 ', note: '', cost: null });
    expect([v.string('title'), v.optionalString('note'), v.optionalNumber('cost', 0), v.optionalDate('meetingDate')]).toEqual([
      '更换电梯',
      null,
      null,
      null,
    ]);
    expect(() => v.done()).not.toThrow();
  });

  it('cuts a date-time to its date and rejects an impossible date', () => {
    const v = new JobVariables({ a: '2026-12-01T00:00:00+08:00', b: '2026-13-40' });
    expect(v.date('a')).toBe('2026-12-01');
    v.date('b');
    expect(() => v.done()).toThrow('b 须为日期 yyyy-mm-dd（must be a date）');
  });
});
