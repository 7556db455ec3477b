export { freePort } from './free-port.js';
export { type RedisServer, startRedisServer } from './redis-server.js';
