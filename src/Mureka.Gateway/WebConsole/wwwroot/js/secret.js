// A secret the API shows once (a new key, a webhook signing secret): shown with a copy button and a warning.
import { h } from './dom.js';

export function secretBox(label, value) {
  const code = h('code', { 'data-testid': 'secret' }, value);
  const copy = h('button', { type: 'button', onclick: async () => {
    try {
      await navigator.clipboard.writeText(value);
      copy.textContent = 'Copied';
    } catch {
      // Without clipboard permission, select the text so the user can copy it by hand.
      getSelection().selectAllChildren(code);
    }
  } }, 'Copy');
  return h('div', { class: 'secret', role: 'status' }, h('strong', {}, label), code, copy,
    h('div', { class: 'muted' }, 'Copy it now: it is not shown again.'));
}
