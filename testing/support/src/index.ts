export { freePort } from './free-port.js';
export { ManualClock } from './manual-clock.js';
export {
  commandLine,
  descendants,
  isRunning,
  NODE_BINARY,
  nodeCommand,
  spawnNode,
  spawnNodeSync,
  waitUntilGone,
} from './node-process.js';
export { type RedisCluster, startRedisCluster } from './redis-cluster.js';
export {
  type RedisSentinel,
  type RedisSentinelOptions,
  startRedisSentinel,
} from './redis-sentinel.js';
export { type RedisServer, type RedisServerOptions, startRedisServer } from './redis-server.js';
