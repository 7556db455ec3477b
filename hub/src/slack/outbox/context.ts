import type { Clock } from '@curfew/core';
import type { WebClient } from '@slack/web-api';
import type { Job } from 'bullmq';
import type { Logger } from '../logger.js';
import type { OutboxState } from './outbox-state.js';
import type { Lane } from './rate-limits.js';
import type { DeliverJob, HomeJob, MessageContent } from './types.js';

/** What the outbox's job processors need; built once by mountSlack. */
export interface OutboxContext {
  /** The queue this worker serves: replies to Slack requests, or notifications. */
  lane: Lane;
  web: WebClient;
  store: OutboxState;
  clock: Clock;
  logger: Logger;
  /** POSTs to a response_url (fetch with the API timeout). */
  postResponseUrl: (url: string, body: Record<string, unknown>) => Promise<void>;
  /** Builds the App Home view for a user from current data. */
  renderHome: (job: HomeJob) => Promise<Record<string, unknown>>;
  /** Turns an agent notification into a message and queues it. */
  deliverNotification: (job: DeliverJob) => Promise<void>;
}

export type OutboxProcessor<T> = (
  job: Job<T>,
  token: string | undefined,
  ctx: OutboxContext,
) => Promise<unknown>;

/** The `metadata` every outbox post carries, so a retry can find a post that got through. */
export const OUTBOX_EVENT_TYPE = 'curfew_outbox';

export function contentArgs(content: MessageContent): { text: string; blocks?: unknown[] } {
  return content.blocks === undefined
    ? { text: content.text }
    : { text: content.text, blocks: content.blocks };
}
