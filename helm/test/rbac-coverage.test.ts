import { AGENT_RBAC_RULES } from '@curfew/contracts';
import { describe, expect, it } from 'vitest';
import {
  agentGrants,
  checkRequestsCovered,
  type KubeRequest,
  requestAttributes,
} from '../src/index.js';

const AGENT_NAMESPACE = 'curfew-system';
const grants = agentGrants(AGENT_RBAC_RULES, AGENT_NAMESPACE);

describe('requestAttributes maps REST calls like the API server', () => {
  it.each([
    {
      name: 'listing namespaces is list on core/namespaces',
      method: 'GET',
      path: '/api/v1/namespaces?limit=500',
      want: { verb: 'list', apiGroup: '', resource: 'namespaces', namespace: '', name: '' },
    },
    {
      name: 'watching namespaces with ?watch=true is watch',
      method: 'GET',
      path: '/api/v1/namespaces?watch=true&resourceVersion=12',
      want: { verb: 'watch', resource: 'namespaces' },
    },
    {
      name: 'watch=1 is a watch too (Go ParseBool)',
      method: 'GET',
      path: '/api/v1/pods?watch=1',
      want: { verb: 'watch', resource: 'pods' },
    },
    {
      name: 'watch=false stays a list',
      method: 'GET',
      path: '/api/v1/pods?watch=false',
      want: { verb: 'list' },
    },
    {
      name: 'the legacy /watch/ prefix is a watch',
      method: 'GET',
      path: '/apis/apps/v1/watch/namespaces/dev/deployments',
      want: { verb: 'watch', apiGroup: 'apps', resource: 'deployments', namespace: 'dev' },
    },
    {
      name: 'reading one namespace is get with its name as namespace and name',
      method: 'GET',
      path: '/api/v1/namespaces/dev',
      want: { verb: 'get', resource: 'namespaces', namespace: 'dev', name: 'dev' },
    },
    {
      name: 'namespace status is a subresource, not a collection',
      method: 'PUT',
      path: '/api/v1/namespaces/dev/status',
      want: { verb: 'update', resource: 'namespaces', subresource: 'status', name: 'dev' },
    },
    {
      name: 'namespace finalize is a subresource',
      method: 'PUT',
      path: '/api/v1/namespaces/dev/finalize',
      want: { resource: 'namespaces', subresource: 'finalize' },
    },
    {
      name: 'patching a deployment is patch on apps/deployments',
      method: 'PATCH',
      path: '/apis/apps/v1/namespaces/dev/deployments/web',
      want: {
        verb: 'patch',
        apiGroup: 'apps',
        apiVersion: 'v1',
        resource: 'deployments',
        namespace: 'dev',
        name: 'web',
        subresource: '',
      },
    },
    {
      name: 'the scale subresource is deployments/scale',
      method: 'PUT',
      path: '/apis/apps/v1/namespaces/dev/deployments/web/scale',
      want: { verb: 'update', resource: 'deployments', subresource: 'scale' },
    },
    {
      name: 'creating an event is create with no name',
      method: 'POST',
      path: '/api/v1/namespaces/dev/events',
      want: { verb: 'create', resource: 'events', namespace: 'dev', name: '' },
    },
    {
      name: 'deleting a collection is deletecollection',
      method: 'DELETE',
      path: '/api/v1/namespaces/dev/pods',
      want: { verb: 'deletecollection', resource: 'pods' },
    },
    {
      name: 'deleting a namespace is delete',
      method: 'DELETE',
      path: '/api/v1/namespaces/dev',
      want: { verb: 'delete', resource: 'namespaces', name: 'dev' },
    },
    {
      name: 'HEAD is a get',
      method: 'head',
      path: '/api/v1/namespaces/dev',
      want: { verb: 'get' },
    },
  ])('$name', ({ method, path, want }) => {
    expect(requestAttributes({ method, path })).toMatchObject({ kind: 'resource', ...want });
  });

  it.each([
    { name: 'API discovery', path: '/apis/apps/v1' },
    { name: 'the version endpoint', path: '/version' },
    { name: 'the core group list', path: '/api' },
  ])('treats $name as a non-resource URL', ({ path }) => {
    expect(requestAttributes({ method: 'GET', path })).toMatchObject({ kind: 'nonResource', path });
  });

  it.each([
    {
      name: 'an unknown HTTP method',
      method: 'BREW',
      path: '/api/v1/pods',
      error: 'unknown HTTP method',
    },
    {
      name: 'a path with too many segments',
      method: 'GET',
      path: '/api/v1/namespaces/a/pods/b/log/extra',
      error: 'not a Kubernetes resource path',
    },
  ])('refuses $name with a message saying what is expected', ({ method, path, error }) => {
    expect(() => requestAttributes({ method, path })).toThrow(error);
  });
});

