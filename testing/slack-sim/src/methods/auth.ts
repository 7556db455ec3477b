import type { MethodHandler } from './context.js';

export const test: MethodHandler = ({ workspace }) => ({
  ok: true,
  url: `https://${workspace.identity.teamDomain}.slack.com/`,
  team: 'Curfew Sim',
  user: workspace.identity.botName,
  team_id: workspace.identity.teamId,
  user_id: workspace.identity.botUserId,
  bot_id: workspace.identity.botId,
  is_enterprise_install: false,
});
