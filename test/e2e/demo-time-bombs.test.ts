/**
 * The local demo's time bombs, end to end: the demo's clusters and seed (scripts/demo), the
 * agent's admission webhooks installed the way `bin/start` installs them, and kube-sim calling
 * them as it creates the seeded workloads. Then the owner's side in Slack: an expiry warning that
 * says when they go off, and Extend 1h, which moves the validity and leaves the timer the person
 * wrote alone. (`local-run.test.ts` checks the same seed in a real `bin/start`.)
 */
import { parseDuration } from '@curfew/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_CLUSTERS,
  DEMO_EXPIRY_WARNINGS_MINUTES,
  DEMO_TIMER,
  demoUptime,
  fixtureFor,
} from '../../scripts/demo/seed.js';
import { type SeededTimeBomb, seedTimeBombs } from '../../scripts/demo/time-bombs.js';
import {
  dms,
  eventually,
  lastDm,
  RT,
  replicas,
  startWorld,
  textOf,
  type World,
} from './support/world.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
let w: World;

beforeAll(async () => {
  w = await startWorld({
    fixtures: {
      'dev-eu': fixtureFor(DEMO_CLUSTERS['dev-eu']),
      'dev-us': fixtureFor(DEMO_CLUSTERS['dev-us']),
    },
    // The demo's schedule, but ending late enough to stay out of this test's way.
    uptime: demoUptime(Date.now(), 12 * 60).uptime,
    webhooks: true,
    expiryWarningOffsetsMinutes: DEMO_EXPIRY_WARNINGS_MINUTES,
  });
}, 90_000);

afterAll(async () => {
  await w?.close();
});

type Templated = { spec: { template: { metadata: { annotations: Record<string, string> } } } };

function templateAnnotations(kind: 'Deployment' | 'StatefulSet', name: string) {
  const rt = kind === 'Deployment' ? RT.deployments : RT.statefulsets;
  const object = w.clusters['dev-eu'].sim.api.get(rt, 'preview-42', name) as unknown as Templated;
  return object.spec.template.metadata.annotations;
}

describe('time bombs in the local demo', () => {
  let bombs: SeededTimeBomb[];

  it('the seeded workloads are stamped by the agent’s webhook as kube-sim creates them', async () => {
    const before = w.clock.now();
    bombs = await seedTimeBombs(w.clusters['dev-eu'].sim, DEMO_CLUSTERS['dev-eu']);
    const after = w.clock.now();
    expect(bombs.map((b) => `${b.kind}/${b.name}`)).toEqual([
      'Deployment/checkout',
      'StatefulSet/checkout-db',
    ]);
    // valid-until is unix seconds of the webhook's (the agent's) now + the timer.
    const timerMs = parseDuration(DEMO_TIMER);
    for (const bomb of bombs) {
      expect(bomb.validUntil).toBeGreaterThanOrEqual(Math.floor((before + timerMs) / 1000) * 1000);
      expect(bomb.validUntil).toBeLessThanOrEqual(after + timerMs);
      expect(templateAnnotations(bomb.kind, bomb.name)).toMatchObject({
        'curfew.dev/timer': DEMO_TIMER,
        'curfew.dev/sku': bomb.sku,
        'curfew.dev/valid-until': String(bomb.validUntil / 1000),
        'curfew.dev/valid-until-human': `${new Date(bomb.validUntil).toISOString().slice(0, 19)}Z`,
      });
    }
  });

  it('ana is warned when they go off, and Extend 1h renews them without rewriting the timer', async () => {
    const ana = w.users.ana;
    const goesOff = Math.min(...bombs.map((b) => b.validUntil));
    await w.clock.warpTo(goesOff - Math.max(...DEMO_EXPIRY_WARNINGS_MINUTES) * MINUTE, w.settle);
    // One warning per moment a validity comes due: the two workloads were stamped within a
    // second or two, so there may be one message or two.
    const warnings = () =>
      dms(w.sim, ana).filter((m) =>
        /Time bombs in \*preview-42\* on `dev-eu` go off/.test(textOf(m)),
      );
    await w.clock.warpTo(
      Math.max(...bombs.map((b) => b.validUntil)) -
        Math.max(...DEMO_EXPIRY_WARNINGS_MINUTES) * MINUTE,
      w.settle,
    );
    await eventually(() => {
      const text = warnings().map(textOf).join('\n');
      for (const bomb of bombs) expect(text).toContain(`*${bomb.name}*`);
    });
    // The warning of the bomb that goes off first (the two may arrive in either order).
    const earliest = bombs.find((b) => b.validUntil === goesOff);
    const first = warnings().find((m) => textOf(m).includes(`*${earliest?.name}*`));
    // The hubs run on real time, the agents ahead of it: the deadline itself is exact.
    expect(textOf(first)).toMatch(
      new RegExp(
        `go off (in [^,]+|now)(?: \\(the first of them\\))?, at <!date\\^${goesOff / 1000}\\^`,
      ),
    );

    for (const warning of warnings()) {
      const clicked = await w.slack[0].send(
        w.slack[0].messageAction({
          userId: ana.id,
          message: warning,
          actionId: 'curfew_extend_1h',
        }),
      );
      expect(clicked.status).toBe(200);
    }
    await eventually(() => {
      for (const bomb of bombs) {
        const annotations = templateAnnotations(bomb.kind, bomb.name);
        expect(Number(annotations['curfew.dev/valid-until']) * 1000).toBeGreaterThanOrEqual(
          goesOff + HOUR - 5 * MINUTE,
        );
        // What the person wrote stays: the webhook re-stamps only when the timer changes.
        expect(annotations['curfew.dev/timer']).toBe(DEMO_TIMER);
      }
    });
    await eventually(() => lastDm(w.sim, ana, /extended by 1h/));

    // The old deadline passes: nothing expires.
    await w.clock.warpTo(goesOff + MINUTE, w.settle);
    expect(replicas(w.clusters['dev-eu'].sim, 'Deployment', 'preview-42', 'checkout')).toBe(2);
    expect(replicas(w.clusters['dev-eu'].sim, 'StatefulSet', 'preview-42', 'checkout-db')).toBe(1);
  });
});
