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
    const { mutating, validating } = AGENT_WEBHOOKS;
    // The same holders for both; the validating webhook also sees `scale` writes.
    expect(validating.rules.slice(0, mutating.rules.length)).toEqual(mutating.rules);
    mutating.rules.forEach((rule, i) => {
      expect(rule).not.toBe(validating.rules[i]);
    });
  });
});
