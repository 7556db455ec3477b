import { type ConnectionOptions, type Job, Worker } from 'bullmq';
import type { ResolvedSlackConfig } from '../config.js';
import type { OutboxContext, OutboxProcessor } from './context.js';
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

/** Runs the outbox's jobs on this replica (every replica runs one; Redis hands out jobs). */
export function startOutboxWorker(
  connection: ConnectionOptions,
  config: ResolvedSlackConfig['outbox'],
  ctx: OutboxContext,
): Worker {
  const worker = new Worker(
    config.queueName,
    async (job: Job, token?: string) => {
      const processor = processors[job.name as JobName] as OutboxProcessor<unknown> | undefined;
      if (!processor) throw new Error(`unknown slack outbox job "${job.name}"`);
      return processor(job, token, ctx);
    },
    { connection, prefix: config.prefix, concurrency: config.concurrency },
  );
  worker.on('failed', (job, error) => {
    ctx.logger.warn(
      { job: job?.name, id: job?.id, attempts: job?.attemptsMade, err: error.message },
      'slack outbox job failed',
    );
  });
  worker.on('error', (error) =>
    ctx.logger.error({ err: error.message }, 'slack outbox worker error'),
  );
  return worker;
}
