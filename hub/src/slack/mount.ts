import { systemClock } from '@curfew/core';
import { App, ExpressReceiver } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import type { Worker } from 'bullmq';
import express, { type Application } from 'express';
import type { NotificationSink, UnreachableOwner } from '../ports.js';
import { IdentityResolver } from './access/identity.js';
import { ACTION } from './blocks/action-ids.js';
import { boltLogger } from './bolt-logger.js';
import { resolveSlackConfig } from './config.js';
import type { SlackDeps } from './deps.js';
import type { SlackContext } from './flow/context.js';
import type { FollowUp } from './flow/follow-up.js';
import { FollowUpRunner } from './flow/follow-ups.js';
import { appHomeOpened } from './handlers/app-home-opened.js';
import { chooseClusterButton } from './handlers/choose-cluster-button.js';
import { extendButton } from './handlers/extend-button.js';
import { letExpireButton } from './handlers/let-expire-button.js';
import { ownerActionButton } from './handlers/owner-action.js';
import { slashCommand } from './handlers/slash-command.js';
import { snoozeSelect } from './handlers/snooze-select.js';
import { renderHome } from './home/render-home.js';
import { silentLogger } from './logger.js';
import { SLACK_MANIFEST_PATH, slackManifestRoute } from './manifest-route.js';
import { deliverNotification } from './notifications/deliver.js';
import { SlackNotificationSink } from './notifications/sink.js';
import { SlackOutbox } from './outbox/outbox.js';
import { startOutboxWorkers } from './outbox/worker.js';
import { bodyGuard } from './requests/body-guard.js';
import { requestKey } from './requests/request-key.js';
import { signatureVersionGuard } from './requests/signature-version-guard.js';
import { timestampGuard } from './requests/timestamp-guard.js';
import { responseUrlPoster } from './response-url.js';
import { createSlackStores } from './store/index.js';

export interface SlackMount {
  /** Give this to the agent-stream side: notifications become Slack messages. */
  sink: NotificationSink;
  outbox: SlackOutbox;
  /** For the admin API: namespaces whose owner Slack cannot reach, and why. */
  unreachableOwners(): Promise<UnreachableOwner[]>;
  /** Stops the outbox worker and queue (the Redis clients passed in stay open). */
  close(): Promise<void>;
}

/**
 * Mounts the Slack app (Bolt 5, ExpressReceiver) on the hub's express app at
 * `config.endpoint` and starts the outbox worker. Throws at once when the signing
 * secret or bot token is missing. Mount it BEFORE any body-parsing middleware that
 * would consume the raw body on this path: Slack's signature is over the raw bytes.
 */
export function mountSlack(app: Application, deps: SlackDeps): SlackMount {
  const config = resolveSlackConfig(deps.config);
  const logger = deps.logger ?? silentLogger;
  const clock = deps.clock ?? systemClock;
  const stores = createSlackStores<FollowUp>(deps.redis, {
    keyPrefix: config.keyPrefix,
    dedupeTtlSeconds: config.dedupeTtlSeconds,
  });
  const web = new WebClient(config.botToken, {
    ...(config.slackApiUrl === undefined ? {} : { slackApiUrl: config.slackApiUrl }),
    // The outbox paces and retries; the client must report 429s and failures at once.
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: config.apiTimeoutMs,
    logger: boltLogger(logger),
  });
  const store = stores.outbox;
  const outbox = new SlackOutbox(deps.bullConnection, config.outbox, store, clock);
  const { unreachable } = stores;
  const ctx: SlackContext = {
    config,
    namespaces: deps.namespaces,
    dispatcher: deps.dispatcher,
    audit: deps.audit,
    clusters: deps.clusters,
    outbox,
    identities: new IdentityResolver(web, stores.users, config.ownerCacheTtlSeconds),
    claims: stores.requestClaims,
    followUps: stores.followUps,
    messages: stores.messages,
    unreachable,
    clock,
    logger,
  };

  const followUps = new FollowUpRunner(ctx, deps.dispatcher, config.followUpSweepMs);
  followUps.start();

  let workers: Worker[] = [];
  if (deps.runOutboxWorker !== false) {
    workers = startOutboxWorkers(deps.bullConnection, config.outbox, {
      web,
      store,
      clock,
      logger,
      postResponseUrl: responseUrlPoster(config.apiTimeoutMs),
      renderHome: (job) => renderHome(ctx, job),
      deliverNotification: (job) => deliverNotification(ctx, job),
    });
  }

  const router = express.Router();
  router.get(SLACK_MANIFEST_PATH, slackManifestRoute(config));
  router.post(
    config.endpoint,
    timestampGuard(clock, (problem) => logger.warn({ problem }, 'slack request refused')),
    signatureVersionGuard((problem) => logger.warn({ problem }, 'slack request refused')),
    bodyGuard(config.signingSecret, (problem) =>
      logger.warn({ problem }, 'signed slack request refused: nothing the hub handles'),
    ),
  );
  const receiver = new ExpressReceiver({
    signingSecret: config.signingSecret,
    endpoints: config.endpoint,
    router,
    logger: boltLogger(logger),
    // Acknowledge first, work after: Slack gives every request 3 s.
    processBeforeResponse: false,
  });
  const bolt = new App({
    receiver,
    authorize: cachedAuthorize(web, config.botToken),
    logger: boltLogger(logger),
  });
  // One log line per Slack request, with the key that ties Slack's retries together.
  bolt.use(async ({ body, next }) => {
    const raw = body as unknown as Record<string, unknown>;
    logger.info(
      {
        slackRequest: requestKey(raw),
        type: raw.type ?? (raw.command ? 'slash_command' : undefined),
      },
      'slack request',
    );
    await next();
  });
  bolt.command(config.commandName, slashCommand(ctx));
  bolt.action(ACTION.suspend, ownerActionButton(ctx, 'suspend'));
  bolt.action(ACTION.resume, ownerActionButton(ctx, 'resume'));
  bolt.action(ACTION.delete, ownerActionButton(ctx, 'delete'));
  bolt.action(ACTION.snooze, snoozeSelect(ctx));
  bolt.action(new RegExp(`^${ACTION.extend}_`), extendButton(ctx));
  bolt.action(ACTION.letExpire, letExpireButton(ctx));
  bolt.action(new RegExp(`^${ACTION.chooseCluster}_`), chooseClusterButton(ctx));
  bolt.event('app_home_opened', appHomeOpened(ctx));
  bolt.error(async (error) => {
    logger.error(
      { err: error.message, code: (error as { code?: string }).code },
      'slack handler failed',
    );
  });
  app.use(router);

  return {
    sink: new SlackNotificationSink(outbox, logger, () => clock.now()),
    outbox,
    unreachableOwners: () => unreachable.list(),
    close: async () => {
      followUps.stop();
      await Promise.all(workers.map((worker) => worker.close()));
      await outbox.close();
    },
  };
}

/**
 * Bolt's authorize with auth.test cached — and retried on the next request if it failed,
 * so a Slack hiccup at startup does not break the hub until restart.
 */
function cachedAuthorize(web: WebClient, botToken: string) {
  let identity: Promise<{ botId?: string; botUserId?: string }> | undefined;
  return async () => {
    identity ??= web.auth.test().then(
      (r) => ({
        ...(r.bot_id === undefined ? {} : { botId: r.bot_id }),
        ...(r.user_id === undefined ? {} : { botUserId: r.user_id }),
      }),
      (error: unknown) => {
        identity = undefined;
        throw error;
      },
    );
    return { botToken, ...(await identity) };
  };
}
