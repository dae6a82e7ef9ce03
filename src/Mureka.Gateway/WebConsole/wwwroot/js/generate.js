// Generate: a request form, live progress from the events stream, and the result in the player.
import { h, show, errorBox } from './dom.js';
import { showGeneration } from './generation-card.js';

const moods = ['neutral', 'calm', 'happy', 'uplifting', 'energetic', 'sad', 'dark', 'epic', 'mysterious', 'romantic'];
const formats = ['mp3', 'wav', 'flac', 'opus'];

export function generateView(api, view, genres) {
  const field = (label, control) => h('div', {}, h('label', { for: control.id }, label), control);
  const prompt = h('textarea', { id: 'gen-prompt', name: 'prompt', maxLength: 2000, placeholder: 'calm lo-fi hip hop with piano in D minor at 82 bpm' });
  const title = h('input', { id: 'gen-title', name: 'title', maxLength: 200, placeholder: 'optional: its name in your catalogue' });
  const genre = h('select', { id: 'gen-genre', name: 'genre' }, h('option', { value: '' }, 'from the prompt'), genres.map(g => h('option', { value: g }, g)));
  const mood = h('select', { id: 'gen-mood', name: 'mood' }, h('option', { value: '' }, 'from the prompt'), moods.map(m => h('option', { value: m }, m)));
  const seconds = h('input', { id: 'gen-seconds', name: 'seconds', type: 'number', min: 1, max: 300, step: 1, value: 30 });
  const bpm = h('input', { id: 'gen-bpm', name: 'bpm', type: 'number', min: 40, max: 220, placeholder: 'from the genre' });
  const key = h('input', { id: 'gen-key', name: 'key', placeholder: 'e.g. D minor' });
  const format = h('select', { id: 'gen-format', name: 'format' }, formats.map(f => h('option', { value: f }, f)));
  const stems = h('input', { id: 'gen-stems', name: 'stems', type: 'checkbox' });
  const loop = h('input', { id: 'gen-loop', name: 'loop', type: 'checkbox' });
  const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': 'generate' }, 'Generate');
  const errors = h('div');
  const progress = h('div', { 'data-testid': 'progress' });
  const result = h('div');
  let running;

  const form = h('form', { class: 'card', onsubmit: async event => {
    event.preventDefault();
    running?.abort();
    running = new AbortController();
    const body = {
      prompt: prompt.value.trim() || undefined,
      title: title.value.trim() || undefined,
      genre: genre.value || undefined,
      mood: mood.value || undefined,
      duration_ms: seconds.value === '' ? undefined : Math.round(Number(seconds.value) * 1000),
      bpm: bpm.value === '' ? undefined : Number(bpm.value),
      key: key.value.trim() || undefined,
      format: format.value,
      stems: stems.checked || undefined,
      loop: loop.checked || undefined,
    };
    errors.replaceChildren();
    result.replaceChildren();
    submit.disabled = true;
    try {
      const created = await api.post('/v1/generations', body);
      await follow(api, created, progress, result, running.signal);
    } catch (error) {
      if (!running.signal.aborted) errors.replaceChildren(errorBox(error));
      progress.replaceChildren();
    } finally {
      submit.disabled = false;
    }
  } },
    h('h1', {}, 'Generate a track'),
    field('Prompt', prompt),
    field('Title', title),
    h('div', { class: 'grid' }, field('Genre', genre), field('Mood', mood), field('Length (seconds)', seconds), field('Tempo (bpm)', bpm), field('Key', key), field('Format', format)),
    h('div', { class: 'row' }, h('label', { class: 'inline' }, stems, 'Stems'), h('label', { class: 'inline' }, loop, 'Seamless loop')),
    submit, errors);
  show(view, form, progress, result);
}

async function follow(api, created, progress, result, signal) {
  const bar = h('progress', { max: 1, value: 0 });
  const label = h('span', { 'data-testid': 'progress-label' }, 'queued');
  const cancel = h('button', { type: 'button', class: 'danger', onclick: () => api.post(`/v1/generations/${created.id}/cancel`).catch(() => {}) }, 'Cancel');
  progress.replaceChildren(h('div', { class: 'card' }, h('div', { class: 'row' }, h('strong', {}, 'Rendering'), label, cancel), bar));
  const finished = created.status === 'succeeded' || created.status === 'failed' || created.status === 'canceled'
    ? created
    : await api.follow(created.id, (type, data) => {
      if (type === 'queued' || type === 'running') {
        bar.value = data.fraction ?? 0;
        label.textContent = `${data.stage ?? type} · ${Math.round((data.fraction ?? 0) * 100)} %`;
      }
    }, signal);
  progress.replaceChildren();
  showGeneration(result, finished, api);
}
