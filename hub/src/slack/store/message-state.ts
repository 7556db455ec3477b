/**
 * What the Slack side's messages already show, shared by every replica: the "outcome shown"
 * marker one replica writes when it finishes the message that asked for a command (flow/
 * action-outcome.ts) and the outbox worker of any replica reads before posting the agent's
 * own report of it (notifications/deliver.ts); and the pointer to the newest reminder about a
 * namespace, which later news replaces in place.
 */
import type { Redis } from 'ioredis';
import type { SlackMessageState } from '../../ports.js';
import type { SlackKeys } from './slack-keys.js';

/** Longer than an agent takes to report an outcome it already sent as a command result. */
const COMMAND_SHOWN_TTL_SECONDS = 86_400;
/** A reminder older than this is not replaced in place any more (Slack threads move on). */
const NAMESPACE_MESSAGE_TTL_SECONDS = 7 * 86_400;

export class RedisSlackMessageState implements SlackMessageState {
  constructor(
    private readonly redis: Redis,
    private readonly keys: SlackKeys,
  ) {}

  async markCommandShown(commandId: string): Promise<void> {
    await this.redis.set(this.keys.commandShown(commandId), '1', 'EX', COMMAND_SHOWN_TTL_SECONDS);
  }

  async wasCommandShown(commandId: string): Promise<boolean> {
    return (await this.redis.exists(this.keys.commandShown(commandId))) === 1;
  }

  async rememberNamespaceMessage(
    clusterId: string,
    namespace: string,
    messageKey: string,
  ): Promise<void> {
    await this.redis.set(
      this.keys.namespaceMessage(clusterId, namespace),
      messageKey,
      'EX',
      NAMESPACE_MESSAGE_TTL_SECONDS,
    );
  }

  takeNamespaceMessage(clusterId: string, namespace: string): Promise<string | null> {
    // GETDEL: two replicas closing the same reminder must not both update it.
    return this.redis.getdel(this.keys.namespaceMessage(clusterId, namespace));
  }
}
