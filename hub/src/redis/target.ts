/**
 * Where the hub's Redis is, from REDIS_URL: one server (`redis://`, `rediss://` for TLS), a
 * Sentinel-managed primary (`redis+sentinel://[user:password@]host:port,host:port/<master
 * name>`), or a Redis Cluster (`redis+cluster://[user:password@]host:port,host:port`; `rediss+…`
 * for TLS in both). Pure, so config parsing can refuse a bad value with a message that says what
 * to write.
 */

export interface HostPort {
  host: string;
  port: number;
}

interface Auth {
  username?: string;
  password?: string;
  tls: boolean;
}

export type RedisTarget =
  | { mode: 'single'; url: string }
  | ({ mode: 'sentinel'; sentinels: HostPort[]; name: string } & Auth)
  | ({ mode: 'cluster'; nodes: HostPort[] } & Auth);

export const REDIS_URL_FORMS =
  'redis://host:6379, rediss://host:6380, redis+sentinel://host:26379,host:26379/<master name> or redis+cluster://host:6379,host:6379';

/** The target, or why the text is not one (a sentence to show after "REDIS_URL "). */
export function parseRedisUrl(text: string): RedisTarget | { error: string } {
  const scheme = /^([a-z+]+):\/\//.exec(text)?.[1];
  if (scheme === 'redis' || scheme === 'rediss') {
    try {
      const url = new URL(text);
      if (!url.hostname) return { error: `has no host; write one of ${REDIS_URL_FORMS}` };
    } catch {
      return { error: `is not a URL; write one of ${REDIS_URL_FORMS}` };
    }
    return { mode: 'single', url: text };
  }
  const mode =
    scheme === 'redis+sentinel' || scheme === 'rediss+sentinel'
      ? 'sentinel'
      : scheme === 'redis+cluster' || scheme === 'rediss+cluster'
        ? 'cluster'
        : undefined;
  if (!mode || !scheme) return { error: `has an unknown scheme; write one of ${REDIS_URL_FORMS}` };
  let rest = text.slice(scheme.length + 3);
  const auth: Auth = { tls: scheme.startsWith('rediss') };
  const at = rest.lastIndexOf('@');
  if (at >= 0) {
    const [user = '', password] = rest.slice(0, at).split(':', 2);
    if (user) auth.username = decodeURIComponent(user);
    if (password !== undefined) auth.password = decodeURIComponent(password);
    rest = rest.slice(at + 1);
  }
  const slash = rest.indexOf('/');
  const hostList = slash >= 0 ? rest.slice(0, slash) : rest;
  const path = slash >= 0 ? rest.slice(slash + 1) : '';
  const hosts: HostPort[] = [];
  for (const part of hostList.split(',')) {
    const match = /^([^:\s]+):(\d{1,5})$/.exec(part.trim());
    const port = Number(match?.[2]);
    if (!match?.[1] || !(port >= 1 && port <= 65_535)) {
      return {
        error: `lists "${part}", not host:port; write e.g. ${mode === 'sentinel' ? 'redis+sentinel://sentinel-0:26379,sentinel-1:26379/mymaster' : 'redis+cluster://redis-0:6379,redis-1:6379'}`,
      };
    }
    hosts.push({ host: match[1], port });
  }
  if (mode === 'sentinel') {
    const name = decodeURIComponent(path.replace(/\/$/, ''));
    if (!name) {
      return {
        error:
          'names no master: end it with /<master name>, the name the Sentinels monitor (e.g. /mymaster)',
      };
    }
    return { mode, sentinels: hosts, name, ...auth };
  }
  if (path !== '') {
    return {
      error:
        'has a path, but a Redis Cluster has no databases: remove it (redis+cluster://host:port,host:port)',
    };
  }
  return { mode, nodes: hosts, ...auth };
}
