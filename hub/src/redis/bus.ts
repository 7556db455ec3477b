/**
 * Pub/sub between hub replicas. Messages are hints ("cluster X has work", "command Y
 * finished"): the truth is always in Redis keys, so a message lost while a replica was
 * reconnecting is repaired by the next heartbeat sweep or the reconnect re-check.
 */
import type { Redis } from 'ioredis';
import type { BusHandler, BusMessage, BusWire, HubBus } from '../ports.js';
import type { RedisKeys } from './keys.js';

export class Bus implements HubBus, BusWire {
  readonly #handlers = new Map<string, Set<(message: BusMessage) => void>>();
  readonly #channels: string[];

  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly keys: RedisKeys,
    hubInstance: string,
  ) {
    this.#channels = [keys.hubChannel(hubInstance), keys.broadcast];
    subscriber.on('message', (channel: string, raw: string) => {
      if (!this.#channels.includes(channel)) return;
      let message: BusMessage;
      try {
        message = JSON.parse(raw) as BusMessage;
      } catch {
        return;
      }
      for (const handler of this.#handlers.get(message.type) ?? []) handler(message);
    });
  }

  #subscribed = false;

  /** True once this replica receives its channels (ioredis re-subscribes after reconnects). */
  get subscribed(): boolean {
    return this.#subscribed;
  }

  async start(): Promise<void> {
    await this.subscriber.subscribe(...this.#channels);
    this.#subscribed = true;
  }

  on<T extends BusMessage['type']>(type: T, handler: BusHandler<T>): void {
    let set = this.#handlers.get(type);
    if (!set) {
      set = new Set();
      this.#handlers.set(type, set);
    }
    set.add(handler as (message: BusMessage) => void);
  }

  async toHub(hubInstance: string, message: BusMessage): Promise<void> {
    await this.publisher.publish(this.keys.hubChannel(hubInstance), this.encode(message));
  }

  async toAll(message: BusMessage): Promise<void> {
    await this.publisher.publish(this.broadcastChannel, this.encode(message));
  }

  /*
   * For Lua scripts that publish as part of their own work (one round trip, not two): the
   * channels and the wire format toHub and toAll use.
   */

  /** A replica's channel is this followed by its instance name. */
  get hubChannelPrefix(): string {
    return this.keys.hubChannel('');
  }

  get broadcastChannel(): string {
    return this.keys.broadcast;
  }

  encode(message: BusMessage): string {
    return JSON.stringify(message);
  }
}
