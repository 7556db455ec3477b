import { describe, expect, it } from 'vitest';
import { renderMrkdwn } from '../../src/web/client/mrkdwn.js';
import { renderBlocks, renderConfirm } from '../../src/web/client/render-blocks.js';
import { h, toHtml } from '../../src/web/client/vnode.js';

const names = {
  user: (id: string) => ({ U1: 'ana', U2: 'bob' })[id],
  channel: (id: string) => ({ C1: 'team-a' })[id],
};
const html = (blocks: unknown[]) => toHtml(renderBlocks(blocks, names));
const mrkdwn = (text: string) => toHtml(renderMrkdwn(text, names));
const md = (text: string) => ({ type: 'mrkdwn', text });
const plain = (text: string) => ({ type: 'plain_text', text, emoji: true });

describe('Block Kit to HTML', () => {
  it.each([
    {
      name: 'a mrkdwn section shows bold, code and emoji',
      blocks: [{ type: 'section', text: md(':alarm_clock: *team-a* on `eu-dev` stops soon.') }],
      expected:
        '<div class="sk-block sk-section"><div class="sk-section-body"><div class="sk-text">⏰ <strong>team-a</strong> on <code class="sk-code">eu-dev</code> stops soon.</div></div></div>',
    },
    {
      name: 'a section shows its fields in a grid and its accessory beside the text',
      blocks: [
        {
          type: 'section',
          text: plain('Namespaces'),
          fields: [md('*State*'), plain('running')],
          accessory: { type: 'button', text: plain('Open'), action_id: 'open' },
        },
      ],
      expected:
        '<div class="sk-block sk-section"><div class="sk-section-body"><div class="sk-text">Namespaces</div><div class="sk-fields"><div class="sk-field"><strong>State</strong></div><div class="sk-field">running</div></div></div><div class="sk-accessory"><button type="button" class="sk-button" data-action-id="open">Open</button></div></div>',
    },
    {
      name: 'a context block shows each element, images as their alt text',
      blocks: [
        {
          type: 'context',
          elements: [md('3 running pods'), { type: 'image', image_url: 'x', alt_text: 'logo' }],
        },
      ],
      expected:
        '<div class="sk-block sk-context"><span class="sk-context-item">3 running pods</span><span class="sk-image-alt">[logo]</span></div>',
    },
    {
      name: 'a header and a divider are a heading and a rule',
      blocks: [{ type: 'header', text: plain('Your namespaces') }, { type: 'divider' }],
      expected:
        '<h3 class="sk-block sk-header">Your namespaces</h3><hr class="sk-block sk-divider">',
    },
    {
      name: 'buttons keep their primary and danger styles',
      blocks: [
        {
          type: 'actions',
          elements: [
            { type: 'button', text: plain('Resume'), action_id: 'curfew_resume', style: 'primary' },
            { type: 'button', text: plain('Delete'), action_id: 'curfew_delete', style: 'danger' },
            { type: 'button', text: plain('Plain'), action_id: 'p', style: 'bogus' },
          ],
        },
      ],
      expected:
        '<div class="sk-block sk-actions"><button type="button" class="sk-button sk-primary" data-action-id="curfew_resume">Resume</button><button type="button" class="sk-button sk-danger" data-action-id="curfew_delete">Delete</button><button type="button" class="sk-button" data-action-id="p">Plain</button></div>',
    },
    {
      name: 'a static select shows its placeholder first and every option',
      blocks: [
        {
          type: 'actions',
          elements: [
            {
              type: 'static_select',
              action_id: 'curfew_snooze',
              placeholder: plain('Snooze…'),
              options: [
                { text: plain('1 hour'), value: '1h' },
                { text: plain('3 hours'), value: '3h' },
              ],
            },
          ],
        },
      ],
      expected:
        '<div class="sk-block sk-actions"><select class="sk-select" data-action-id="curfew_snooze" aria-label="Snooze…"><option value="" disabled="" selected="">Snooze…</option><option value="1h">1 hour</option><option value="3h">3 hours</option></select></div>',
    },
    {
      name: 'a select with an initial option starts on it',
      blocks: [
        {
          type: 'actions',
          elements: [
            {
              type: 'static_select',
              action_id: 's',
              placeholder: plain('Pick'),
              initial_option: { text: plain('B'), value: 'b' },
              options: [
                { text: plain('A'), value: 'a' },
                { text: plain('B'), value: 'b' },
              ],
            },
          ],
        },
      ],
      expected:
        '<div class="sk-block sk-actions"><select class="sk-select" data-action-id="s" aria-label="Pick"><option value="" disabled="">Pick</option><option value="a">A</option><option value="b" selected="">B</option></select></div>',
    },
    {
      name: 'an unknown block or element is shown as unsupported, not dropped',
      blocks: [
        { type: 'rich_text' },
        { type: 'actions', elements: [{ type: 'datepicker', action_id: 'd' }] },
      ],
      expected:
        '<div class="sk-block sk-unsupported">Unsupported block: rich_text</div><div class="sk-block sk-actions"><span class="sk-unsupported">Unsupported element: datepicker</span></div>',
    },
  ])('$name', ({ blocks, expected }) => {
    expect(html(blocks)).toBe(expected);
  });

  it('puts a confirm dialog on its button as JSON in an attribute, quotes escaped', () => {
    const out = html([
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            text: plain('Delete'),
            action_id: 'curfew_delete',
            style: 'danger',
            confirm: {
              title: plain('Delete "team-a"?'),
              text: md('This deletes *team-a*.'),
              confirm: plain('Delete it'),
              deny: plain('Cancel'),
              style: 'danger',
            },
          },
        ],
      },
    ]);
    expect(out).toContain(
      'data-confirm="{&quot;title&quot;:&quot;Delete \\&quot;team-a\\&quot;?&quot;,&quot;text&quot;:&quot;This deletes *team-a*.&quot;,&quot;textIsMrkdwn&quot;:true,&quot;confirm&quot;:&quot;Delete it&quot;,&quot;deny&quot;:&quot;Cancel&quot;,&quot;style&quot;:&quot;danger&quot;}"',
    );
  });

  it('renders a confirm dialog as a modal with its title, text and both buttons', () => {
    const modal = renderConfirm({
      title: 'Delete team-a?',
      text: 'This deletes *team-a* <forever>.',
      textIsMrkdwn: true,
      confirm: 'Delete it',
      deny: 'Cancel',
      style: 'danger',
    });
    expect(toHtml(modal)).toBe(
      '<div class="modal-backdrop" data-modal="backdrop"><div class="modal" role="dialog" aria-modal="true" aria-labelledby="modal-title"><h2 id="modal-title" class="modal-title">Delete team-a?</h2><div class="modal-text">This deletes <strong>team-a</strong> forever.</div><div class="modal-buttons"><button type="button" class="sk-button" data-modal="deny">Cancel</button><button type="button" class="sk-button sk-danger" data-modal="confirm">Delete it</button></div></div></div>',
    );
  });
});

