import { describe, expect, it } from 'vitest';
import { ANNOTATIONS as A, LABELS } from '../../src/common/annotations.js';
import { CurfewInputError } from '../../src/common/errors.js';
import { contactsOf, stateOf } from '../../src/namespace/namespace.js';
import { isSystemNamespace, validatePolicy } from '../../src/namespace/policy.js';
import { namespace, POLICY } from '../support/fixtures.js';

describe('stateOf', () => {
  it.each([
    {
      name: 'a managed namespace without state is running',
      obs: namespace(),
      mode: 'opt-out',
      state: 'running',
    },
    {
      name: 'a namespace marked suspended is suspended',
      obs: namespace({ annotations: { [A.state]: 'suspended' } }),
      mode: 'opt-out',
      state: 'suspended',
    },
    {
      name: 'kube-node-lease is system',
      obs: namespace({ name: 'kube-node-lease' }),
      mode: 'opt-out',
      state: 'system',
    },
    {
      name: 'an unlabelled namespace in an opt-in cluster is unmanaged',
      obs: namespace({ labels: {} }),
      mode: 'opt-in',
      state: 'unmanaged',
    },
    {
      name: 'the label value is read case-insensitively',
      obs: namespace({ labels: { [LABELS.managed]: 'True' } }),
      mode: 'opt-in',
      state: 'running',
    },
    {
      name: 'a terminating namespace is unmanaged',
      obs: namespace({ phase: 'Terminating' }),
      mode: 'opt-out',
      state: 'unmanaged',
    },
  ] as const)('$name', ({ obs, mode, state }) => {
    expect(stateOf(obs, { ...POLICY, mode })).toBe(state);
  });
});

describe('cluster policy', () => {
  it('a valid policy is returned with offsets largest first and without duplicates', () => {
    expect(
      validatePolicy({ ...POLICY, reminderOffsetsMinutes: [15, 60, 30, 15] })
        .reminderOffsetsMinutes,
    ).toEqual([60, 30, 15]);
  });

  it.each([
    {
      name: 'an unknown mode is rejected',
      change: { mode: 'sometimes' },
      message: /mode 'sometimes'/,
    },
    {
      name: 'an invalid default uptime is rejected',
      change: { defaultUptime: 'weekdays' },
      message: /cluster default uptime is invalid: .*window 1/,
    },
    {
      name: 'an invalid agent namespace is rejected',
      change: { agentNamespace: 'Curfew' },
      message: /agent namespace/,
    },
    {
      name: 'empty reminder offsets are rejected',
      change: { reminderOffsetsMinutes: [] },
      message: /empty/,
    },
    {
      name: 'a fractional reminder offset is rejected',
      change: { reminderOffsetsMinutes: [7.5] },
      message: /7.5/,
    },
    {
      name: 'a negative reminder offset is rejected',
      change: { reminderOffsetsMinutes: [-5] },
      message: /-5/,
    },
  ])('$name', ({ change, message }) => {
    expect(() => validatePolicy({ ...POLICY, ...change } as typeof POLICY)).toThrow(
      CurfewInputError,
    );
    expect(() => validatePolicy({ ...POLICY, ...change } as typeof POLICY)).toThrow(message);
  });

  it.each([
    { name: 'kube-system is a system namespace', ns: 'kube-system', system: true },
    { name: 'the agent namespace is a system namespace', ns: 'curfew-system', system: true },
    { name: 'a configured namespace is a system namespace', ns: 'monitoring', system: true },
    { name: 'a namespace merely containing kube is not', ns: 'my-kube-lab', system: false },
    {
      name: 'a configured prefix pattern covers a family',
      ns: 'openshift-monitoring',
      system: true,
    },
    { name: 'a prefix pattern does not cover other names', ns: 'openshiftless', system: false },
    { name: 'a plain entry is not a prefix', ns: 'monitoring-dev', system: false },
  ])('$name', ({ ns, system }) => {
    expect(
      isSystemNamespace(ns, { ...POLICY, systemNamespaces: ['monitoring', 'openshift-*'] }),
    ).toBe(system);
  });
});

describe('cluster defaults for short schedules', () => {
  it('a default zone and week frame are returned canonical and let the default uptime omit them', () => {
    expect(
      validatePolicy({
        ...POLICY,
        defaultUptime: '08:00-20:00',
        defaultTimeZone: 'europe/paris',
        defaultWeekFrame: ' Mon-Fri ',
      }),
    ).toMatchObject({ defaultTimeZone: 'Europe/Paris', defaultWeekFrame: 'Mon-Fri' });
  });

  it.each([
    {
      name: 'a default uptime without a zone needs a default zone',
      change: { defaultUptime: 'Mon-Fri 08:00-20:00' },
      message: /The cluster default uptime is invalid: .*has no time zone/,
    },
    {
      name: 'an abbreviation as the default zone is refused',
      change: { defaultTimeZone: 'IST' },
      message: /'IST', an abbreviation that ICU reads as Asia\/Calcutta/,
    },
    {
      name: 'a default week frame with an unknown day is refused',
      change: { defaultWeekFrame: 'Mon-Thur' },
      message: /default week frame has an unknown day 'Thur'/,
    },
  ])('$name', ({ change, message }) => {
    expect(() => validatePolicy({ ...POLICY, ...change })).toThrow(message);
  });
});

describe('contactsOf', () => {
  it('reads owner, channel and a comma- or space-separated collaborator list', () => {
    const obs = namespace({
      annotations: {
        [A.owner]: ' alice@example.com ',
        [A.channel]: '#team-a',
        [A.collaborators]: 'bob@example.com, U123  carol@example.com',
      },
    });
    expect(contactsOf(obs)).toEqual({
      owner: 'alice@example.com',
      channel: '#team-a',
      collaborators: ['bob@example.com', 'U123', 'carol@example.com'],
    });
  });

  it('missing or blank annotations are null and an empty list', () => {
    const obs = { ...namespace(), annotations: { [A.owner]: '  ' } };
    expect(contactsOf(obs)).toEqual({ owner: null, channel: null, collaborators: [] });
  });
});
