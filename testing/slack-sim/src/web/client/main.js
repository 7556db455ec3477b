// The page's shell: fetches the workspace as one user sees it, draws it with the pure
// renderers (element trees built with createElement/textContent — no HTML strings), and
// turns clicks, select choices and typed slash commands into POSTs the sim signs and
// forwards to the app. Live updates arrive as server-sent `change` events.
import { renderConfirm } from './render-blocks.js';
import { namesOf, renderMain, renderSidebar, renderUserOptions, titleOf } from './render-page.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const ui = {
  user: params.get('user') ?? undefined,
  view: params.get('view') ?? 'dm',
  state: undefined,
};
let usersShown = '';

function toDom(node) {
  if (typeof node === 'string') return document.createTextNode(node);
  const element = document.createElement(node.tag);
  for (const [name, value] of Object.entries(node.attrs)) {
    // Trees never carry event handlers; refuse them anyway.
    if (!name.startsWith('on')) element.setAttribute(name, value);
  }
  for (const child of node.children) element.append(toDom(child));
  return element;
}

function mount(container, nodes) {
  container.replaceChildren(...[nodes].flat().map(toDom));
}

async function api(path, body) {
  const init =
    body === undefined
      ? {}
      : {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        };
  const response = await fetch(path, init);
  let json;
  try {
    json = await response.json();
  } catch {
    json = {};
  }
  if (!response.ok) throw new Error(json.error ?? `HTTP ${response.status} from ${path}`);
  return json;
}

function showError(message) {
  $('error-text').textContent = message;
  $('error').hidden = false;
}

function clearError() {
  $('error').hidden = true;
  $('error-text').textContent = '';
}

function remember() {
  const query = new URLSearchParams();
  if (ui.user) query.set('user', ui.user);
  query.set('view', ui.view);
  history.replaceState(null, '', `?${query}`);
}

async function refresh() {
  const query = ui.user ? `?user=${encodeURIComponent(ui.user)}` : '';
  const state = await api(`/ui/state${query}`);
  if (!state.me) {
    const first = state.users.find((u) => !u.isBot && !u.deleted);
    if (first) {
      ui.user = first.id;
      remember();
      return refresh();
    }
  }
  ui.state = state;
  render();
}

function render() {
  const state = ui.state;
  $('workspace').textContent = state.workspace.teamDomain;
  const users = JSON.stringify([state.users, state.me?.id]);
  // Redrawing an open <select> would close it under the user's pointer.
  if (users !== usersShown) {
    mount($('user-picker'), renderUserOptions(state));
    usersShown = users;
  }
  const status = $('app-status');
  status.textContent = state.app.connected
    ? `app: ${state.app.url}`
    : 'no app connected — clicks and commands go nowhere';
  status.classList.toggle('disconnected', !state.app.connected);
  mount($('sidebar'), renderSidebar(state, ui.view));
  $('title').textContent = titleOf(state, ui.view);
  const pane = $('pane');
  const atBottom = pane.scrollTop + pane.clientHeight >= pane.scrollHeight - 4;
  const scrollTop = pane.scrollTop;
  mount(pane, renderMain(state, ui.view));
  pane.scrollTop = atBottom ? pane.scrollHeight : scrollTop;
  document.body.dataset.ready = 'true';
}

let pending;
function scheduleRefresh() {
  clearTimeout(pending);
  pending = setTimeout(() => refresh().catch((error) => showError(error.message)), 30);
}

async function send(path, body, control) {
  clearError();
  if (control) control.disabled = true;
  try {
    return await api(path, body);
  } catch (error) {
    showError(error.message);
    return undefined;
  } finally {
    if (control) control.disabled = false;
    scheduleRefresh();
  }
}

function askConfirm(spec) {
  const root = $('modal-root');
  mount(root, renderConfirm(spec, namesOf(ui.state)));
  root.querySelector('[data-modal="confirm"]').focus();
  return new Promise((resolve) => {
    const close = (answer) => {
      root.replaceChildren();
      document.removeEventListener('keydown', onKey);
      resolve(answer);
    };
    const onKey = (event) => {
      if (event.key === 'Escape') close(false);
    };
    document.addEventListener('keydown', onKey);
    root.firstElementChild.addEventListener('click', (event) => {
      const role = event.target.dataset?.modal;
      if (role === 'confirm') close(true);
      else if (role === 'deny' || role === 'backdrop') close(false);
    });
  });
}

async function act(control, value) {
  const confirm = control.dataset.confirm ? JSON.parse(control.dataset.confirm) : undefined;
  if (confirm && !(await askConfirm(confirm))) {
    if (control.tagName === 'SELECT') control.value = '';
    return;
  }
  const container = control.closest('[data-source]');
  const source = container.dataset.source;
  await send(
    '/ui/action',
    {
      user: ui.user,
      source,
      actionId: control.dataset.actionId,
      ...(source === 'message'
        ? { channel: container.dataset.channel, ts: container.dataset.ts }
        : {}),
      ...(value === undefined ? {} : { value }),
    },
    control,
  );
}

function openView(view) {
  ui.view = view;
  remember();
  if (ui.state) render();
  // Slack tells the app each time the Home tab is opened; the app answers with views.publish.
  if (view === 'home' && ui.user) send('/ui/home-opened', { user: ui.user });
}

$('pane').addEventListener('click', (event) => {
  const button = event.target.closest('button[data-action-id]');
  if (button) act(button, undefined);
});
$('pane').addEventListener('change', (event) => {
  const select = event.target.closest('select[data-action-id]');
  if (select?.value) act(select, select.value);
});
$('sidebar').addEventListener('click', (event) => {
  const item = event.target.closest('[data-view]');
  if (item) openView(item.dataset.view);
});
$('user-picker').addEventListener('change', (event) => {
  ui.user = event.target.value;
  openView(ui.view);
  scheduleRefresh();
});
$('error-close').addEventListener('click', clearError);
$('composer').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = $('command');
  const answer = await send(
    '/ui/command',
    { user: ui.user, channel: ui.view, text: input.value },
    input,
  );
  if (answer) input.value = '';
});

const events = new EventSource('/ui/events');
events.addEventListener('change', scheduleRefresh);
// After a reconnect, catch up on whatever changed meanwhile.
events.addEventListener('open', scheduleRefresh);
refresh()
  .then(() => {
    if (ui.view === 'home') openView('home');
  })
  .catch((error) => showError(error.message));