describe('escaping what apps and users write', () => {
  it.each([
    {
      name: 'an entity-encoded script tag in mrkdwn stays text',
      text: '&lt;script&gt;alert(1)&lt;/script&gt; &amp; more',
      expected: '&lt;script&gt;alert(1)&lt;/script&gt; &amp; more',
    },
    {
      name: 'a raw tag in mrkdwn is not markup and not a link',
      text: 'hi <img src=x onerror=alert(1)>',
      expected: 'hi img src=x onerror=alert(1)',
    },
    {
      name: 'a javascript: link shows its label without a link',
      text: '<javascript:alert(1)|click me>',
      expected: 'click me',
    },
    {
      name: 'an https link keeps its query string, escaped in the attribute',
      text: '<https://example.com/?a=1&amp;b="2"|docs>',
      expected:
        '<a href="https://example.com/?a=1&amp;b=&quot;2&quot;" target="_blank" rel="noopener noreferrer">docs</a>',
    },
    {
      name: 'mentions show names',
      text: 'hi <@U1>, see <#C1> and <#C9|other>, <!here>',
      expected:
        'hi <span class="sk-mention">@ana</span>, see <span class="sk-mention">#team-a</span> and <span class="sk-mention">#other</span>, <span class="sk-mention">@here</span>',
    },
    {
      name: 'a Slack date shows its fallback',
      text: 'at <!date^1700000000^{date_short_pretty} {time}|2023-11-14 22:13 UTC>',
      expected:
        'at <span class="sk-special" title="!date^1700000000^{date_short_pretty} {time}">2023-11-14 22:13 UTC</span>',
    },
    {
      name: 'italic, strike, line breaks and code blocks',
      text: '_soon_ ~old~\nnext ```a < b``` end',
      expected: '<em>soon</em> <s>old</s><br>next <pre class="sk-pre">a &lt; b</pre> end',
    },
    {
      name: 'underscores inside words are not italic',
      text: 'snake_case_name',
      expected: 'snake_case_name',
    },
  ])('$name', ({ text, expected }) => {
    expect(mrkdwn(text)).toBe(expected);
  });

  it('escapes plain_text, attribute values and select options', () => {
    const out = html([
      { type: 'section', text: plain('<b>"bold"</b> & \'x\'') },
      {
        type: 'actions',
        elements: [
          { type: 'button', text: plain('<i>x</i>'), action_id: '"><script>alert(1)</script>' },
          {
            type: 'static_select',
            action_id: 's',
            placeholder: plain('p'),
            options: [{ text: plain('<o>'), value: '"><x' }],
          },
        ],
      },
    ]);
    expect(out).toContain('&lt;b&gt;&quot;bold&quot;&lt;/b&gt; &amp; &#39;x&#39;');
    expect(out).toContain('data-action-id="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(out).toContain('<option value="&quot;&gt;&lt;x">&lt;o&gt;</option>');
    expect(out).not.toMatch(/<(script|b|i|o|x)[\s>]/);
  });

  it.each([
    { name: 'a tag name that is not a plain word is refused', node: h('img src=x', {}) },
    { name: 'an event handler attribute is refused', node: h('div', { onclick: 'x()' }) },
    { name: 'an attribute name with markup in it is refused', node: h('div', { 'a"b': 'x' }) },
  ])('$name', ({ node }) => {
    expect(() => toHtml(node)).toThrow(/vnode: bad/);
  });
});