/** What the agent does today (agent/src/kube/types.ts KubeApi) and what the SPEC adds. */
const agentRequests: { name: string; request: KubeRequest }[] = [
  { name: 'list namespaces', request: { method: 'GET', path: '/api/v1/namespaces' } },
  {
    name: 'watch namespaces',
    request: { method: 'GET', path: '/api/v1/namespaces?watch=true&resourceVersion=1' },
  },
  { name: 'get a namespace', request: { method: 'GET', path: '/api/v1/namespaces/dev' } },
  { name: 'annotate a namespace', request: { method: 'PATCH', path: '/api/v1/namespaces/dev' } },
  { name: 'delete a namespace', request: { method: 'DELETE', path: '/api/v1/namespaces/dev' } },
  {
    name: 'list deployments in all namespaces',
    request: { method: 'GET', path: '/apis/apps/v1/deployments' },
  },
  {
    name: 'watch deployments',
    request: { method: 'GET', path: '/apis/apps/v1/deployments?watch=true' },
  },
  {
    name: 'list statefulsets in all namespaces',
    request: { method: 'GET', path: '/apis/apps/v1/statefulsets' },
  },
  {
    name: 'watch statefulsets',
    request: { method: 'GET', path: '/apis/apps/v1/statefulsets?watch=true' },
  },
  {
    name: 'get a statefulset',
    request: { method: 'GET', path: '/apis/apps/v1/namespaces/dev/statefulsets/db' },
  },
  {
    name: 'get a deployment',
    request: { method: 'GET', path: '/apis/apps/v1/namespaces/dev/deployments/web' },
  },
  {
    name: 'scale a deployment with one merge patch',
    request: { method: 'PATCH', path: '/apis/apps/v1/namespaces/dev/deployments/web' },
  },
  {
    name: 'scale a statefulset with one merge patch',
    request: { method: 'PATCH', path: '/apis/apps/v1/namespaces/dev/statefulsets/db' },
  },
  { name: 'list cronjobs', request: { method: 'GET', path: '/apis/batch/v1/cronjobs' } },
  { name: 'watch cronjobs', request: { method: 'GET', path: '/apis/batch/v1/cronjobs?watch=1' } },
  {
    name: 'get a cronjob',
    request: { method: 'GET', path: '/apis/batch/v1/namespaces/dev/cronjobs/nightly' },
  },
  {
    name: 'suspend a cronjob',
    request: { method: 'PATCH', path: '/apis/batch/v1/namespaces/dev/cronjobs/nightly' },
  },
  { name: 'list pods', request: { method: 'GET', path: '/api/v1/pods' } },
  { name: 'watch pods', request: { method: 'GET', path: '/api/v1/pods?watch=true' } },
  {
    name: 'delete an expired bare pod',
    request: { method: 'DELETE', path: '/api/v1/namespaces/dev/pods/debug' },
  },
  {
    name: 'read a bare pod again before extending it',
    request: { method: 'GET', path: '/api/v1/namespaces/dev/pods/debug' },
  },
  {
    name: "extend a bare pod's time bomb (annotations only)",
    request: { method: 'PATCH', path: '/api/v1/namespaces/dev/pods/debug' },
  },
  {
    name: 'create an event on a namespace',
    request: { method: 'POST', path: '/api/v1/namespaces/dev/events' },
  },
  {
    name: 'list KEDA scaled objects',
    request: { method: 'GET', path: '/apis/keda.sh/v1alpha1/namespaces/dev/scaledobjects' },
  },
  {
    name: 'get a KEDA scaled object',
    request: { method: 'GET', path: '/apis/keda.sh/v1alpha1/namespaces/dev/scaledobjects/web' },
  },
  {
    name: 'pause a KEDA scaled object',
    request: { method: 'PATCH', path: '/apis/keda.sh/v1alpha1/namespaces/dev/scaledobjects/web' },
  },
  {
    name: 'get its Lease',
    request: {
      method: 'GET',
      path: `/apis/coordination.k8s.io/v1/namespaces/${AGENT_NAMESPACE}/leases/curfew-agent`,
    },
  },
  {
    name: 'create its Lease',
    request: {
      method: 'POST',
      path: `/apis/coordination.k8s.io/v1/namespaces/${AGENT_NAMESPACE}/leases`,
    },
  },
  {
    name: 'update its Lease',
    request: {
      method: 'PUT',
      path: `/apis/coordination.k8s.io/v1/namespaces/${AGENT_NAMESPACE}/leases/curfew-agent`,
    },
  },
  {
    name: 'create a support pod in its namespace',
    request: { method: 'POST', path: `/api/v1/namespaces/${AGENT_NAMESPACE}/pods` },
  },
];

