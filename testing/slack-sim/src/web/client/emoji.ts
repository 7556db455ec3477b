/**
 * The emoji shortcodes Curfew's messages use (and a few common ones). Unknown codes stay
 * as `:code:` text, as Slack shows them when a custom emoji is missing.
 */
const EMOJI: Record<string, string> = {
  alarm_clock: '⏰',
  bomb: '💣',
  double_vertical_bar: '⏸️',
  hourglass: '⌛',
  hourglass_flowing_sand: '⏳',
  large_green_circle: '🟢',
  no_entry: '⛔',
  question: '❓',
  warning: '⚠️',
  wastebasket: '🗑️',
  white_check_mark: '✅',
  white_circle: '⚪',
  x: '❌',
  zzz: '💤',
  tada: '🎉',
  wave: '👋',
  thumbsup: '👍',
  '+1': '👍',
  rocket: '🚀',
  information_source: 'ℹ️',
};

export function emoji(code: string): string | undefined {
  return Object.hasOwn(EMOJI, code) ? EMOJI[code] : undefined;
}

/** Replaces known `:shortcodes:` in plain text. */
export function withEmoji(text: string): string {
  return text.replace(/:([a-z0-9_+-]+):/g, (whole, code: string) => emoji(code) ?? whole);
}
