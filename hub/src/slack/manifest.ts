/**
 * The Slack app manifest for Curfew (paste into api.slack.com → "Create from manifest"),
 * so the app is set up in one step with exactly what the hub uses:
 *
 * - chat:write / chat:write.public: DMs to owners and posts to namespace/cluster channels
 *   (public ones without being invited);
 * - im:write: conversations.open for the DM with an owner;
 * - im:history, channels:history, groups:history: the outbox looks for a post of its own
 *   after a timeout instead of posting twice;
 * - users:read, users:read.email: owner annotations are emails (users.lookupByEmail) and
 *   authorization matches users by email;
 * - commands: the slash command; app_home_opened: the App Home tab.
 */
export function slackAppManifest(options: {
  /** The hub's public base URL, e.g. https://curfew.example.com */
  publicUrl: string;
  commandName?: string;
  endpoint?: string;
  appName?: string;
}): Record<string, unknown> {
  const base = options.publicUrl.replace(/\/+$/, '');
  if (!/^https:\/\//.test(base)) {
    throw new Error(`Slack needs an https request URL; "${options.publicUrl}" is not one`);
  }
  const url = `${base}${options.endpoint ?? '/slack/events'}`;
  const name = options.appName ?? 'Curfew';
  return {
    display_information: {
      name,
      description: 'Suspends idle Kubernetes namespaces, asking their owners first.',
    },
    features: {
      app_home: {
        home_tab_enabled: true,
        messages_tab_enabled: true,
        messages_tab_read_only_enabled: true,
      },
      bot_user: { display_name: name.toLowerCase(), always_online: true },
      slash_commands: [
        {
          command: options.commandName ?? '/devenv',
          url,
          description: 'List, suspend, resume, prolong or delete your dev namespaces',
          usage_hint: 'help | list | status <ns> | start <ns> | stop <ns> | prolong <ns> for 2h',
          should_escape: false,
        },
      ],
    },
    oauth_config: {
      scopes: {
        bot: [
          'chat:write',
          'chat:write.public',
          'commands',
          'im:write',
          'im:history',
          'channels:history',
          'groups:history',
          'users:read',
          'users:read.email',
        ],
      },
    },
    settings: {
      event_subscriptions: { request_url: url, bot_events: ['app_home_opened'] },
      interactivity: { is_enabled: true, request_url: url },
      org_deploy_enabled: false,
      socket_mode_enabled: false,
      token_rotation_enabled: false,
    },
  };
}
