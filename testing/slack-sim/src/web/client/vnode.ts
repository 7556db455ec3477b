/**
 * A tiny element tree the renderers return instead of HTML strings, so nothing
 * user-controlled is ever parsed as markup: the browser builds it with createElement and
 * textContent (`main.js`), tests and the server turn it into escaped HTML (`toHtml`).
 *
 * This file is served to the browser with its types stripped: erasable TypeScript only,
 * and no imports from outside `client/`.
 */
export type VNode = string | VElement;

export interface VElement {
  tag: string;
  attrs: Record<string, string>;
  children: VNode[];
}

/** Builds an element; `undefined`/`false` children are dropped, so conditions read inline. */
export function h(
  tag: string,
  attrs: Record<string, string | undefined> = {},
  ...children: (VNode | VNode[] | undefined | false)[]
): VElement {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== undefined) kept[name] = value;
  }
  const flat: VNode[] = [];
  for (const child of children) {
    if (child === undefined || child === false) continue;
    if (Array.isArray(child)) flat.push(...child);
    else flat.push(child);
  }
  return { tag, attrs: kept, children: flat };
}

const VOID = new Set(['br', 'hr', 'img', 'input']);

/** Text made safe for an HTML text node or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Tag and attribute names come from the renderers, never from data; refuse anything else. */
const NAME = /^[a-z][a-z0-9-]*$/;

export function toHtml(node: VNode | VNode[]): string {
  if (Array.isArray(node)) return node.map(toHtml).join('');
  if (typeof node === 'string') return escapeHtml(node);
  if (!NAME.test(node.tag)) throw new Error(`vnode: bad tag name ${JSON.stringify(node.tag)}`);
  const attrs = Object.entries(node.attrs)
    .map(([name, value]) => {
      if (!NAME.test(name) || name.startsWith('on')) {
        throw new Error(`vnode: bad attribute name ${JSON.stringify(name)}`);
      }
      return ` ${name}="${escapeHtml(value)}"`;
    })
    .join('');
  if (VOID.has(node.tag)) return `<${node.tag}${attrs}>`;
  return `<${node.tag}${attrs}>${node.children.map(toHtml).join('')}</${node.tag}>`;
}

/** All text in a tree, for assertions. */
export function textOf(node: VNode | VNode[]): string {
  if (Array.isArray(node)) return node.map(textOf).join('');
  if (typeof node === 'string') return node;
  return node.children.map(textOf).join('');
}
