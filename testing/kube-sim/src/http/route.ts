import type { ResourceType } from '../resources.js';
import { findResource, RESOURCES } from '../resources.js';

export type Verb =
  | 'get'
  | 'list'
  | 'watch'
  | 'create'
  | 'update'
  | 'patch'
  | 'delete'
  | 'deletecollection';

export interface ResourceRoute {
  rt: ResourceType;
  namespace: string | undefined;
  name: string | undefined;
  subresource: string;
  verb: Verb;
}

/**
 * Maps a request to (resource, namespace, name, subresource, verb) the way the apiserver's
 * RequestInfoResolver does, including the legacy `/watch/` prefix.
 */
export function resolveRoute(
  method: string,
  pathname: string,
  query: URLSearchParams,
  types: readonly ResourceType[] = RESOURCES,
): ResourceRoute | undefined {
  const segs = pathname
    .split('/')
    .filter((s) => s !== '')
    .map(decodeURIComponent);
  let group: string;
  let version: string;
  let rest: string[];
  if (segs[0] === 'api' && segs.length >= 3) {
    group = '';
    version = segs[1] ?? '';
    rest = segs.slice(2);
  } else if (segs[0] === 'apis' && segs.length >= 4) {
    group = segs[1] ?? '';
    version = segs[2] ?? '';
    rest = segs.slice(3);
  } else return undefined;
  let legacyWatch = false;
  if (rest[0] === 'watch') {
    legacyWatch = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  let plural: string;
  let name: string | undefined;
  let subresource = '';
  const nsScoped =
    rest[0] === 'namespaces' &&
    rest.length >= 3 &&
    !!findResource(group, version, rest[2] ?? '', types);
  if (nsScoped) {
    namespace = rest[1];
    plural = rest[2] ?? '';
    name = rest[3];
    subresource = rest[4] ?? '';
    if (rest.length > 5) return undefined;
  } else {
    plural = rest[0] ?? '';
    name = rest[1];
    subresource = rest[2] ?? '';
    if (rest.length > 3) return undefined;
  }
  const rt = findResource(group, version, plural, types);
  if (!rt) return undefined;
  if (namespace !== undefined && !rt.namespaced) return undefined;
  const isWatch = legacyWatch || query.get('watch') === 'true' || query.get('watch') === '1';
  let verb: Verb | undefined;
  switch (method) {
    case 'GET':
      verb = name === undefined ? (isWatch ? 'watch' : 'list') : isWatch ? 'watch' : 'get';
      break;
    case 'POST':
      verb = name === undefined ? 'create' : undefined;
      break;
    case 'PUT':
      verb = name === undefined ? undefined : 'update';
      break;
    case 'PATCH':
      verb = name === undefined ? undefined : 'patch';
      break;
    case 'DELETE':
      verb = name === undefined ? 'deletecollection' : 'delete';
      break;
  }
  if (!verb) return undefined;
  return { rt, namespace, name, subresource, verb };
}

/**
 * A resource path asked with a method it has no route for (PUT on a collection, DELETE on the
 * namespaces collection): go-restful's plain-text 405, which client-go turns into
 * `the server does not allow this method on the requested resource`.
 */
export function methodNotAllowed(
  method: string,
  pathname: string,
  query: URLSearchParams,
  types: readonly ResourceType[] = RESOURCES,
): boolean {
  const route = resolveRoute(method, pathname, query, types);
  if (route) return route.verb === 'deletecollection' && route.rt.noDeleteCollection === true;
  return method !== 'GET' && resolveRoute('GET', pathname, query, types) !== undefined;
}
