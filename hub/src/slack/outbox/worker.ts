import { type ConnectionOptions, type Job, Worker } from 'bullmq';
import type { ResolvedSlackConfig } from '../config.js';
import type { OutboxContext, OutboxProcessor } from './context.js';
import { laneQueueName } from './outbox.js';
import { deliverNotification } from './processors/deliver-notification.js';
import { postEphemeral } from './processors/post-ephemeral.js';
import { postMessage } from './processors/post-message.js';
import { publishHome } from './processors/publish-home.js';
import { updateMessage } from './processors/update-message.js';
import { JOB, type JobName } from './types.js';

const processors: Record<JobName, OutboxProcessor<never>> = {
  [JOB.post]: postMessage,
  [JOB.update]: updateMessage,
  [JOB.ephemeral]: postEphemeral,
  [JOB.home]: publishHome,
  [JOB.deliver]: deliverNotification,
};

/**
 * Runs the outbox's jobs on this replica, one worker per lane (every replica runs them;
 * Redis hands out jobs): replies and notifications never share a worker's slots.
 */
export function startOutboxWorkers(
  connection: ConnectionOptions,
  config: ResolvedSlackConfig['outbox'],
  shared: Omit<OutboxContext, 'lane'>,
): Worker[] {
  return (['reply', 'notification'] as const).map((lane) =>
    startWorker(connection, config, { ...shared, lane }),
  );
}

function startWorker(
  connection: ConnectionOptions,
  config: ResolvedSlackConfig['outbox'],
  ctx: OutboxContext,
): Worker {
  const worker = new Worker(
    laneQueueName(config, ctx.lane),
    async (job: Job, token?: string) => {
      const processor = processors[job.name as JobName] as OutboxProcessor<unknown> | undefined;
      if (!processor) throw new Error(`unknown slack outbox job "${job.name}"`);
      return processor(job, token, ctx);
    },
    { connection, prefix: config.prefix, concurrency: config.concurrency },
  );
  worker.on('failed', (job, error) => {
    ctx.logger.warn(
      {
        lane: ctx.lane,
        job: job?.name,
        id: job?.id,
        attempts: job?.attemptsMade,
        err: error.message,
      },
      'slack outbox job failed',
    );
  });
  worker.on('error', (error) =>
    ctx.logger.error({ err: error.message }, 'slack outbox worker error'),
  );
  return worker;
}
