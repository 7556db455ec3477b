import * as auth from './auth.js';
import * as chat from './chat.js';
import type { MethodHandler } from './context.js';
import * as conversations from './conversations.js';
import * as users from './users.js';
import * as views from './views.js';

export type { MethodArgs, MethodContext, MethodHandler, SlackResult } from './context.js';

/** The Web API methods the hub uses, by their Slack names. */
export const methods: Record<string, MethodHandler> = {
  'auth.test': auth.test,
  'chat.postMessage': chat.postMessage,
  'chat.update': chat.update,
  'chat.postEphemeral': chat.postEphemeral,
  'users.lookupByEmail': users.lookupByEmail,
  'users.info': users.info,
  'conversations.open': conversations.open,
  'conversations.history': conversations.history,
  'views.publish': views.publish,
  'views.open': views.openView,
};
