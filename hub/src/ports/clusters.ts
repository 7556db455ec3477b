/** Registered clusters: facts, records, prices, agent tokens. */
import type { ResourcePrices } from '@curfew/core';

/** Cluster facts the Slack side needs (default channel, prices). */
export interface ClusterInfo {
  clusterId: string;
  name: string;
  defaultChannel?: string;
  connected: boolean;
  /** When the hub last heard from its agent (epoch ms): its data is as of then when offline. */
  lastSeen?: number;
  /** $/vCPU-hour and $/GiB-hour for this cluster (its own or the hub defaults). */
  prices?: ResourcePrices;
}

export interface ClusterDirectory {
  get(clusterId: string): Promise<ClusterInfo | null>;
  list(): Promise<ClusterInfo[]>;
}

/** A registered cluster as the admin API shows it. */
export interface ClusterRecord {
  id: string;
  name: string;
  defaultChannel?: string;
  createdAt: number;
  revoked: boolean;
  connected: boolean;
  /** Replica holding the stream right now. */
  hubInstance?: string;
  agentVersion?: string;
  agentInstance?: string;
  capabilities: string[];
  lastSeen?: number;
  /** While a rotated-out token is still accepted. */
  previousTokenValidUntil?: number;
  /** What this cluster's resources cost: its own prices where set, else the hub defaults. */
  prices: ResourcePrices;
  /** The prices set for this cluster itself (the rest come from the hub defaults). */
  priceOverrides: Partial<ResourcePrices>;
}

/** Per-cluster price changes: a number sets it, null falls back to the hub default. */
export type PriceChanges = { [K in keyof ResourcePrices]?: number | null };

/** Registered clusters: their records and prices. */
export interface ClusterRecords {
  record(clusterId: string): Promise<ClusterRecord | null>;
  records(): Promise<ClusterRecord[]>;
  /** False when the cluster is not registered. */
  setPrices(clusterId: string, changes: PriceChanges): Promise<boolean>;
}

/** Agent tokens: only their hashes are stored; a token is shown once, when made. */
export interface ClusterTokens {
  /** Registers the cluster; returns its first token. */
  register(clusterId: string, fields: { name: string; defaultChannel?: string }): Promise<string>;
  /** A new token (the old one accepted for `overlapMs`); null: no such cluster. */
  rotate(clusterId: string, overlapMs: number): Promise<string | null | 'revoked'>;
  /** False when the cluster is not registered. */
  revoke(clusterId: string): Promise<boolean>;
}

/** Facts from an agent's Hello, kept after it disconnects ("last seen" in the API). */
export interface AgentHelloFacts {
  agentVersion: string;
  instanceId: string;
  capabilities: string[];
}

/** Registered clusters as the agent-stream side keeps them up to date (store/cluster-registry.ts). */
export interface ClusterRegistry extends ClusterDirectory, ClusterRecords {
  noteConnected(clusterId: string, hello: AgentHelloFacts, at: number): Promise<void>;
  noteSeen(clusterId: string, at: number): Promise<void>;
}

export type TokenCheck = 'ok' | 'unknown-cluster' | 'revoked' | 'bad-token';

/** Agent tokens, also checked on every Hello and heartbeat (store/token-store.ts). */
export interface TokenStore extends ClusterTokens {
  check(clusterId: string, token: string): Promise<TokenCheck>;
}
