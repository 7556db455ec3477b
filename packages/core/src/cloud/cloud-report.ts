/**
 * What a suspend or resume did to the cloud resources, as sentences for the owner (the Slack
 * message, the Kubernetes Event, the command result). Dry-run says "would" and changes nothing.
 */
import { type CloudRef, type CloudResource, cloudLabel } from './cloud-resource.js';
import type { BlockedResource } from './cloud-suspend-plan.js';

export interface CloudSuspendOutcome {
  /** Stopped now or earlier in this suspend (in dry-run: would be stopped). */
  stopped: CloudResource[];
  /** Already stopped by someone else: stays stopped on resume. */
  leftAlone: CloudResource[];
  /** Cannot be stopped, refused by AWS, or still not stoppable when the wait ended. */
  notStopped: BlockedResource[];
  dryRun: boolean;
  /** The resources could not be looked up at all (e.g. the IAM role lacks Describe). */
  problem?: string;
}

export interface CloudResumeOutcome {
  /** Running (available) now. */
  up: CloudResource[];
  /** Started (or waited for) but not running yet when the wait ended: they keep starting. */
  stillStarting: CloudResource[];
  /** Recorded but gone, untagged, broken or refused. */
  notStarted: { resource: CloudRef & { name?: string }; reason: string }[];
  /** In dry-run: recorded resources a real resume would start. */
  wouldStart: CloudResource[];
  dryRun: boolean;
  /** The resources could not be looked up at all (e.g. the IAM role lacks Describe). */
  problem?: string;
}

const labels = (list: readonly (CloudRef & { name?: string })[]) =>
  list.map((r) => cloudLabel(r)).join(', ');

/** One line per kind of outcome; empty when the namespace has no cloud resources. */
export function cloudSuspendReport(outcome: CloudSuspendOutcome): string[] {
  const lines: string[] = [];
  if (outcome.stopped.length > 0) {
    const verb = outcome.dryRun ? 'Dry run, nothing stopped — would stop' : 'Stopped';
    lines.push(`${verb}: ${labels(outcome.stopped)}.`);
  }
  if (outcome.leftAlone.length > 0) {
    lines.push(
      `Already stopped by someone else, left stopped on resume: ${labels(outcome.leftAlone)}.`,
    );
  }
  for (const { resource, reason } of outcome.notStopped) {
    lines.push(`Not stopped: ${cloudLabel(resource)} ${reason}.`);
  }
  if (outcome.problem) lines.push(`Cloud resources could not be looked up: ${outcome.problem}.`);
  return lines;
}

export function cloudResumeReport(outcome: CloudResumeOutcome): string[] {
  const lines: string[] = [];
  if (outcome.dryRun && outcome.wouldStart.length > 0) {
    lines.push(`Dry run, nothing started — would start: ${labels(outcome.wouldStart)}.`);
  }
  if (outcome.up.length > 0) lines.push(`Running: ${labels(outcome.up)}.`);
  if (outcome.stillStarting.length > 0) {
    const states = outcome.stillStarting.map((r) => `${cloudLabel(r)} is ${r.state}`).join(', ');
    lines.push(`Still starting (AWS takes minutes): ${states}.`);
  }
  for (const { resource, reason } of outcome.notStarted) {
    lines.push(`Not started: ${cloudLabel(resource)} ${reason}.`);
  }
  if (outcome.problem) lines.push(`Cloud resources could not be looked up: ${outcome.problem}.`);
  return lines;
}