describe('checkRequestsCovered with the chart rules', () => {
  it.each(agentRequests)('allows the agent to $name', ({ request }) => {
    expect(checkRequestsCovered([request], grants).uncovered).toEqual([]);
  });

  it('uses every permission it grants for the calls above (nothing granted in excess)', () => {
    const report = checkRequestsCovered(
      agentRequests.map((r) => r.request),
      grants,
    );
    expect(report.ok).toBe(true);
    expect(report.unused).toEqual([]);
  });

  it.each([
    {
      name: 'scaling through deployments/scale (subresources need their own grant)',
      request: { method: 'PATCH', path: '/apis/apps/v1/namespaces/dev/deployments/web/scale' },
      description: 'patch apps/deployments/scale web in namespace dev',
    },
    {
      name: 'reading a secret',
      request: { method: 'GET', path: '/api/v1/namespaces/dev/secrets/db' },
      description: 'get core/secrets db in namespace dev',
    },
    {
      name: 'updating a Lease outside its own namespace',
      request: { method: 'PUT', path: '/apis/coordination.k8s.io/v1/namespaces/dev/leases/x' },
      description: 'update coordination.k8s.io/leases x in namespace dev',
    },
    {
      name: 'creating pods outside its own namespace',
      request: { method: 'POST', path: '/api/v1/namespaces/dev/pods' },
      description: 'create core/pods in namespace dev',
    },
    {
      name: 'replacing a deployment with PUT (the agent patches)',
      request: { method: 'PUT', path: '/apis/apps/v1/namespaces/dev/deployments/web' },
      description: 'update apps/deployments web in namespace dev',
    },
    {
      name: 'deleting all pods of a namespace at once',
      request: { method: 'DELETE', path: '/api/v1/namespaces/dev/pods' },
      description: 'deletecollection core/pods in namespace dev',
    },
    {
      name: 'listing nodes',
      request: { method: 'GET', path: '/api/v1/nodes' },
      description: 'list core/nodes cluster-wide',
    },
    {
      name: 'calling API discovery',
      request: { method: 'GET', path: '/apis/apps/v1' },
      description: 'get /apis/apps/v1',
    },
  ])('reports $name as not covered', ({ request, description }) => {
    const report = checkRequestsCovered([request], grants);
    expect(report.ok).toBe(false);
    expect(report.uncovered.map((u) => u.description)).toEqual([description]);
  });

  it('reports what a smaller agent would leave unused, so the lead can demand "exactly"', () => {
    const report = checkRequestsCovered(
      [{ method: 'GET', path: '/api/v1/namespaces' }],
      [{ apiGroups: [''], resources: ['namespaces'], verbs: ['list', 'watch'] }],
    );
    expect(report.unused).toEqual([
      { apiGroup: '', resource: 'namespaces', verb: 'watch', namespace: '' },
    ]);
  });

  it.each([
    {
      name: 'a wildcard verb covers any verb',
      rule: { apiGroups: [''], resources: ['pods'], verbs: ['*'] },
      request: { method: 'DELETE', path: '/api/v1/namespaces/a/pods/b' },
      covered: true,
    },
    {
      name: 'a resource-wide wildcard covers subresources',
      rule: { apiGroups: ['apps'], resources: ['*'], verbs: ['update'] },
      request: { method: 'PUT', path: '/apis/apps/v1/namespaces/a/deployments/b/scale' },
      covered: true,
    },
    {
      name: 'a */scale rule covers any scale subresource',
      rule: { apiGroups: ['apps'], resources: ['*/scale'], verbs: ['update'] },
      request: { method: 'PUT', path: '/apis/apps/v1/namespaces/a/statefulsets/b/scale' },
      covered: true,
    },
    {
      name: 'resourceNames restrict to the named object',
      rule: { apiGroups: [''], resources: ['configmaps'], verbs: ['get'], resourceNames: ['x'] },
      request: { method: 'GET', path: '/api/v1/namespaces/a/configmaps/y' },
      covered: false,
    },
    {
      name: 'resourceNames never cover a create',
      rule: { apiGroups: [''], resources: ['configmaps'], verbs: ['create'], resourceNames: ['x'] },
      request: { method: 'POST', path: '/api/v1/namespaces/a/configmaps' },
      covered: false,
    },
    {
      name: 'the API group must match',
      rule: { apiGroups: ['extensions'], resources: ['deployments'], verbs: ['patch'] },
      request: { method: 'PATCH', path: '/apis/apps/v1/namespaces/a/deployments/b' },
      covered: false,
    },
  ])('matches like Kubernetes RBAC: $name', ({ rule, request, covered }) => {
    expect(checkRequestsCovered([request], [rule]).ok).toBe(covered);
  });
});
