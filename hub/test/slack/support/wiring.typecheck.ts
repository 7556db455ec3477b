/**
 * Not a test: type-checked only (tsc covers hub/test). It pins the call hub/src/main.ts
 * is to make, so a change on either side that breaks the wiring fails the type check.
 */
import type { Hub } from '../../../src/hub.js';
import { mountSlack, type SlackMount } from '../../../src/slack/index.js';

export function wireSlack(
  hub: Hub,
  settings: { signingSecret: string; botToken: string; redisUrl: string; admins: string[] },
): SlackMount {
  const slack = mountSlack(hub.app, {
    ...hub.ports,
    config: {
      signingSecret: settings.signingSecret,
      botToken: settings.botToken,
      admins: settings.admins,
    },
    redis: hub.redis.command,
    bullConnection: { url: settings.redisUrl, maxRetriesPerRequest: null },
  });
  hub.setNotificationSink(slack.sink);
  return slack;
}
