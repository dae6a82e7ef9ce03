// Usage: rendered seconds per UTC day over the last 30 days, as a bar chart (SVG, no chart library needed for bars).
import { h, show, errorBox } from './dom.js';

const svgNs = 'http://www.w3.org/2000/svg';
const days = 30;

export async function usageView(api, view) {
  const today = new Date();
  today.setUTCHours(0, 0, 0, 0);
  const from = new Date(today.getTime() - (days - 1) * 86_400_000);
  const to = new Date(today.getTime() + 86_400_000);
  const heading = h('h1', {}, 'Usage');
  const note = api.livemode ? null : h('p', { class: 'muted' }, 'Signed in with a test key: test generations are never billed, so they are not counted here.');
  try {
    const report = await api.get('/v1/usage', { granularity: 'day', from: isoDate(from), to: isoDate(to) });
    const perDay = new Map();
    for (let i = 0; i < days; i++) perDay.set(isoDate(new Date(from.getTime() + i * 86_400_000)), 0);
    for (const bucket of report.data) perDay.set(bucket.date, (perDay.get(bucket.date) ?? 0) + bucket.rendered_seconds);
    show(view, heading, note,
      h('p', { 'data-testid': 'usage-total' }, `${report.total_rendered_seconds.toFixed(1)} rendered seconds in ${report.total_generations} generations (estimated at creation: ${report.total_estimated_seconds.toFixed(1)}), ${isoDate(from)} to ${isoDate(today)} (UTC).`),
      h('div', { class: 'card chart' }, chart([...perDay.entries()])),
      report.models.length ? h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, 'Model'), h('th', {}, 'Rendered seconds'), h('th', {}, 'Generations'))),
        h('tbody', {}, report.models.map(m => h('tr', {}, h('td', {}, m.model), h('td', {}, m.rendered_seconds.toFixed(1)), h('td', {}, m.generations))))) : null);
  } catch (error) {
    show(view, heading, errorBox(error));
  }
}

function chart(entries) {
  const width = 900, height = 240, left = 48, bottom = 24, top = 8;
  const max = Math.max(1, ...entries.map(([, v]) => v));
  const slot = (width - left) / entries.length;
  const svg = element('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'Rendered seconds per day', 'data-testid': 'usage-chart' });
  svg.append(element('line', { class: 'axis', x1: left, x2: width, y1: height - bottom, y2: height - bottom }));
  for (const fraction of [0, 0.5, 1]) {
    const y = height - bottom - fraction * (height - bottom - top);
    svg.append(text(left - 6, y + 4, (max * fraction).toFixed(0), 'end'));
  }
  entries.forEach(([date, seconds], i) => {
    const barHeight = seconds / max * (height - bottom - top);
    const bar = element('rect', { class: 'bar', x: left + i * slot + 2, y: height - bottom - barHeight, width: slot - 4, height: barHeight, 'data-date': date });
    const tip = element('title', {});
    tip.textContent = `${date}: ${seconds.toFixed(1)} s`;
    bar.append(tip);
    svg.append(bar);
    if (i % 5 === 0 || i === entries.length - 1) svg.append(text(left + i * slot + slot / 2, height - 6, date.slice(5), 'middle'));
  });
  return svg;
}

function element(name, attrs) {
  const node = document.createElementNS(svgNs, name);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  return node;
}

function text(x, y, content, anchor) {
  const node = element('text', { x, y, 'text-anchor': anchor });
  node.textContent = content;
  return node;
}

function isoDate(date) { return date.toISOString().slice(0, 10); }
