// One generation as the console shows it wherever it appears: what was asked and decided, and a player when it succeeded.
import { h, badge, formatDate, guarded } from './dom.js';
import { Player } from './player.js';

let current;

/** Renders the generation into `place`, replacing (and silencing) whatever player was there before. */
export function showGeneration(place, generation, api) {
  current?.dispose();
  current = undefined;
  const spec = generation.resolved ?? {};
  const card = h('div', { class: 'card', 'data-testid': 'generation', dataset: { id: generation.id, status: generation.status } },
    h('div', { class: 'row' }, h('strong', {}, `${spec.genre ?? ''} · ${spec.mood ?? ''}`), badge(generation.status),
      generation.livemode === false ? badge('test') : null),
    h('dl', { class: 'details' },
      h('dt', {}, 'Id'), h('dd', { class: 'mono' }, generation.id),
      generation.title ? [h('dt', {}, 'Title'), h('dd', {}, generation.title)] : null,
      Object.keys(generation.labels ?? {}).length
        ? [h('dt', {}, 'Labels'), h('dd', {}, Object.entries(generation.labels).map(([k, v]) => `${k}: ${v}`).join(' · '))]
        : null,
      h('dt', {}, 'Prompt'), h('dd', {}, spec.prompt || '—'),
      h('dt', {}, 'Musical'), h('dd', {}, `${spec.bpm} bpm · ${spec.key} · ${spec.time_signature} · ${(spec.duration_ms ?? 0) / 1000} s · ${spec.format}`),
      h('dt', {}, 'Created'), h('dd', {}, formatDate(generation.created_at)),
      generation.rendered_seconds !== undefined ? [h('dt', {}, 'Rendered'), h('dd', {}, `${generation.rendered_seconds} s`)] : null,
      generation.error ? [h('dt', {}, 'Error'), h('dd', {}, generation.error)] : null));
  place.replaceChildren(card);
  if (generation.status === 'succeeded' && generation.audio?.length) {
    current = new Player(generation);
    card.append(current.element);
    current.load(generation);
  }
  if (generation.status === 'succeeded' && api) card.append(licenseSection(api, generation.id));
  return card;
}

// The signed licence certificate: its terms in words, and the JWS itself to keep with the files.
function licenseSection(api, id) {
  const place = h('div');
  const button = h('button', { type: 'button', 'data-testid': 'license', onclick: () => guarded(button, place, async () => {
    const license = await api.get(`/v1/generations/${id}/license`);
    const { terms, files } = license.claims;
    place.replaceChildren(h('div', { class: 'secret', 'data-testid': 'license-terms', dataset: { terms: terms.id } },
      h('strong', {}, `Licence ${license.license_id}: ${terms.id}`), h('div', {}, terms.summary),
      h('div', { class: 'muted' }, `${files.length} file(s) named by SHA-256; verify with the keys at `, h('a', { href: license.keys_url, target: '_blank', rel: 'noopener' }, license.keys_url)),
      h('details', {}, h('summary', {}, 'Certificate (JWS)'), h('code', {}, license.certificate))));
  }) }, 'Licence certificate');
  return h('div', { class: 'row' }, button, place);
}
