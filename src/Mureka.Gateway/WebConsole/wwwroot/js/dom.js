// Small DOM helpers: every text goes in as a text node (never as HTML), so API data cannot inject markup.

/** Creates an element; attrs are properties or attributes ("on…" functions become listeners), children are nodes or text. */
export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else if (name in element && typeof value !== 'string') element[name] = value;
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's children. */
export function show(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

export function formatDate(value) {
  return value ? new Date(value).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '—';
}

export function formatBytes(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function formatSeconds(seconds) {
  const whole = Math.max(0, Math.floor(seconds));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

export function badge(text) {
  return h('span', { class: `badge ${text}` }, text);
}

/** An API error as the user sees it: the problem's title and detail, every field error, and the request id for support. */
export function errorBox(error) {
  const problem = error?.problem;
  if (!problem) return h('div', { class: 'error', role: 'alert' }, error?.message ?? String(error));
  // errors maps each invalid field to its messages.
  const fields = Object.entries(problem.errors ?? {}).flatMap(([field, messages]) => [messages].flat().map(message => ({ field, message })));
  return h('div', { class: 'error', role: 'alert', dataset: { type: problem.type ?? '' } },
    h('strong', {}, problem.title ?? `HTTP ${problem.status}`),
    problem.detail ? h('div', {}, problem.detail) : null,
    fields.length ? h('ul', {}, fields.map(f => h('li', {}, h('code', {}, f.field), ' ', f.message))) : null,
    problem.type ? h('div', {}, h('a', { href: problem.type, target: '_blank', rel: 'noopener' }, 'What this error means')) : null,
    problem.request_id ? h('div', { class: 'request-id' }, 'Request id: ', h('code', {}, problem.request_id)) : null);
}

/** Runs an action from a button, disabling it meanwhile and showing any error in the given place. */
export async function guarded(button, errorPlace, action) {
  if (button) button.disabled = true;
  if (errorPlace) errorPlace.replaceChildren();
  try {
    return await action();
  } catch (error) {
    if (errorPlace) errorPlace.replaceChildren(errorBox(error));
    else throw error;
  } finally {
    if (button) button.disabled = false;
  }
}
