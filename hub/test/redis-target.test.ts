import { describe, expect, it } from 'vitest';
import { parseRedisUrl } from '../src/redis/target.js';

describe('REDIS_URL names one server, a Sentinel-managed primary or a Redis Cluster', () => {
  it.each([
    {
      name: 'a redis:// URL is one server, passed on as written',
      text: 'redis://:secret@redis.internal:6379/2',
      want: { mode: 'single', url: 'redis://:secret@redis.internal:6379/2' },
    },
    {
      name: 'rediss:// is one server over TLS',
      text: 'rediss://redis.internal:6380',
      want: { mode: 'single', url: 'rediss://redis.internal:6380' },
    },
    {
      name: 'redis+sentinel lists the Sentinels and ends with the master name',
      text: 'redis+sentinel://sentinel-0:26379,sentinel-1:26379/mymaster',
      want: {
        mode: 'sentinel',
        sentinels: [
          { host: 'sentinel-0', port: 26379 },
          { host: 'sentinel-1', port: 26379 },
        ],
        name: 'mymaster',
        tls: false,
      },
    },
    {
      name: 'credentials before the hosts are the Redis user and password (URL-decoded)',
      text: 'rediss+sentinel://curfew:p%40ss@s0:26379/main',
      want: {
        mode: 'sentinel',
        sentinels: [{ host: 's0', port: 26379 }],
        name: 'main',
        tls: true,
        username: 'curfew',
        password: 'p@ss',
      },
    },
    {
      name: 'redis+cluster lists seed nodes',
      text: 'redis+cluster://10.0.0.1:7000,10.0.0.2:7000,10.0.0.3:7000',
      want: {
        mode: 'cluster',
        nodes: [
          { host: '10.0.0.1', port: 7000 },
          { host: '10.0.0.2', port: 7000 },
          { host: '10.0.0.3', port: 7000 },
        ],
        tls: false,
      },
    },
  ])('$name', ({ text, want }) => {
    expect(parseRedisUrl(text)).toEqual(want);
  });

  it.each([
    {
      name: 'another scheme is refused with every accepted form',
      text: 'http://x:1',
      says: /unknown scheme; write one of redis:\/\//i,
    },
    {
      name: 'a Sentinel URL without a master name says to add it',
      text: 'redis+sentinel://s0:26379',
      says: /names no master: end it with \/<master name>/,
    },
    {
      name: 'a host without a port is refused with an example',
      text: 'redis+cluster://r0:6379,r1',
      says: /lists "r1", not host:port; write e.g. redis\+cluster:\/\//,
    },
    {
      name: 'a port out of range is refused',
      text: 'redis+cluster://r0:70000',
      says: /not host:port/,
    },
    {
      name: 'a Cluster URL with a database is refused',
      text: 'redis+cluster://r0:6379/1',
      says: /no databases: remove it/,
    },
  ])('$name', ({ text, says }) => {
    const parsed = parseRedisUrl(text);
    expect('error' in parsed && parsed.error).toMatch(says);
  });
});
