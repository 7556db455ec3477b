import { describe, expect, it } from 'vitest';
import { mustResource } from '../src/resources.js';
import {
  matchFields,
  matchLabels,
  parseFieldSelector,
  parseLabelSelector,
} from '../src/selectors.js';

const labels = { app: 'web', tier: 'front', version: '3' };

describe('label selectors', () => {
  it.each([
    { name: 'equality matches', sel: 'app=web', want: true },
    { name: 'double equals matches', sel: 'app==web', want: true },
    { name: 'inequality excludes', sel: 'app!=web', want: false },
    { name: 'inequality on a missing key matches', sel: 'missing!=x', want: true },
    { name: 'in with a listed value matches', sel: 'tier in (front, back)', want: true },
    { name: 'notin with a listed value excludes', sel: 'tier notin (front)', want: false },
    { name: 'existence matches', sel: 'app', want: true },
    { name: 'negated existence excludes', sel: '!app', want: false },
    { name: 'gt compares numerically', sel: 'version>2', want: true },
    { name: 'all terms must match', sel: 'app=web,tier=back', want: false },
    { name: 'an empty selector matches everything', sel: '', want: true },
  ])('$name', ({ sel, want }) => {
    expect(matchLabels(parseLabelSelector(sel), labels)).toBe(want);
  });

  it('rejects garbage with a message naming the requirement', () => {
    expect(() => parseLabelSelector('a b c')).toThrow(/unable to parse requirement/);
  });
});

describe('field selectors', () => {
  const pods = mustResource('', 'pods');
  const pod = {
    metadata: { name: 'p', namespace: 'ns' },
    spec: { nodeName: 'n1' },
    status: { phase: 'Running' },
  };
  it.each([
    { name: 'metadata.name', sel: 'metadata.name=p', want: true },
    { name: 'metadata.namespace negated', sel: 'metadata.namespace!=ns', want: false },
    { name: 'status.phase', sel: 'status.phase=Running', want: true },
    { name: 'spec.nodeName on another node', sel: 'spec.nodeName=n2', want: false },
  ])('matches on $name', ({ sel, want }) => {
    expect(matchFields(parseFieldSelector(sel, pods), pod)).toBe(want);
  });

  it('refuses fields the type does not index, as the real server does', () => {
    expect(() =>
      parseFieldSelector('status.phase=Running', mustResource('', 'configmaps')),
    ).toThrow('field label not supported: status.phase');
  });
});
