import { describe, expect, it } from 'vitest';
import { SUPPORT_SIZES } from '../../src/command/slash-command.js';
import { ANNOTATIONS } from '../../src/common/annotations.js';
import { HOUR_MS } from '../../src/common/duration.js';
import { CurfewInputError } from '../../src/common/errors.js';
import {
  parseSupportSize,
  planSupportPod,
  SUPPORT_SIZE_PRESETS,
  supportPodManifest,
  supportPodName,
} from '../../src/support-pods/support-pod.js';

const NOW = Date.parse('2026-11-04T12:00:00.750Z');
const NOW_S = Math.floor(NOW / 1000);

/** Kubernetes quantities in millicores / bytes, to compare presets by size. */
const millis = (cpu: string) => (cpu.endsWith('m') ? Number(cpu.slice(0, -1)) : Number(cpu) * 1000);
const bytes = (memory: string) =>
  Number(memory.slice(0, -2)) * (memory.endsWith('Gi') ? 2 ** 30 : 2 ** 20);

const request = {
  name: 'manage1',
  size: 'XL' as const,
  namespace: 'curfew-system',
  image: 'busybox:1.37',
  command: ['sleep', 'infinity'],
  timerMs: 8 * HOUR_MS,
  requestedBy: 'U123',
  runAsUser: 65_534,
  now: NOW,
};

describe('support pod size presets', () => {
  it.each([
    { name: 'XS requests a tenth of a CPU and 128 MiB', size: 'XS', cpu: '100m', memory: '128Mi' },
    { name: 'S requests a quarter CPU and 512 MiB', size: 'S', cpu: '250m', memory: '512Mi' },
    { name: 'M requests half a CPU and 1 GiB', size: 'M', cpu: '500m', memory: '1Gi' },
    { name: 'L requests one CPU and 2 GiB', size: 'L', cpu: '1', memory: '2Gi' },
    { name: 'XL requests two CPUs and 4 GiB', size: 'XL', cpu: '2', memory: '4Gi' },
  ] as const)('$name', ({ size, cpu, memory }) => {
    expect(SUPPORT_SIZE_PRESETS[size].requests).toEqual({ cpu, memory });
  });

  it('every size has limits at twice its requests', () => {
    for (const size of SUPPORT_SIZES) {
      const { requests, limits } = SUPPORT_SIZE_PRESETS[size];
      expect(millis(limits.cpu)).toBe(2 * millis(requests.cpu));
      expect(bytes(limits.memory)).toBe(2 * bytes(requests.memory));
    }
  });

  it('each size asks for more than the one before it', () => {
    const cpus = SUPPORT_SIZES.map((s) => millis(SUPPORT_SIZE_PRESETS[s].requests.cpu));
    const memories = SUPPORT_SIZES.map((s) => bytes(SUPPORT_SIZE_PRESETS[s].requests.memory));
    for (let i = 1; i < SUPPORT_SIZES.length; i += 1) {
      expect(cpus[i]).toBeGreaterThan(cpus[i - 1] ?? 0);
      expect(memories[i]).toBeGreaterThan(memories[i - 1] ?? 0);
    }
  });

  it.each([
    { name: 'a size in lower case is accepted', text: 'xl', size: 'XL' },
    { name: 'a size with spaces around it is accepted', text: ' m ', size: 'M' },
  ])('$name', ({ text, size }) => {
    expect(parseSupportSize(text)).toBe(size);
  });

  it.each([
    {
      name: 'an unknown size is refused, listing the sizes',
      text: 'XXL',
      message: "'XXL' is unknown",
    },
    { name: 'an empty size is refused', text: '', message: 'needs a size' },
  ])('$name', ({ text, message }) => {
    const error = (() => {
      try {
        parseSupportSize(text);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(CurfewInputError);
    expect((error as CurfewInputError).message).toContain(message);
    expect((error as CurfewInputError).hint).toBe('Use one of XS, S, M, L, XL.');
  });
});

describe('support pod names', () => {
  it.each([
    { name: 'a DNS-1123 name becomes support-<name>', input: 'manage1', pod: 'support-manage1' },
    {
      name: 'a 55-character name still fits in 63',
      input: 'a'.repeat(55),
      pod: `support-${'a'.repeat(55)}`,
    },
  ])('$name', ({ input, pod }) => {
    expect(supportPodName(input)).toBe(pod);
  });

  it.each([
    { name: 'upper case is refused', input: 'Manage1', message: 'upper-case' },
    { name: 'an underscore is refused', input: 'manage_1', message: "contains '_'" },
    { name: 'a trailing dash is refused', input: 'manage-', message: 'start and end' },
    {
      name: 'a 56-character name is refused: with the prefix it would pass 63',
      input: 'a'.repeat(56),
      message: 'the limit is 55',
    },
  ])('$name', ({ input, message }) => {
    expect(() => supportPodName(input)).toThrow(CurfewInputError);
    expect(() => supportPodName(input)).toThrow(message);
  });
});

describe('the support pod plan', () => {
  const plan = planSupportPod(request);

  it('names the Pod support-<name> in the agent namespace, labelled as Curfew-managed with its support name', () => {
    expect(plan).toMatchObject({ name: 'support-manage1', namespace: 'curfew-system' });
    expect(plan.labels).toEqual({
      'app.kubernetes.io/managed-by': 'curfew',
      'curfew.dev/support': 'manage1',
    });
  });

  it('stamps the timer and its validity itself (the webhooks skip the agent namespace), with who asked and the size', () => {
    expect(plan.annotations).toEqual({
      'curfew.dev/requested-by': 'U123',
      'curfew.dev/support-size': 'XL',
      [ANNOTATIONS.timer]: '8h',
      [ANNOTATIONS.validUntil]: String(NOW_S + 8 * 3600),
      [ANNOTATIONS.validUntilHuman]: '2026-11-04T20:00:00Z',
    });
    expect(plan.validity.validUntil).toBe(NOW_S + 8 * 3600);
  });

  it('a request without a requester is recorded as the hub', () => {
    expect(
      planSupportPod({ ...request, requestedBy: '' }).annotations['curfew.dev/requested-by'],
    ).toBe('hub');
  });

  it('a bad name is refused before anything is planned', () => {
    expect(() => planSupportPod({ ...request, name: 'Bad' })).toThrow(CurfewInputError);
  });

  it('the manifest runs the image as a non-root user, without privilege escalation or capabilities, with the preset resources', () => {
    const manifest = supportPodManifest(plan);
    expect(manifest.metadata).toEqual({
      name: 'support-manage1',
      namespace: 'curfew-system',
      labels: plan.labels,
      annotations: plan.annotations,
    });
    expect(manifest.spec).toMatchObject({
      restartPolicy: 'Never',
      automountServiceAccountToken: false,
      securityContext: { runAsNonRoot: true, runAsUser: 65_534 },
      containers: [
        {
          image: 'busybox:1.37',
          command: ['sleep', 'infinity'],
          resources: {
            requests: { cpu: '2', memory: '4Gi' },
            limits: { cpu: '4', memory: '8Gi' },
          },
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
        },
      ],
    });
  });

  it('an empty command keeps the image entrypoint', () => {
    const manifest = supportPodManifest(planSupportPod({ ...request, command: [] }));
    const [container] = manifest.spec.containers as Record<string, unknown>[];
    expect(container).not.toHaveProperty('command');
  });
});
