/**
 * What Curfew stopped, recorded on the namespace (SPEC "State and annotations": all state
 * lives on the objects, so a restarted agent knows it). Resume starts exactly these, so a
 * resource a person had stopped stays stopped. The record is written before each stop call:
 * after a crash, anything stopped or stopping by Curfew is in it.
 *
 * `curfew.dev/cloud-stopped: ec2/eu-west-1/i-0abc@2026-11-23T19:00:00Z,rds/eu-west-1/orders@…`
 * `curfew.dev/cloud-refused: rds/eu-west-1/legacy=InvalidDBInstanceState`
 */
import { ANNOTATIONS, type AnnotationPatch } from '../common/annotations.js';
import { formatInstant, parseInstant } from '../common/instant.js';
import { CLOUD_KINDS, type CloudKind, type CloudRef, cloudKey } from './cloud-resource.js';

export interface CloudStoppedEntry extends CloudRef {
  /** When Curfew (last) stopped it: RDS starts a DB by itself 7 days after this. */
  stoppedAt: number;
}

export interface CloudRefusal extends CloudRef {
  /** AWS's error code, e.g. `InvalidDBInstanceState`. */
  code: string;
}

export interface CloudRecord {
  stopped: CloudStoppedEntry[];
  refused: CloudRefusal[];
  /** Entries nobody can read (edited by hand): reported, never guessed at. */
  unreadable: string[];
}

export const EMPTY_CLOUD_RECORD: CloudRecord = { stopped: [], refused: [], unreadable: [] };

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const ID = /^[A-Za-z0-9][A-Za-z0-9-]*$/;
const CODE = /^[A-Za-z0-9.]+$/;

function parseRef(text: string): CloudRef | null {
  const [kind, region, id, extra] = text.split('/');
  if (extra !== undefined || !kind || !region || !id) return null;
  if (!(CLOUD_KINDS as readonly string[]).includes(kind)) return null;
  if (!REGION.test(region) || !ID.test(id)) return null;
  return { kind: kind as CloudKind, region, id };
}

function entries(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

/** Reads both annotations; a repeated resource keeps its first entry. */
export function readCloudRecord(annotations: Readonly<Record<string, string>>): CloudRecord {
  const record: CloudRecord = { stopped: [], refused: [], unreadable: [] };
  const seen = new Set<string>();
  for (const part of entries(annotations[ANNOTATIONS.cloudStopped])) {
    const at = part.lastIndexOf('@');
    const ref = at > 0 ? parseRef(part.slice(0, at)) : null;
    const stoppedAt = at > 0 ? parseInstant(part.slice(at + 1)) : null;
    if (!ref || stoppedAt === null) {
      record.unreadable.push(part);
      continue;
    }
    if (seen.has(cloudKey(ref))) continue;
    seen.add(cloudKey(ref));
    record.stopped.push({ ...ref, stoppedAt });
  }
  const refusedSeen = new Set<string>();
  for (const part of entries(annotations[ANNOTATIONS.cloudRefused])) {
    const eq = part.indexOf('=');
    const ref = eq > 0 ? parseRef(part.slice(0, eq)) : null;
    const code = eq > 0 ? part.slice(eq + 1) : '';
    if (!ref || !CODE.test(code)) {
      record.unreadable.push(part);
      continue;
    }
    if (refusedSeen.has(cloudKey(ref))) continue;
    refusedSeen.add(cloudKey(ref));
    record.refused.push({ ...ref, code });
  }
  return record;
}

/** The patch that stores `record` (null removes an annotation with nothing left in it). */
export function cloudRecordPatch(
  record: Pick<CloudRecord, 'stopped' | 'refused'>,
): AnnotationPatch {
  const stopped = record.stopped.map((e) => `${cloudKey(e)}@${formatInstant(e.stoppedAt)}`);
  const refused = record.refused.map((e) => `${cloudKey(e)}=${e.code}`);
  return {
    [ANNOTATIONS.cloudStopped]: stopped.length > 0 ? stopped.join(',') : null,
    [ANNOTATIONS.cloudRefused]: refused.length > 0 ? refused.join(',') : null,
  };
}

/** True when the two records store the same thing (so no write is needed). */
export function sameCloudRecord(
  a: Pick<CloudRecord, 'stopped' | 'refused'>,
  b: Pick<CloudRecord, 'stopped' | 'refused'>,
): boolean {
  const pa = cloudRecordPatch(a);
  const pb = cloudRecordPatch(b);
  return Object.keys(pa).every((key) => pa[key] === pb[key]);
}
