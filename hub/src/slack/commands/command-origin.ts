/** Who typed a slash command, and where its answers go. */
export interface CommandOrigin {
  actorId: string;
  responseUrl: string;
  /** Stable across Slack's retries of the request that carried the command. */
  idempotencyKey: string;
}
