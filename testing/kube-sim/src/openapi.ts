import { createHash } from 'node:crypto';
import { SERVER_VERSION } from './discovery.js';
import { field } from './protobuf/encode.js';
import { groupVersion, RESOURCES, type ResourceType } from './resources.js';

function gvPath(group: string, version: string): string {
  return group === '' ? `api/${version}` : `apis/${group}/${version}`;
}

function queryParam(name: string) {
  return { name, in: 'query', schema: { type: 'string', uniqueItems: true } };
}

/**
 * A minimal OpenAPI v3 document per group/version. It carries no schemas: what kubectl reads
 * from it is which operations exist for a kind and that they accept `fieldValidation` and
 * `dryRun`, so it validates server-side instead of demanding a schema (`--validate=false`).
 */
export function openApiV3Doc(
  group: string,
  version: string,
  types: readonly ResourceType[] = RESOURCES,
) {
  const rts = types.filter((r) => r.group === group && r.version === version && !r.review);
  if (rts.length === 0) return undefined;
  const paths: Record<string, unknown> = {};
  for (const rt of rts) {
    const gvk = { group, version, kind: rt.kind };
    const base = `/${gvPath(group, version)}${rt.namespaced ? '/namespaces/{namespace}' : ''}/${rt.plural}`;
    const params = [
      queryParam('dryRun'),
      queryParam('fieldManager'),
      queryParam('fieldValidation'),
    ];
    const op = (id: string, extra: Record<string, unknown> = {}) => ({
      operationId: id,
      'x-kubernetes-group-version-kind': gvk,
      parameters: params,
      responses: { '200': { description: 'OK' } },
      ...extra,
    });
    const patchTypes = [
      'application/json-patch+json',
      'application/merge-patch+json',
      'application/apply-patch+yaml',
    ];
    // Deliberately no strategic-merge content type: kubectl then computes apply patches from its
    // compiled-in types instead of needing full schemas here.
    paths[base] = {
      get: op(`list${rt.kind}`, { 'x-kubernetes-action': 'list' }),
      post: op(`create${rt.kind}`, { 'x-kubernetes-action': 'post' }),
    };
    paths[`${base}/{name}`] = {
      get: op(`read${rt.kind}`, { 'x-kubernetes-action': 'get' }),
      put: op(`replace${rt.kind}`, { 'x-kubernetes-action': 'put' }),
      patch: op(`patch${rt.kind}`, {
        'x-kubernetes-action': 'patch',
        requestBody: { content: Object.fromEntries(patchTypes.map((t) => [t, { schema: {} }])) },
      }),
      delete: op(`delete${rt.kind}`, { 'x-kubernetes-action': 'delete' }),
    };
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: SERVER_VERSION.gitVersion },
    paths,
    components: { schemas: {} },
  };
}

export function openApiV3Root(types: readonly ResourceType[] = RESOURCES) {
  const seen = new Set<string>();
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const rt of types) {
    if (rt.review) continue;
    const gv = groupVersion(rt);
    if (seen.has(gv)) continue;
    seen.add(gv);
    const p = gvPath(rt.group, rt.version);
    const hash = createHash('sha512')
      .update(JSON.stringify(openApiV3Doc(rt.group, rt.version, types)))
      .digest('hex');
    paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${hash.slice(0, 64).toUpperCase()}` };
  }
  return { paths };
}

/**
 * /openapi/v2 without definitions. kubectl fetches it (as gnostic protobuf) to validate `kind:
 * List` input client-side; with no schema for a kind it skips validation rather than failing,
 * which is what we want from a schema-less simulator.
 */
export function openApiV2Json() {
  return {
    swagger: '2.0',
    info: { title: 'Kubernetes', version: SERVER_VERSION.gitVersion },
    paths: {},
    definitions: {},
  };
}

export const OPENAPI_V2_PROTO = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';

export function openApiV2Proto(): Buffer {
  // openapi.v2.Document: swagger = 1, info = 2 (Info: title = 1, version = 2).
  return Buffer.concat([
    field(1, '2.0'),
    field(2, Buffer.concat([field(1, 'Kubernetes'), field(2, SERVER_VERSION.gitVersion)])),
  ]);
}
