// API keys: the tenant's keys; create one with a name and scopes (shown once), revoke, rotate with a grace period.
import { h, show, badge, formatDate, guarded } from './dom.js';
import { secretBox } from './secret.js';

const scopes = ['generate', 'read', 'webhooks', 'keys'];
const graces = [['0', 'revoke the old key now'], ['3600', 'keep the old key 1 hour'], ['86400', 'keep the old key 1 day'], ['604800', 'keep the old key 7 days']];

export function keysView(api, view) {
  const rows = h('tbody');
  const errors = h('div');
  const created = h('div');
  const name = h('input', { id: 'key-name', name: 'name', maxLength: 64, placeholder: 'e.g. production server' });
  const scopeBoxes = scopes.map(s => h('input', { type: 'checkbox', name: 'scope', value: s, checked: s === 'generate' || s === 'read' }));
  const grace = h('select', { id: 'key-grace', 'aria-label': 'When rotating' }, graces.map(([v, t]) => h('option', { value: v }, t)));
  const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': 'create-key' }, 'Create key');

  const load = () => guarded(null, errors, async () => {
    const list = await api.get('/v1/api-keys');
    rows.replaceChildren(...list.data.map(key => row(key)));
  });

  const row = key => {
    const live = key.status === 'active' || key.status === 'expiring';
    const revoke = h('button', { type: 'button', class: 'danger', 'data-testid': 'revoke', disabled: !live, onclick: () => {
      if (!confirm(`Revoke the key "${key.name}" (${key.display_prefix}…)? Requests with it fail at once.`)) return;
      guarded(revoke, errors, async () => { await api.delete(`/v1/api-keys/${key.id}`); created.replaceChildren(); await load(); });
    } }, 'Revoke');
    const rotate = h('button', { type: 'button', 'data-testid': 'rotate', disabled: key.status !== 'active', onclick: () =>
      guarded(rotate, errors, async () => {
        const rotated = await api.post(`/v1/api-keys/${key.id}/rotate`, { old_key_expires_in_seconds: Number(grace.value) });
        created.replaceChildren(secretBox(`New key for "${rotated.new_key.name}"`, rotated.new_key.key));
        await load();
      }) }, 'Rotate');
    return h('tr', { dataset: { id: key.id, status: key.status } },
      h('td', {}, key.name), h('td', { class: 'mono' }, `${key.display_prefix}…`), h('td', {}, key.scopes.join(', ')),
      h('td', {}, badge(key.status), key.expires_at ? h('div', { class: 'muted' }, `until ${formatDate(key.expires_at)}`) : null),
      h('td', {}, formatDate(key.created_at)), h('td', {}, formatDate(key.last_used_at)),
      h('td', { class: 'row' }, rotate, revoke));
  };

  const form = h('form', { class: 'card', onsubmit: event => {
    event.preventDefault();
    guarded(submit, errors, async () => {
      const key = await api.post('/v1/api-keys', {
        name: name.value.trim() || undefined,
        scopes: scopeBoxes.filter(b => b.checked).map(b => b.value),
      });
      created.replaceChildren(secretBox(`Key "${key.name}" created`, key.key));
      name.value = '';
      await load();
    });
  } },
    h('h2', {}, 'Create a key'),
    h('label', { for: 'key-name' }, 'Name'), name,
    h('label', {}, 'Scopes'), h('div', {}, scopeBoxes.map(box => h('label', { class: 'inline' }, box, box.value))),
    h('p', { class: 'muted' }, 'A key never gets more than the key that creates it. Test keys (mk_test_…) make test keys.'),
    submit, created);

  show(view,
    h('div', { class: 'row' }, h('h1', {}, 'API keys'), h('label', { class: 'inline', for: 'key-grace' }, 'When rotating:'), grace),
    errors,
    h('table', { 'data-testid': 'keys' },
      h('thead', {}, h('tr', {}, ['Name', 'Key', 'Scopes', 'Status', 'Created', 'Last used', ''].map(t => h('th', {}, t)))),
      rows),
    form);
  return load();
}
