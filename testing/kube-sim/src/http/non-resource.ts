import {
  apiGroupDoc,
  apiGroupList,
  apiVersions,
  resourceList,
  SERVER_VERSION,
} from '../discovery.js';
import { openApiV3Doc, openApiV3Root } from '../openapi.js';
import type { ResourceType } from '../resources.js';

/** The JSON for version, discovery and OpenAPI paths; undefined when the path is not one. */
export function nonResourceBody(
  path: string,
  serverAddress: string,
  types: readonly ResourceType[],
): unknown {
  if (path === '/version') return SERVER_VERSION;
  if (path === '/api') return apiVersions(serverAddress);
  if (path === '/apis') return apiGroupList(types);
  if (path === '/openapi/v3') return openApiV3Root(types);
  const segs = path.split('/').filter((s) => s !== '');
  if (segs[0] === 'openapi' && segs[1] === 'v3') {
    const [g, v] = segs[2] === 'api' ? ['', segs[3] ?? ''] : [segs[3] ?? '', segs[4] ?? ''];
    return segs.length === (g === '' ? 4 : 5) ? openApiV3Doc(g, v, types) : undefined;
  }
  if (segs[0] === 'api' && segs.length === 2) return resourceList('', segs[1] ?? '', types);
  if (segs[0] === 'apis' && segs.length === 2) return apiGroupDoc(segs[1] ?? '', types);
  if (segs[0] === 'apis' && segs.length === 3)
    return resourceList(segs[1] ?? '', segs[2] ?? '', types);
  return undefined;
}
