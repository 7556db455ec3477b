import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from './logger.js';

/** Bolt's logger interface on top of ours (pino), so Bolt's warnings land in the JSON logs. */
export function boltLogger(logger: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const text = (parts: unknown[]) =>
    parts.map((p) => (p instanceof Error ? p.message : String(p))).join(' ');
  return {
    debug: (...msg) => logger.debug({ source: 'bolt' }, text(msg)),
    info: (...msg) => logger.info({ source: 'bolt' }, text(msg)),
    warn: (...msg) => logger.warn({ source: 'bolt' }, text(msg)),
    error: (...msg) => logger.error({ source: 'bolt' }, text(msg)),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
