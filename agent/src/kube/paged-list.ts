import { convert } from './convert.js';
import { KubeError } from './errors.js';
import type { ListResult } from './reflector.js';
import type { WatchedKind } from './types.js';

/** The page size client-go's reflector lists with. */
export const LIST_PAGE_SIZE = 500;

interface Page {
  items: unknown[];
  metadata?: { resourceVersion?: string; continue?: string };
}

/** One GET of the list, with `limit` and `continue` as query parameters when set. */
export type FetchPage = (page: { limit?: number; continue?: string }) => Promise<Page>;

/**
 * A LIST in pages of 500, each page reduced to the agent's small shapes before the next one is
 * asked for, as client-go's reflector pages its LISTs. Unpaged, a whole list is held at once twice
 * over — the response text and its parsed JSON — which for 20,000 Pods is hundreds of MiB of
 * transient heap that the process keeps as RSS long after.
 * Every page is served from the first page's snapshot, so the list is as consistent as one
 * request. A continue token that expired mid-way (410) means listing again unpaged, as
 * client-go's pager falls back.
 */
export async function pagedList(kind: WatchedKind, fetchPage: FetchPage): Promise<ListResult> {
  const items: unknown[] = [];
  let token: string | undefined;
  let resourceVersion: string | undefined;
  do {
    let page: Page;
    try {
      page = await fetchPage({ limit: LIST_PAGE_SIZE, ...(token ? { continue: token } : {}) });
    } catch (error) {
      if (!token || !(error instanceof KubeError) || error.status !== 410) throw error;
      const whole = await fetchPage({});
      return {
        items: whole.items.map((item) => convert(kind, item)),
        metadata: {
          ...(whole.metadata?.resourceVersion
            ? { resourceVersion: whole.metadata.resourceVersion }
            : {}),
        },
      };
    }
    for (const item of page.items) items.push(convert(kind, item));
    resourceVersion = page.metadata?.resourceVersion ?? resourceVersion;
    token = page.metadata?.continue || undefined;
  } while (token);
  return { items, metadata: resourceVersion ? { resourceVersion } : {} };
}
