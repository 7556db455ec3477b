import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeSim } from '../src/index.js';
import { mustResource, startKubeSim } from '../src/index.js';
import { eventually, kubectl, raw } from './helpers.js';

let sim: KubeSim;
let clock = Date.parse('2026-03-02T12:04:30Z');
const JOBS = mustResource('batch', 'jobs');

const template = {
  spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox:1' }] },
};

beforeAll(async () => {
  sim = await startKubeSim({ now: () => clock, cronTickMs: 20, jobPodDurationMs: 50 });
});
afterAll(async () => {
  await sim?.stop();
});

function jobNames(ns: string): string[] {
  return sim.store.list(JOBS, ns).map((j) => j.metadata.name ?? '');
}

describe('Jobs and CronJobs', () => {
  it('runs a Job to completion so kubectl wait --for=condition=Complete succeeds', async () => {
    const r = await raw(sim.url, 'POST', '/apis/batch/v1/namespaces/default/jobs', {
      metadata: { name: 'once' },
      spec: { completions: 2, template },
    });
    expect(r.status).toBe(201);
    expect(
      (r.body as { spec: { selector: { matchLabels: Record<string, string> } } }).spec.selector
        .matchLabels,
    ).toHaveProperty('batch.kubernetes.io/controller-uid');
    const wait = await kubectl(sim.kubeconfigPath, [
      'wait',
      '--for=condition=Complete',
      'job/once',
      '--timeout=20s',
    ]);
    expect(wait.stdout).toContain('job.batch/once condition met');
    const job = (await raw(sim.url, 'GET', '/apis/batch/v1/namespaces/default/jobs/once')).body as {
      status: { succeeded: number };
    };
    expect(job.status.succeeded).toBe(2);
  });

  it('rejects a Job whose pods would restart forever', async () => {
    const r = await raw(sim.url, 'POST', '/apis/batch/v1/namespaces/default/jobs', {
      metadata: { name: 'bad' },
      spec: {
        template: { spec: { restartPolicy: 'Always', containers: [{ name: 'c', image: 'x:1' }] } },
      },
    });
    expect(r.status).toBe(422);
    expect((r.body as { message: string }).message).toContain(
      'spec.template.spec.restartPolicy: Unsupported value: "Always"',
    );
  });

  it('creates Jobs on schedule and none while suspended', async () => {
    await raw(sim.url, 'POST', '/api/v1/namespaces', { metadata: { name: 'cron' } });
    const created = await raw(sim.url, 'POST', '/apis/batch/v1/namespaces/cron/cronjobs', {
      metadata: { name: 'tick' },
      spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template } } },
    });
    expect(created.status).toBe(201);
    await new Promise((r) => setTimeout(r, 100));
    expect(jobNames('cron')).toEqual([]);

    clock = Date.parse('2026-03-02T12:05:10Z');
    const minute = Math.floor(clock / 60_000);
    await eventually(() => jobNames('cron').includes(`tick-${minute}`));

    const suspend = await raw(
      sim.url,
      'PATCH',
      '/apis/batch/v1/namespaces/cron/cronjobs/tick',
      { spec: { suspend: true } },
      'application/merge-patch+json',
    );
    expect(suspend.status).toBe(200);
    clock = Date.parse('2026-03-02T12:10:05Z');
    await new Promise((r) => setTimeout(r, 200));
    expect(jobNames('cron')).toEqual([`tick-${minute}`]);

    await raw(
      sim.url,
      'PATCH',
      '/apis/batch/v1/namespaces/cron/cronjobs/tick',
      { spec: { suspend: false } },
      'application/merge-patch+json',
    );
    clock = Date.parse('2026-03-02T12:15:01Z');
    await eventually(() => jobNames('cron').includes(`tick-${Math.floor(clock / 60_000)}`));
    const cj = (await raw(sim.url, 'GET', '/apis/batch/v1/namespaces/cron/cronjobs/tick')).body as {
      status: { lastScheduleTime: string };
    };
    expect(cj.status.lastScheduleTime).toBe('2026-03-02T12:15:00Z');
  });

  // cronjob_controllerv2: the earliest schedule time is the creation time when nothing ran yet,
  // so the minute a CronJob is created in never runs, even if the schedule matches it.
  it('does not run the schedule time the CronJob was created after', async () => {
    clock = Date.parse('2026-03-02T12:20:30Z');
    await raw(sim.url, 'POST', '/api/v1/namespaces', { metadata: { name: 'late' } });
    const created = await raw(sim.url, 'POST', '/apis/batch/v1/namespaces/late/cronjobs', {
      metadata: { name: 'every' },
      spec: { schedule: '* * * * *', jobTemplate: { spec: { template } } },
    });
    expect(created.status).toBe(201);
    await new Promise((r) => setTimeout(r, 200));
    expect(jobNames('late')).toEqual([]);
    clock = Date.parse('2026-03-02T12:21:02Z');
    await eventually(() => jobNames('late').includes(`every-${Math.floor(clock / 60_000)}`));
  });

  it('rejects a CronJob with a malformed schedule', async () => {
    const r = await raw(sim.url, 'POST', '/apis/batch/v1/namespaces/default/cronjobs', {
      metadata: { name: 'bad' },
      spec: { schedule: 'every day', jobTemplate: { spec: { template } } },
    });
    expect(r.status).toBe(422);
    expect((r.body as { message: string }).message).toContain('spec.schedule');
  });
});
