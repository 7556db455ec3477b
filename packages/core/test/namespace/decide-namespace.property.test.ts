import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ANNOTATIONS as A, applyAnnotationPatch } from '../../src/common/annotations.js';
import { decideNamespace } from '../../src/namespace/decide-namespace.js';
import type { NamespaceDecision } from '../../src/namespace/decision.js';
import type { NamespaceObservation } from '../../src/namespace/namespace.js';
import { applySnooze } from '../../src/namespace/owner-actions.js';
import type { ClusterPolicy } from '../../src/namespace/policy.js';
import { parseSchedule } from '../../src/schedule/schedule.js';
import { isUptime, nextUptimeStart } from '../../src/schedule/uptime.js';
import { namespace, POLICY } from '../support/fixtures.js';

/**
 * Runs decideNamespace the way the agent does — decide, carry out, write the annotations, sleep
 * until nextCheckAt or the next outside event — over ten random days, and checks the promises the
 * SPEC makes to owners on every step.
 */

const MIN = 60_000;
const DAY = 86_400_000;

type Event =
  | { at: number; type: 'pods-on' | 'pods-off' | 'hand-wake' }
  | { at: number; type: 'snooze' | 'agent-down'; ms: number };

const SCHEDULES = [
  'Mon-Fri 08:00-19:00 Europe/Berlin',
  'Mon-Fri 22:00-06:00 UTC',
  'Mon-Fri 09:00-17:30 Asia/Kolkata, Sat 10:00-12:00 Asia/Kolkata',
  'Sat-Sun 00:00-24:00 America/St_Johns',
  'Mon-Fri 07:30-18:00 Australia/Adelaide',
  'never',
  'always',
];

const scenario = fc.record({
  uptime: fc.constantFrom(...SCHEDULES),
  wake: fc.constantFrom('manual', 'auto'),
  offsets: fc.constantFrom([60, 30, 15], [15], [120, 5], [30, 10]),
  start: fc.integer({
    min: Date.parse('2026-01-01T00:00:00Z'),
    max: Date.parse('2027-12-20T00:00:00Z'),
  }),
  startPods: fc.integer({ min: 0, max: 3 }),
  events: fc.array(
    fc.record({
      offset: fc.integer({ min: 1, max: 10 * DAY }),
      type: fc.constantFrom('pods-on', 'pods-off', 'hand-wake', 'snooze', 'agent-down'),
      ms: fc.constantFrom(0.2, 1, 3, 24, 72).map((h) => h * 3_600_000),
    }),
    { maxLength: 15 },
  ),
});

describe('the namespace decision over simulated days', () => {
  it('keeps every promise to owners: reminders first, once each, never early, never in uptime', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const policy: ClusterPolicy = { ...POLICY, reminderOffsetsMinutes: s.offsets };
        const schedule = parseSchedule(s.uptime);
        const smallest = Math.min(...s.offsets);
        const events: Event[] = s.events
          .map(
            (e): Event =>
              e.type === 'snooze' || e.type === 'agent-down'
                ? { at: s.start + e.offset, type: e.type, ms: e.ms }
                : { at: s.start + e.offset, type: e.type as 'pods-on' | 'pods-off' | 'hand-wake' },
          )
          .sort((a, b) => a.at - b.at);
        const end = s.start + 10 * DAY;
        let obs: NamespaceObservation = namespace({
          annotations: { [A.uptime]: s.uptime, [A.wake]: s.wake },
          runningPods: s.startPods,
        });
        let t = s.start;
        // The current cycle: reminders sent since the namespace last became running or was snoozed.
        let reminders: { at: number; offset: number; shutdownAt: number }[] = [];
        let snoozedUntil = 0;
        let sameInstant = 0;
        let previous: NamespaceDecision | undefined;

        while (t <= end) {
          const d = decideNamespace(obs, policy, t);
          if (previous !== undefined && sameInstant > 0) {
            // Carrying out a decision never makes the same action due again at the same instant.
            expect(d.kind === previous.kind && d.kind !== 'none').toBe(false);
          }
          if (d.kind === 'remind') {
            const repeated = reminders.some(
              (r) => r.offset === d.offsetMinutes && r.shutdownAt === d.shutdownAt,
            );
            expect(repeated).toBe(false);
            expect(d.shutdownAt - t).toBeGreaterThan(0);
            reminders.push({ at: t, offset: d.offsetMinutes, shutdownAt: d.shutdownAt });
          }
          if (d.kind === 'suspend') {
            expect(isUptime(schedule, t)).toBe(false);
            expect(t).toBeGreaterThanOrEqual(snoozedUntil);
            if (obs.runningPods > 0) {
              const last = reminders.at(-1);
              expect(last).toBeDefined();
              if (last !== undefined) {
                expect(t).toBeGreaterThanOrEqual(last.shutdownAt);
                const first = reminders.find((r) => r.shutdownAt === last.shutdownAt) ?? last;
                expect(t - first.at).toBeGreaterThanOrEqual(smallest * MIN);
                // Daily reset: a reminder from before the last uptime start does not count.
                const restart = nextUptimeStart(schedule, last.at);
                expect(restart === null || restart > t).toBe(true);
              }
            }
            obs = { ...obs, runningPods: 0, scaledUpWorkloads: 0 };
            reminders = [];
          }
          if (d.kind === 'resume') obs = { ...obs, runningPods: 2, scaledUpWorkloads: 2 };
          if (d.kind === 'resume' || d.kind === 'mark-woken') reminders = [];
          obs = { ...obs, annotations: applyAnnotationPatch(obs.annotations, d.annotations) };

          if (d.kind !== 'none') {
            sameInstant++;
            expect(sameInstant).toBeLessThan(4);
            previous = d;
            continue;
          }
          const nextEvent = events[0];
          const next = Math.min(
            d.nextCheckAt ?? Number.POSITIVE_INFINITY,
            nextEvent?.at ?? Number.POSITIVE_INFINITY,
          );
          if (d.nextCheckAt !== null) expect(d.nextCheckAt).toBeGreaterThan(t);
          if (next === Number.POSITIVE_INFINITY) break;
          t = next;
          sameInstant = 0;
          previous = undefined;
          while (events[0] !== undefined && events[0].at <= t) {
            const e = events.shift() as Event;
            // The agent is down: the world goes on, nothing is decided until it is back.
            if (e.type === 'agent-down') t = Math.max(t, e.at + e.ms);
            const running = obs.annotations[A.state] !== 'suspended';
            if (e.type === 'pods-on' && running) obs = { ...obs, runningPods: 2 };
            if (e.type === 'pods-off') obs = { ...obs, runningPods: 0 };
            if (e.type === 'hand-wake' && !running)
              obs = { ...obs, runningPods: 2, scaledUpWorkloads: 2 };
            if (e.type === 'snooze' && running) {
              const result = applySnooze(obs, policy, t, e.ms);
              expect(result.snoozedUntil).toBeGreaterThanOrEqual(t + e.ms);
              obs = {
                ...obs,
                annotations: applyAnnotationPatch(obs.annotations, result.annotations),
              };
              snoozedUntil = result.snoozedUntil;
              reminders = [];
            }
          }
        }
      }),
      { numRuns: 600 },
    );
    // 600 simulated multi-day runs take ~5 s on a quiet machine and over 20 s on a loaded 2-core
    // one: the runs are the claim, not their speed, so the deadline only catches a hang.
  }, 180_000);
});
