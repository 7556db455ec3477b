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

  // Types with their own conversion func (pods, events, secrets, …) say "field label not
  // supported"; the rest fall to runtime.DefaultMetaV1FieldSelectorConversion's wording.
  it.each([
    {
      name: 'a pod field the pod registry does not index is "field label not supported"',
      group: '',
      plural: 'pods',
      selector: 'spec.foo=x',
      message: 'field label not supported: spec.foo',
    },
    {
      name: 'a Namespace has no metadata.namespace field label',
      group: '',
      plural: 'namespaces',
      selector: 'metadata.namespace=x',
      message: 'field label not supported: metadata.namespace',
    },
    {
      name: 'a ConfigMap field gets the default conversion message listing the two generic fields',
      group: '',
      plural: 'configmaps',
      selector: 'status.phase=Running',
      message:
        '"status.phase" is not a known field selector: only "metadata.name", "metadata.namespace"',
    },
    {
      name: 'a Deployment field gets the default conversion message too',
      group: 'apps',
      plural: 'deployments',
      selector: 'spec.replicas=1',
      message:
        '"spec.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"',
    },
    {
      name: 'a term without an operator quotes the whole selector and the term',
      group: '',
      plural: 'pods',
      selector: 'metadata.name=a,oops',
      message: "invalid selector: 'metadata.name=a,oops'; can't understand 'oops'",
    },
  ])('$name', ({ group, plural, selector, message }) => {
    expect(() => parseFieldSelector(selector, mustResource(group, plural))).toThrow(message);
  });
});

// Messages of k8s.io/apimachinery/pkg/labels' parser (selector.go), which the server returns
// verbatim as a 400 BadRequest.
describe('label selector parse errors', () => {
  it.each([
    {
      name: 'an unclosed set reports the missing comma or parenthesis',
      selector: 'app in (a',
      message: "unable to parse requirement: found '', expected: ',' or ')'",
    },
    {
      name: 'two words without an operator report the second word',
      selector: 'Bad Key=x',
      message: "unable to parse requirement: found 'Key', expected: in, notin, =, ==, !=, gt, lt",
    },
    {
      name: 'a bad key is a nil-path Invalid value from validateLabelKey',
      selector: 'a_=b',
      message:
        'unable to parse requirement: <nil>: Invalid value: "a_": name part must consist of alphanumeric characters',
    },
    {
      name: 'a bad value names values[0][key]',
      selector: 'app=a@b',
      message: 'unable to parse requirement: values[0][app]: Invalid value: "a@b": a valid label',
    },
    {
      name: 'a trailing comma wants another requirement',
      selector: 'app=a,',
      message: "found '', expected: identifier after ','",
    },
    {
      name: 'a set operator without a parenthesis says so',
      selector: 'app in a',
      message: "unable to parse requirement: found 'a' expected: '('",
    },
  ])('$name', ({ selector, message }) => {
    expect(() => parseLabelSelector(selector)).toThrow(message);
  });

  it.each([
    {
      name: 'a double-equals requirement parses to one exact value',
      selector: 'a==b',
      want: [{ key: 'a', op: 'eq', values: ['b'] }],
    },
    {
      name: 'an empty set value list "()" selects the empty value',
      selector: 'a in ()',
      want: [{ key: 'a', op: 'in', values: [''] }],
    },
    {
      name: 'in/notin are identifiers in value position',
      selector: 'x in (in,notin)',
      want: [{ key: 'x', op: 'in', values: ['in', 'notin'] }],
    },
    {
      name: '"!key" is DoesNotExist',
      selector: '!a,b',
      want: [
        { key: 'a', op: 'notexists', values: [] },
        { key: 'b', op: 'exists', values: [] },
      ],
    },
  ])('$name', ({ selector, want }) => {
    expect(parseLabelSelector(selector)).toEqual(want);
  });
});
