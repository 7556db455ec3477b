/**
 * ValidatingAdmissionPolicy with CEL, as kube-apiserver's admission plugin enforces it: the
 * binding selects the policy; matchConstraints and matchConditions select requests (the user
 * too); validations deny with the real Status; DELETE sees oldObject; failurePolicy decides
 * what an evaluation error does. Through the in-process API (as a named user) and through
 * kubectl with another user's bearer token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KubeSim, mustResource, startKubeSim } from '../src/index.js';
import { ApiError } from '../src/status.js';
import { kubectl } from './helpers.js';

const NS = mustResource('', 'namespaces');
const CM = mustResource('', 'configmaps');
const DEPLOY = mustResource('apps', 'deployments');
const POLICY = mustResource('admissionregistration.k8s.io', 'validatingadmissionpolicies');
const BINDING = mustResource('admissionregistration.k8s.io', 'validatingadmissionpolicybindings');
const ROBOT = { username: 'system:serviceaccount:tools:robot', groups: ['system:serviceaccounts'] };

let sim: KubeSim;

beforeAll(async () => {
  sim = await startKubeSim({
    readyDelayMs: 0,
    token: 'admin-token',
    users: { 'robot-token': ROBOT },
  });
  await sim.api.create(NS, '', { metadata: { name: 'apps' } });
  await sim.api.create(NS, '', { metadata: { name: 'keep', labels: { protected: 'yes' } } });
  await sim.api.create(DEPLOY, 'apps', {
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'main', image: 'registry.example/web:1' }] },
      },
    },
  });
  await sim.api.create(POLICY, '', {
    metadata: { name: 'robot-limits' },
    spec: {
      failurePolicy: 'Fail',
      matchConstraints: {
        resourceRules: [
          {
            apiGroups: ['apps'],
            apiVersions: ['v1'],
            resources: ['deployments'],
            operations: ['UPDATE'],
          },
          {
            apiGroups: [''],
            apiVersions: ['v1'],
            resources: ['namespaces'],
            operations: ['DELETE'],
          },
          {
            apiGroups: [''],
            apiVersions: ['v1'],
            resources: ['configmaps'],
            operations: ['CREATE'],
          },
        ],
      },
      matchConditions: [
        {
          name: 'only-the-robot',
          expression: "request.userInfo.username == 'system:serviceaccount:tools:robot'",
        },
      ],
      variables: [
        {
          name: 'oldLabels',
          expression: 'has(oldObject.metadata.labels) ? oldObject.metadata.labels : {}',
        },
      ],
      validations: [
        {
          expression:
            "request.resource.resource != 'deployments' || object.spec.template == oldObject.spec.template",
          message: 'the robot may not change what a Deployment runs',
        },
        {
          expression:
            "request.resource.resource != 'namespaces' || !('protected' in variables.oldLabels)",
          messageExpression: "'namespace ' + oldObject.metadata.name + ' is protected'",
          reason: 'Forbidden',
        },
        { expression: "request.resource.resource != 'configmaps' || object.data.size() > 0" },
      ],
    },
  });
  await sim.api.create(BINDING, '', {
    metadata: { name: 'robot-limits-binding' },
    spec: { policyName: 'robot-limits', validationActions: ['Deny'] },
  });
});

afterAll(async () => {
  await sim?.stop();
});

async function refusal(write: Promise<unknown>): Promise<ApiError> {
  const error = await write.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}

const image = (img: string) => ({
  spec: { template: { spec: { containers: [{ name: 'main', image: img }] } } },
});

describe('a ValidatingAdmissionPolicy bound with Deny', () => {
  it('denies a matching request of the matched user with the real Status: 422 Invalid, the policy and binding named', async () => {
    const error = await refusal(
      sim.api.patch(DEPLOY, 'apps', 'web', '', 'strategic', image('evil:1'), { user: ROBOT }),
    );
    const message =
      "ValidatingAdmissionPolicy 'robot-limits' with binding 'robot-limits-binding' denied request: the robot may not change what a Deployment runs";
    expect(error.code).toBe(422);
    expect(error.reason).toBe('Invalid');
    expect(error.message).toBe(`deployments.apps "web" is forbidden: ${message}`);
    expect(error.toStatus().details).toEqual({
      name: 'web',
      group: 'apps',
      kind: 'deployments',
      causes: [{ message }],
    });
  });

  it('lets the same user make a change the validations allow', async () => {
    const out = await sim.api.patch(
      DEPLOY,
      'apps',
      'web',
      '',
      'merge',
      { spec: { replicas: 0 } },
      { user: ROBOT },
    );
    expect((out.spec as { replicas: number }).replicas).toBe(0);
  });

  it('does not apply to a user its matchConditions leave out', async () => {
    const out = await sim.api.patch(
      DEPLOY,
      'apps',
      'web',
      '',
      'strategic',
      image('registry.example/web:2'),
    );
    expect(JSON.stringify(out.spec)).toContain('registry.example/web:2');
  });

  it("evaluates DELETE on the oldObject, with the validation's reason and messageExpression", async () => {
    const error = await refusal(sim.api.delete(NS, '', 'keep', {}, { user: ROBOT }));
    expect(error.code).toBe(403);
    expect(error.reason).toBe('Forbidden');
    expect(error.message).toMatch(
      /^namespaces "keep" is forbidden: .* denied request: namespace keep is protected$/,
    );
    expect(sim.api.get(NS, '', 'keep').metadata.name).toBe('keep');
  });

  it('names the failed expression when a validation has no message', async () => {
    const error = await refusal(
      sim.api.create(CM, 'apps', { metadata: { name: 'empty' }, data: {} }, { user: ROBOT }),
    );
    expect(error.message).toMatch(
      /denied request: failed expression: request\.resource\.resource != 'configmaps' \|\| object\.data\.size\(\) > 0$/,
    );
  });

  it('denies under failurePolicy Fail when an expression errors (a field that is not there)', async () => {
    const error = await refusal(
      sim.api.create(CM, 'apps', { metadata: { name: 'nodata' } }, { user: ROBOT }),
    );
    expect(error.message).toMatch(
      /denied request: expression '.*object\.data\.size\(\) > 0' resulted in error: /,
    );
  });

  it('applies through the HTTP API to the user a bearer token authenticates (kubectl --token)', async () => {
    const asRobot = await kubectl(sim.kubeconfigPath, [
      '--token=robot-token',
      'set',
      'image',
      '-n',
      'apps',
      'deployment/web',
      'main=evil:2',
    ]);
    expect(asRobot.code).not.toBe(0);
    expect(asRobot.stderr).toContain(
      "ValidatingAdmissionPolicy 'robot-limits' with binding 'robot-limits-binding' denied request: the robot may not change what a Deployment runs",
    );
    const whoami = await kubectl(sim.kubeconfigPath, [
      '--token=robot-token',
      'auth',
      'whoami',
      '-o',
      'jsonpath={.status.userInfo.username}',
    ]);
    expect(whoami.stdout).toBe(ROBOT.username);
    const asAdmin = await kubectl(sim.kubeconfigPath, [
      'set',
      'image',
      '-n',
      'apps',
      'deployment/web',
      'main=registry.example/web:3',
    ]);
    expect(asAdmin.code).toBe(0);
  });

  it('does nothing without a binding', async () => {
    await sim.api.delete(BINDING, '', 'robot-limits-binding', {});
    const out = await sim.api.patch(DEPLOY, 'apps', 'web', '', 'strategic', image('anything:1'), {
      user: ROBOT,
    });
    expect(JSON.stringify(out.spec)).toContain('anything:1');
  });
});
