import { blocksProblem } from '../block-rules.js';
import type { SimView } from '../workspace.js';
import { fail, json, type MethodHandler, str } from './context.js';

/** Slack expires trigger ids after three seconds. */
const TRIGGER_LIFETIME_MS = 3000;

function viewArg(args: Record<string, unknown>): Record<string, unknown> | undefined {
  const view = json(args, 'view');
  if (typeof view !== 'object' || view === null || Array.isArray(view)) return undefined;
  if (typeof (view as { type?: unknown }).type !== 'string') return undefined;
  const blocks = (view as { blocks?: unknown }).blocks;
  if (!Array.isArray(blocks) || blocksProblem(blocks, 100) !== undefined) return undefined;
  return view as Record<string, unknown>;
}

function viewJson(view: SimView, teamId: string): Record<string, unknown> {
  return { ...view.view, id: view.id, team_id: teamId, hash: view.hash, type: view.type };
}

export const publish: MethodHandler = ({ workspace }, args) => {
  const userId = str(args, 'user_id');
  if (userId === undefined) return fail('invalid_arguments');
  const user = workspace.user(userId);
  if (!user) return fail('user_not_found');
  const view = viewArg(args);
  if (view?.type !== 'home') return fail('invalid_arguments');
  const record = workspace.publishHome(user.id, view);
  return { ok: true, view: viewJson(record, workspace.identity.teamId) };
};

export const openView: MethodHandler = ({ workspace, triggers, now }, args) => {
  const trigger = str(args, 'trigger_id');
  const issuedAt = trigger === undefined ? undefined : triggers.get(trigger);
  if (trigger === undefined || issuedAt === undefined) return fail('invalid_trigger_id');
  if (now() - issuedAt > TRIGGER_LIFETIME_MS) return fail('expired_trigger_id');
  const view = viewArg(args);
  if (view?.type !== 'modal') return fail('invalid_arguments');
  triggers.delete(trigger);
  const record = workspace.openModal(str(args, 'user_id') ?? '', view);
  return { ok: true, view: viewJson(record, workspace.identity.teamId) };
};
