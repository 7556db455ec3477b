/**
 * What the Kubernetes API server's authorizer sees for an HTTP request: the same mapping as
 * k8s.io/apiserver's RequestInfoFactory, so RBAC coverage is checked against the attributes
 * the real server would check, not against our idea of them.
 */

export interface KubeRequest {
  /** HTTP method, any case. */
  method: string;
  /** Path with optional query, e.g. `/apis/apps/v1/namespaces/dev/deployments?watch=true`. */
  path: string;
}

export interface ResourceAttributes {
  kind: 'resource';
  verb: string;
  apiGroup: string;
  apiVersion: string;
  resource: string;
  /** Empty unless the path names one, e.g. `scale`, `status`. */
  subresource: string;
  /** Empty for cluster-scoped requests. For `namespaces/<name>` it is `<name>`, as in Kubernetes. */
  namespace: string;
  /** Empty for collections (list, watch, create, deletecollection). */
  name: string;
}

export interface NonResourceAttributes {
  kind: 'nonResource';
  verb: string;
  path: string;
}

export type RequestAttributes = ResourceAttributes | NonResourceAttributes;

const METHOD_VERBS: Record<string, string> = {
  GET: 'get',
  HEAD: 'get',
  POST: 'create',
  PUT: 'update',
  PATCH: 'patch',
  DELETE: 'delete',
};

/** `namespaces/<name>/<x>` is a subresource of the namespace for these, a collection otherwise. */
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

/** Go's strconv.ParseBool, which the API server uses for `?watch=`. */
const TRUE_STRINGS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);

export function requestAttributes(request: KubeRequest): RequestAttributes {
  const url = new URL(request.path, 'http://apiserver.invalid');
  const method = request.method.toUpperCase();
  const baseVerb = METHOD_VERBS[method];
  if (baseVerb === undefined) {
    throw new Error(
      `${request.method} ${request.path}: unknown HTTP method; use GET, HEAD, POST, PUT, PATCH or DELETE`,
    );
  }
  const parts = url.pathname.split('/').filter((part) => part !== '');
  const nonResource: NonResourceAttributes = {
    kind: 'nonResource',
    verb: method.toLowerCase(),
    path: url.pathname,
  };

  let apiGroup: string;
  let apiVersion: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 3) {
    apiGroup = '';
    apiVersion = parts[1] as string;
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    apiGroup = parts[1] as string;
    apiVersion = parts[2] as string;
    rest = parts.slice(3);
  } else {
    // Discovery (/api, /apis/apps/v1), /version, /healthz...: authorized as non-resource URLs.
    return nonResource;
  }

  let verb = baseVerb;
  // The deprecated `/watch/` path prefix.
  if (rest[0] === 'watch' && method === 'GET') {
    verb = 'watch';
    rest = rest.slice(1);
  }

  let namespace = '';
  if (rest[0] === 'namespaces' && rest.length > 1) {
    namespace = rest[1] as string;
    if (rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2] as string)) rest = rest.slice(2);
  }
  const [resource = '', name = '', subresource = '', ...extra] = rest;
  if (resource === '' || extra.length > 0) {
    throw new Error(
      `${request.method} ${request.path}: not a Kubernetes resource path; expected /api/v1/[namespaces/<ns>/]<resource>[/<name>[/<subresource>]] or /apis/<group>/<version>/...`,
    );
  }

  // Without a name, a read is a list (or a watch) and a delete is a deletecollection.
  if (name === '' && verb === 'get') {
    verb = TRUE_STRINGS.has(url.searchParams.get('watch') ?? '') ? 'watch' : 'list';
  }
  if (name === '' && verb === 'delete') verb = 'deletecollection';

  return { kind: 'resource', verb, apiGroup, apiVersion, resource, subresource, namespace, name };
}

export function describeAttributes(attributes: RequestAttributes): string {
  if (attributes.kind === 'nonResource') return `${attributes.verb} ${attributes.path}`;
  const group = attributes.apiGroup === '' ? 'core' : attributes.apiGroup;
  const resource = attributes.subresource
    ? `${attributes.resource}/${attributes.subresource}`
    : attributes.resource;
  const where = attributes.namespace ? ` in namespace ${attributes.namespace}` : ' cluster-wide';
  const name = attributes.name ? ` ${attributes.name}` : '';
  return `${attributes.verb} ${group}/${resource}${name}${where}`;
}
