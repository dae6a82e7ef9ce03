// Generations: the tenant's catalogue, newest first, narrowed by status, genre and words in the title or prompt,
// one page at a time.
import { h, show, badge, formatDate, guarded } from './dom.js';
import { showGeneration } from './generation-card.js';

const statuses = ['queued', 'running', 'succeeded', 'failed', 'canceled'];

export function generationsView(api, view, genres) {
  const status = h('select', { id: 'list-status', 'aria-label': 'Status' }, h('option', { value: '' }, 'any status'), statuses.map(s => h('option', { value: s }, s)));
  const genre = h('select', { id: 'list-genre', 'aria-label': 'Genre' }, h('option', { value: '' }, 'any genre'), genres.map(g => h('option', { value: g }, g)));
  const search = h('input', { id: 'list-q', type: 'search', maxLength: 200, placeholder: 'title or prompt words', 'aria-label': 'Search' });
  const rows = h('tbody');
  const more = h('button', { type: 'button', hidden: true }, 'Load more');
  const errors = h('div');
  const detail = h('div');
  let cursor;
  let latest = 0;

  const load = (reset) => guarded(more, errors, async () => {
    // Filters changed in quick succession race their answers: only the newest request's may fill the list.
    const ticket = ++latest;
    // The filters go with every page: the cursor holds only the position.
    const page = await api.get('/v1/generations', { limit: 20, cursor: reset ? undefined : cursor, status: status.value, genre: genre.value, q: search.value.trim() });
    if (ticket !== latest) return;
    if (reset) rows.replaceChildren();
    for (const generation of page.data) rows.append(row(generation, () => showGeneration(detail, generation, api)));
    if (!rows.children.length) rows.append(h('tr', {}, h('td', { colSpan: 6, class: 'muted' }, 'No generations match.')));
    cursor = page.next_cursor;
    more.hidden = !cursor;
  });

  status.addEventListener('change', () => load(true));
  genre.addEventListener('change', () => load(true));
  search.addEventListener('change', () => load(true));
  more.addEventListener('click', () => load(false));
  show(view,
    h('div', { class: 'row' }, h('h1', {}, 'Generations'), status, genre, search, h('button', { type: 'button', onclick: () => load(true) }, 'Refresh')),
    errors,
    h('table', { 'data-testid': 'generations' },
      h('thead', {}, h('tr', {}, ['Created', 'Status', 'Genre', 'Length', 'Title or prompt', ''].map(t => h('th', {}, t)))),
      rows),
    more, detail);
  return load(true);
}

function row(generation, open) {
  const spec = generation.resolved ?? {};
  return h('tr', { dataset: { id: generation.id } },
    h('td', {}, formatDate(generation.created_at)),
    h('td', {}, badge(generation.status)),
    h('td', {}, spec.genre ?? ''),
    h('td', {}, `${(spec.duration_ms ?? 0) / 1000} s`),
    h('td', {}, generation.title ?? (spec.prompt ?? '').slice(0, 80)),
    h('td', {}, h('button', { type: 'button', class: 'link', onclick: open }, 'Open')));
}
