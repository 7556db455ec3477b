import { describe, expect, it } from 'vitest';
import { AGENT_RBAC_RULES, AGENT_WEBHOOKS } from '../src/index.js';

describe('the contracts are shared constants', () => {
  it('cannot be changed in place by one caller for every other (deeply frozen)', () => {
    expect(() => {
      (AGENT_WEBHOOKS.mutating as { timeoutSeconds: number }).timeoutSeconds = 30;
    }).toThrow(TypeError);
    expect(() => AGENT_WEBHOOKS.validating.rules[0]?.resources.push('secrets')).toThrow(TypeError);
    expect(() => AGENT_RBAC_RULES.clusterRules[0]?.verbs.push('*')).toThrow(TypeError);
    expect(AGENT_WEBHOOKS.mutating.timeoutSeconds).toBe(5);
  });

  it('share no object between the two webhooks (a YAML copy has no anchors)', () => {
    expect(AGENT_WEBHOOKS.mutating.rules).toEqual(AGENT_WEBHOOKS.validating.rules);
    expect(AGENT_WEBHOOKS.mutating.rules).not.toBe(AGENT_WEBHOOKS.validating.rules);
  });
});
