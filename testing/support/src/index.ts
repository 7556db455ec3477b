export { freePort } from './free-port.js';
export { ManualClock } from './manual-clock.js';
export { type RedisServer, type RedisServerOptions, startRedisServer } from './redis-server.js';
