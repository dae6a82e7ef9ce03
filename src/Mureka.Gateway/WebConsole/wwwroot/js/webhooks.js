// Webhooks: endpoints (register, rotate the secret, delete) and each endpoint's delivery log.
import { h, show, badge, formatDate, guarded } from './dom.js';
import { secretBox } from './secret.js';

const events = ['generation.succeeded', 'generation.failed'];

export function webhooksView(api, view) {
  const rows = h('tbody');
  const errors = h('div');
  const secret = h('div');
  const log = h('div');
  const url = h('input', { id: 'hook-url', name: 'url', type: 'url', maxLength: 2048, placeholder: 'https://hooks.example.com/mureka', required: true });
  const description = h('input', { id: 'hook-description', name: 'description', maxLength: 500 });
  const eventBoxes = events.map(e => h('input', { type: 'checkbox', name: 'events', value: e, checked: true }));
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Add endpoint');

  const load = () => guarded(null, errors, async () => {
    const list = await api.get('/v1/webhook-endpoints');
    rows.replaceChildren(...list.data.map(endpoint => row(endpoint)));
    if (!list.data.length) rows.append(h('tr', {}, h('td', { colSpan: 5, class: 'muted' }, 'No endpoints yet.')));
  });

  const row = endpoint => {
    const deliveries = h('button', { type: 'button', onclick: () => guarded(deliveries, errors, () => showLog(api, endpoint, log)) }, 'Deliveries');
    const rotate = h('button', { type: 'button', onclick: () => guarded(rotate, errors, async () => {
      const rotated = await api.post(`/v1/webhook-endpoints/${endpoint.id}/rotate-secret`);
      secret.replaceChildren(secretBox(`New signing secret for ${rotated.url}`, rotated.secret));
    }) }, 'Rotate secret');
    const remove = h('button', { type: 'button', class: 'danger', onclick: () => {
      if (!confirm(`Delete the endpoint ${endpoint.url}? No more events are sent to it.`)) return;
      guarded(remove, errors, async () => { await api.delete(`/v1/webhook-endpoints/${endpoint.id}`); log.replaceChildren(); await load(); });
    } }, 'Delete');
    return h('tr', { dataset: { id: endpoint.id } },
      h('td', { class: 'mono' }, endpoint.url), h('td', {}, endpoint.events.join(', ')), h('td', {}, endpoint.description ?? ''),
      h('td', {}, formatDate(endpoint.created_at)), h('td', { class: 'row' }, deliveries, rotate, remove));
  };

  const form = h('form', { class: 'card', onsubmit: event => {
    event.preventDefault();
    guarded(submit, errors, async () => {
      const endpoint = await api.post('/v1/webhook-endpoints', {
        url: url.value.trim(),
        events: eventBoxes.filter(b => b.checked).map(b => b.value),
        description: description.value.trim() || undefined,
      });
      secret.replaceChildren(secretBox(`Signing secret for ${endpoint.url}`, endpoint.secret));
      url.value = description.value = '';
      await load();
    });
  } },
    h('h2', {}, 'Add an endpoint'),
    h('label', { for: 'hook-url' }, 'URL (https, public address)'), url,
    h('label', { for: 'hook-description' }, 'Description'), description,
    h('label', {}, 'Events'), h('div', {}, eventBoxes.map(box => h('label', { class: 'inline' }, box, box.value))),
    h('p', { class: 'muted' }, 'Deliveries are signed (Mureka-Signature); verify them with the SDKs\' webhook helpers.'),
    submit);

  show(view, h('h1', {}, 'Webhooks'), errors, secret,
    h('table', { 'data-testid': 'webhooks' }, h('thead', {}, h('tr', {}, ['URL', 'Events', 'Description', 'Created', ''].map(t => h('th', {}, t)))), rows),
    log, form);
  return load();
}

async function showLog(api, endpoint, place) {
  const rows = h('tbody');
  const more = h('button', { type: 'button', hidden: true }, 'Load more');
  let cursor;
  const page = async () => {
    const result = await api.get(`/v1/webhook-endpoints/${endpoint.id}/deliveries`, { limit: 50, cursor });
    for (const attempt of result.data) {
      rows.append(h('tr', {},
        h('td', {}, formatDate(attempt.attempted_at)), h('td', { class: 'mono' }, attempt.event_id), h('td', {}, attempt.event_type),
        h('td', {}, attempt.attempt), h('td', {}, badge(attempt.outcome)), h('td', {}, attempt.status_code ?? '—'),
        h('td', {}, `${attempt.response_time_ms} ms`), h('td', {}, attempt.error ?? '')));
    }
    if (!rows.children.length) rows.append(h('tr', {}, h('td', { colSpan: 8, class: 'muted' }, 'Nothing delivered yet.')));
    cursor = result.next_cursor;
    more.hidden = !cursor;
  };
  more.addEventListener('click', () => guarded(more, null, page));
  await page();
  place.replaceChildren(h('h2', {}, `Deliveries to ${endpoint.url}`),
    h('table', { 'data-testid': 'deliveries' }, h('thead', {}, h('tr', {}, ['When', 'Event', 'Type', 'Attempt', 'Outcome', 'Status', 'Time', 'Error'].map(t => h('th', {}, t)))), rows),
    more);
}
