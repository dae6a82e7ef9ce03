// The console's entry: sign in with a key (kept in this module's memory only), then one view per tab.
import { Api, ApiError } from './api.js';
import { errorBox } from './dom.js';
import { generateView } from './generate.js';
import { generationsView } from './generations.js';
import { usageView } from './usage.js';
import { keysView } from './keys.js';
import { webhooksView } from './webhooks.js';

const $ = id => document.getElementById(id);
const views = {
  generate: (api, view, genres) => generateView(api, view, genres),
  generations: (api, view, genres) => generationsView(api, view, genres),
  usage: (api, view) => usageView(api, view),
  keys: (api, view) => keysView(api, view),
  webhooks: (api, view) => webhooksView(api, view),
};

let session; // { api, genres }

$('sign-in-form').addEventListener('submit', async event => {
  event.preventDefault();
  const input = $('api-key');
  const error = $('sign-in-error');
  error.hidden = true;
  const api = new Api(input.value.trim(), () => signOut('The key was refused: it was revoked, rotated away or expired. Sign in with another.'));
  try {
    // Any authenticated call proves the key; the model list also gives the genres for the forms.
    const models = await api.get('/v1/models');
    session = { api, genres: [...new Set(models.data.flatMap(m => m.genres ?? []))] };
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 403)) {
      error.replaceChildren(errorBox(e));
      error.hidden = false;
      return;
    }
    // A key without the read scope still signs in; the views say what it may not do.
    session = { api, genres: [] };
  }
  input.value = '';
  $('session-key').textContent = `${api.keyPrefix}…`;
  $('session-mode').textContent = api.livemode ? 'live' : 'test';
  $('session-mode').className = `badge ${api.livemode ? 'live' : 'test'}`;
  $('sign-in').hidden = true;
  $('session').hidden = false;
  $('app').hidden = false;
  route();
});

$('sign-out').addEventListener('click', () => signOut());
addEventListener('hashchange', route);

function signOut(message) {
  session = undefined;
  for (const view of document.querySelectorAll('.view')) view.replaceChildren();
  $('app').hidden = true;
  $('session').hidden = true;
  $('sign-in').hidden = false;
  const error = $('sign-in-error');
  error.textContent = message ?? '';
  error.hidden = !message;
  $('api-key').focus();
}

function route() {
  if (!session) return;
  const name = location.hash.slice(1) in views ? location.hash.slice(1) : 'generate';
  for (const tab of document.querySelectorAll('[data-tab]')) tab.setAttribute('aria-selected', String(tab.dataset.tab === name));
  for (const view of document.querySelectorAll('.view')) view.hidden = view.id !== `view-${name}`;
  const view = $(`view-${name}`);
  // The generate view keeps its form and result across tab switches; the others show fresh data each time.
  if (name === 'generate' && view.childElementCount) return;
  views[name](session.api, view, session.genres);
}
