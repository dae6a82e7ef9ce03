// Plays a finished generation in the browser: the mix's waveform, play/pause, seek, loop, and each stem soloed or muted.
// Audio is decoded into Web Audio buffers and every part starts on one clock, so stems stay sample-aligned. Stems are
// fetched only when first soloed or muted: decoded, a five-minute stem takes over 100 MB of the tab's memory.
import { h, formatBytes, formatSeconds } from './dom.js';

let sharedContext;
function audioContext() {
  // One context for the page: browsers limit how many may exist.
  sharedContext ??= new AudioContext();
  return sharedContext;
}

export class Player {
  #root; #canvas; #time; #playButton; #loopButton; #stems;
  #tracks = [];          // decoded parts, the mix first: { name, buffer, gain, muted, soloed }
  #stemObjects = [];     // the generation's stems, until they are loaded
  #stemState = new Map(); // stem name -> { muted, soloed }, set before and after loading
  #peaks = [];
  #sources = [];
  #startedAt = 0;        // context time at which offset 0 would have played
  #offset = 0;           // seconds into the track while paused
  #loop;
  #frame = 0;

  constructor(generation) {
    this.#loop = Boolean(generation.resolved?.loop);
    this.#canvas = h('canvas', { width: 960, height: 96, title: 'Click to seek', onclick: e => this.#seekTo(e) });
    this.#time = h('span', { class: 'mono', 'data-testid': 'player-time' }, '0:00');
    this.#playButton = h('button', { type: 'button', 'data-testid': 'play', disabled: true, onclick: () => this.toggle() }, 'Play');
    this.#loopButton = h('button', { type: 'button', 'data-testid': 'loop', 'aria-pressed': String(this.#loop), onclick: () => this.#toggleLoop() }, 'Loop');
    this.#stems = h('div', { class: 'stems' });
    const downloads = h('ul', {}, (generation.audio ?? []).map(a => h('li', {},
      h('a', { href: a.download_url ?? a.url, download: '' }, a.name), ` · ${a.content_type} · ${formatBytes(a.size_bytes)}`)));
    this.#root = h('div', { class: 'player', 'data-testid': 'player', dataset: { state: 'loading' } },
      this.#canvas,
      h('div', { class: 'controls row' }, this.#playButton, this.#loopButton, this.#time),
      this.#stems,
      h('details', {}, h('summary', {}, 'Downloads (links expire)'), downloads));
  }

