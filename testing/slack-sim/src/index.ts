export { blocksProblem } from './block-rules.js';
export { actionIds, blocksText, type FoundElement, findElement } from './blocks.js';
export { type Fault, FaultKnobs } from './faults.js';
export type { MethodArgs, MethodContext, MethodHandler, SlackResult } from './methods/index.js';
export {
  type SendOptions,
  type SignedRequest,
  type SlackReply,
  SlackRequester,
  type SlackRequesterOptions,
} from './requester.js';
export type { ResponseBody } from './response-urls.js';
export { type SimApp, type SimCall, SlackSim, type SlackSimOptions } from './server.js';
export { signSlackRequest, slackSignatureHeaders } from './signing.js';
export type { ConfirmSpec } from './web/client/render-blocks.js';
export { renderBlocks, renderConfirm } from './web/client/render-blocks.js';
export type { UiConversation, UiMessage, UiState, UiUser } from './web/client/ui-state.js';
export { toHtml, type VElement, type VNode } from './web/client/vnode.js';
export type {
  NewMessage,
  NewUser,
  SimConversation,
  SimIdentity,
  SimMessage,
  SimMessageRevision,
  SimUser,
  SimView,
} from './workspace.js';
export { SimWorkspace } from './workspace.js';
