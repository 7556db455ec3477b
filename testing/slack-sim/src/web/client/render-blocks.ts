import { withEmoji } from './emoji.js';
import { type NameLookup, noNames, renderMrkdwn } from './mrkdwn.js';
import { h, type VElement, type VNode } from './vnode.js';

type Json = Record<string, unknown>;

/** A confirm dialog as Slack defines it (`confirm` on a button or select). */
export interface ConfirmSpec {
  title: string;
  text: string;
  textIsMrkdwn: boolean;
  confirm: string;
  deny: string;
  style?: 'danger' | 'primary';
}

const obj = (value: unknown): Json | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Json)
    : undefined;
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** A text object: mrkdwn is formatted, plain_text shown as typed (with :emoji:). */
export function renderText(raw: unknown, names: NameLookup = noNames): VNode[] {
  const text = obj(raw);
  const value = str(text?.text);
  if (value === undefined) return [];
  if (text?.type === 'mrkdwn') return renderMrkdwn(value, names);
  return [text?.emoji === false ? value : withEmoji(value)];
}

function plainOf(raw: unknown): string {
  const text = obj(raw);
  const value = str(text?.text) ?? '';
  return text?.emoji === false ? value : withEmoji(value);
}

/**
 * Block Kit as elements: section (text, fields, accessory), context, divider, header,
 * image (its alt text: the page loads nothing from elsewhere) and actions with buttons
 * (primary/danger) and static selects. Interactive elements carry `data-action-id`; one
 * with a confirm dialog carries it as JSON in `data-confirm` (an attribute value, so
 * never parsed as markup). Anything else is shown as unsupported, not dropped.
 */
export function renderBlocks(blocks: unknown, names: NameLookup = noNames): VElement[] {
  return list(blocks).map((raw) => renderBlock(obj(raw) ?? {}, names));
}

function renderBlock(block: Json, names: NameLookup): VElement {
  const type = str(block.type) ?? '?';
  switch (type) {
    case 'section':
      return h(
        'div',
        { class: 'sk-block sk-section' },
        h(
          'div',
          { class: 'sk-section-body' },
          block.text === undefined
            ? undefined
            : h('div', { class: 'sk-text' }, renderText(block.text, names)),
          block.fields === undefined
            ? undefined
            : h(
                'div',
                { class: 'sk-fields' },
                list(block.fields).map((f) =>
                  h('div', { class: 'sk-field' }, renderText(f, names)),
                ),
              ),
        ),
        block.accessory === undefined
          ? undefined
          : h('div', { class: 'sk-accessory' }, renderElement(obj(block.accessory) ?? {})),
      );
    case 'context':
      return h(
        'div',
        { class: 'sk-block sk-context' },
        list(block.elements).map((raw) => {
          const element = obj(raw) ?? {};
          if (element.type === 'image')
            return h('span', { class: 'sk-image-alt' }, `[${str(element.alt_text) ?? 'image'}]`);
          return h('span', { class: 'sk-context-item' }, renderText(element, names));
        }),
      );
    case 'divider':
      return h('hr', { class: 'sk-block sk-divider' });
    case 'header':
      return h('h3', { class: 'sk-block sk-header' }, plainOf(block.text));
    case 'image':
      return h('div', { class: 'sk-block sk-image-alt' }, `[image: ${str(block.alt_text) ?? ''}]`);
    case 'actions':
      return h(
        'div',
        { class: 'sk-block sk-actions' },
        list(block.elements).map((raw) => renderElement(obj(raw) ?? {})),
      );
    default:
      return h('div', { class: 'sk-block sk-unsupported' }, `Unsupported block: ${type}`);
  }
}

function renderElement(element: Json): VElement {
  const actionId = str(element.action_id);
  const confirm = confirmOf(element.confirm);
  const confirmAttr = confirm === undefined ? undefined : JSON.stringify(confirm);
  switch (element.type) {
    case 'button': {
      const style =
        element.style === 'primary' || element.style === 'danger' ? element.style : undefined;
      return h(
        'button',
        {
          type: 'button',
          class: style ? `sk-button sk-${style}` : 'sk-button',
          'data-action-id': actionId,
          'data-confirm': confirmAttr,
        },
        plainOf(element.text),
      );
    }
    case 'static_select': {
      const initial = str(obj(element.initial_option)?.value);
      const option = (raw: unknown): VElement => {
        const o = obj(raw) ?? {};
        const value = str(o.value) ?? '';
        return h(
          'option',
          { value, selected: value === initial ? '' : undefined },
          plainOf(o.text),
        );
      };
      const groups = list(element.option_groups);
      return h(
        'select',
        {
          class: 'sk-select',
          'data-action-id': actionId,
          'data-confirm': confirmAttr,
          'aria-label': plainOf(element.placeholder) || 'Choose',
        },
        h(
          'option',
          { value: '', disabled: '', selected: initial === undefined ? '' : undefined },
          plainOf(element.placeholder) || 'Choose…',
        ),
        groups.length > 0
          ? groups.map((g) =>
              h('optgroup', { label: plainOf(obj(g)?.label) }, list(obj(g)?.options).map(option)),
            )
          : list(element.options).map(option),
      );
    }
    case 'image':
      return h('span', { class: 'sk-image-alt' }, `[${str(element.alt_text) ?? 'image'}]`);
    default:
      return h(
        'span',
        { class: 'sk-unsupported' },
        `Unsupported element: ${str(element.type) ?? '?'}`,
      );
  }
}

function confirmOf(raw: unknown): ConfirmSpec | undefined {
  const confirm = obj(raw);
  if (!confirm) return undefined;
  const style =
    confirm.style === 'danger' || confirm.style === 'primary' ? confirm.style : undefined;
  return {
    title: plainOf(confirm.title) || 'Are you sure?',
    text: str(obj(confirm.text)?.text) ?? '',
    textIsMrkdwn: obj(confirm.text)?.type === 'mrkdwn',
    confirm: plainOf(confirm.confirm) || 'Yes',
    deny: plainOf(confirm.deny) || 'Cancel',
    ...(style === undefined ? {} : { style }),
  };
}

/** The confirm dialog a click opens: a real modal, its buttons marked for the shell. */
export function renderConfirm(spec: ConfirmSpec, names: NameLookup = noNames): VElement {
  return h(
    'div',
    { class: 'modal-backdrop', 'data-modal': 'backdrop' },
    h(
      'div',
      { class: 'modal', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'modal-title' },
      h('h2', { id: 'modal-title', class: 'modal-title' }, spec.title),
      h(
        'div',
        { class: 'modal-text' },
        spec.textIsMrkdwn ? renderMrkdwn(spec.text, names) : spec.text,
      ),
      h(
        'div',
        { class: 'modal-buttons' },
        h('button', { type: 'button', class: 'sk-button', 'data-modal': 'deny' }, spec.deny),
        h(
          'button',
          {
            type: 'button',
            class: `sk-button sk-${spec.style ?? 'primary'}`,
            'data-modal': 'confirm',
          },
          spec.confirm,
        ),
      ),
    ),
  );
}
