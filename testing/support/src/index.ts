export { freePort } from './free-port.js';
export { type RedisServer, type RedisServerOptions, startRedisServer } from './redis-server.js';