  get element() { return this.#root; }

  /** Fetches and decodes the mix through its signed download link; stems wait until they are asked for. */
  async load(generation) {
    const objects = (generation.audio ?? []).filter(a => a.download_url);
    const mixObject = objects.find(a => a.name === 'mix') ?? objects[0];
    if (!mixObject) return;
    this.#stemObjects = objects.filter(a => a !== mixObject);
    try {
      this.#tracks = [await decode(mixObject)];
    } catch (error) {
      this.#fail(error);
      return;
    }
    const mix = this.#tracks[0];
    this.#peaks = peaks(mix.buffer, this.#canvas.width);
    this.#renderStems();
    this.#playButton.disabled = false;
    this.#root.dataset.state = 'ready';
    this.#root.dataset.duration = mix.buffer.duration.toFixed(3);
    this.#draw();
  }

  async toggle() {
    if (this.#sources.length) this.#pause();
    else await this.#play();
  }

  /** Stops sound and drawing; the player is being taken off the page. */
  dispose() {
    this.#stopSources();
    cancelAnimationFrame(this.#frame);
  }

  #mix() { return this.#tracks[0]; }

  #fail(error) {
    this.#root.dataset.state = 'error';
    this.#root.append(h('div', { class: 'error', role: 'alert' }, `The audio could not be played: ${error.message}`));
  }

  #duration() { return this.#mix()?.buffer.duration ?? 0; }

  #position() {
    if (!this.#sources.length) return this.#offset;
    const elapsed = audioContext().currentTime - this.#startedAt;
    return this.#loop ? elapsed % this.#duration() : Math.min(elapsed, this.#duration());
  }

  async #play() {
    const context = audioContext();
    await context.resume();
    const offset = this.#offset >= this.#duration() ? 0 : this.#offset;
    const when = context.currentTime + 0.05;
    this.#sources = this.#tracks.map(track => {
      const source = context.createBufferSource();
      source.buffer = track.buffer;
      source.loop = this.#loop;
      source.connect(track.gain);
      source.start(when, offset);
      return source;
    });
    // The mix decides when playback has ended (stems are the same length).
    this.#sources[0].onended = () => {
      if (!this.#sources.length || this.#loop) return;
      this.#sources = [];
      this.#offset = 0;
      this.#setPlaying(false);
    };
    this.#startedAt = when - offset;
    this.#setPlaying(true);
    this.#animate();
  }

  #pause() {
    this.#offset = this.#position();
    this.#stopSources();
    this.#setPlaying(false);
  }

  #stopSources() {
    const sources = this.#sources;
    this.#sources = [];
    for (const source of sources) {
      source.onended = null;
      try { source.stop(); } catch { /* never started */ }
    }
  }

  #setPlaying(playing) {
    this.#root.dataset.state = playing ? 'playing' : 'paused';
    this.#playButton.textContent = playing ? 'Pause' : 'Play';
    this.#draw();
  }

  async #seekTo(event) {
    const rect = this.#canvas.getBoundingClientRect();
    const target = Math.max(0, Math.min(1, (event.clientX - rect.left) / rect.width)) * this.#duration();
    const playing = this.#sources.length > 0;
    this.#stopSources();
    this.#offset = target;
    if (playing) await this.#play();
    else this.#draw();
  }

  #toggleLoop() {
    this.#loop = !this.#loop;
    this.#loopButton.setAttribute('aria-pressed', String(this.#loop));
    if (this.#sources.length) {
      // Re-anchor the clock so the position stays continuous when looping is switched mid-play.
      const position = this.#position();
      for (const source of this.#sources) source.loop = this.#loop;
      this.#startedAt = audioContext().currentTime - position;
    }
  }

  #renderStems() {
    if (!this.#stemObjects.length) return;
    const toggle = (name, field, button) => {
      const state = this.#stemState.get(name);
      state[field] = !state[field];
      button.setAttribute('aria-pressed', String(state[field]));
      this.#stemsChanged();
    };
    this.#stems.replaceChildren(h('div', { class: 'muted' }, 'Stems: solo or mute to hear the parts; the mastered mix plays while none is changed.'),
      ...this.#stemObjects.map(object => {
        this.#stemState.set(object.name, { muted: false, soloed: false });
        const solo = h('button', { type: 'button', 'aria-pressed': 'false', onclick: () => toggle(object.name, 'soloed', solo) }, 'Solo');
        const mute = h('button', { type: 'button', 'aria-pressed': 'false', onclick: () => toggle(object.name, 'muted', mute) }, 'Mute');
        return h('div', { class: 'stem', 'data-stem': object.name }, h('span', {}, object.name), solo, mute);
      }));
  }

  // The first solo or mute fetches the stems; playing parts are restarted at the same position so all share one clock.
  async #stemsChanged() {
    if (this.#tracks.length === 1 && this.#stemObjects.length) {
      this.#root.dataset.stems = 'loading';
      try {
        const stems = await Promise.all(this.#stemObjects.map(decode));
        if (this.#tracks.length === 1) {
          this.#tracks.push(...stems);
          this.#applyGains();
          if (this.#sources.length) {
            const position = this.#position();
            this.#stopSources();
            this.#offset = position;
            await this.#play();
          }
        }
      } catch (error) {
        this.#fail(error);
        return;
      }
      this.#root.dataset.stems = 'loaded';
    }
    this.#applyGains();
  }

  // The stems are unmastered parts of the mix: while no stem is soloed or muted the mix plays alone; once one is,
  // the stems play instead, each audible when soloed (or, with no solo, when not muted).
  #applyGains() {
    const [mix, ...stems] = this.#tracks;
    const states = [...this.#stemState.values()];
    const anySolo = states.some(t => t.soloed);
    const changed = anySolo || states.some(t => t.muted);
    mix.gain.gain.value = changed && stems.length ? 0 : 1;
    for (const stem of stems) {
      const state = this.#stemState.get(stem.name);
      stem.gain.gain.value = changed && (anySolo ? state.soloed : !state.muted) ? 1 : 0;
    }
  }

  #animate() {
    cancelAnimationFrame(this.#frame);
    const step = () => {
      this.#draw();
      if (this.#sources.length) this.#frame = requestAnimationFrame(step);
    };
    this.#frame = requestAnimationFrame(step);
  }

  #draw() {
    const canvas = this.#canvas;
    const g = canvas.getContext('2d');
    const middle = canvas.height / 2;
    const position = this.#position();
    const played = this.#duration() ? position / this.#duration() * canvas.width : 0;
    g.clearRect(0, 0, canvas.width, canvas.height);
    this.#peaks.forEach(([low, high], x) => {
      g.fillStyle = x < played ? '#5b3df5' : '#a9a3d9';
      g.fillRect(x, middle - high * middle, 1, Math.max(1, (high - low) * middle));
    });
    this.#time.textContent = `${formatSeconds(position)} / ${formatSeconds(this.#duration())}`;
    this.#root.dataset.position = position.toFixed(3);
  }
}

async function decode(object) {
  const response = await fetch(object.download_url);
  if (!response.ok) throw new Error(`downloading ${object.name} answered HTTP ${response.status}`);
  const context = audioContext();
  const buffer = await context.decodeAudioData(await response.arrayBuffer());
  const gain = context.createGain();
  gain.connect(context.destination);
  return { name: object.name, buffer, gain };
}

/** Minimum and maximum sample (all channels) for each of `columns` slices of the buffer. */
function peaks(buffer, columns) {
  const channels = Array.from({ length: buffer.numberOfChannels }, (_, i) => buffer.getChannelData(i));
  const size = Math.max(1, Math.floor(buffer.length / columns));
  const result = [];
  for (let column = 0; column < columns; column++) {
    let low = 0, high = 0;
    for (const data of channels) {
      for (let i = column * size, end = Math.min(data.length, i + size); i < end; i++) {
        const v = data[i];
        if (v < low) low = v; else if (v > high) high = v;
      }
    }
    result.push([low, high]);
  }
  return result;
}
