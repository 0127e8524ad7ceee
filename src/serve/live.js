// praxis serve: live reload for pages of the development server. Served at
// {base}__praxis/live.js; listens to {base}__praxis/events beside it. Reloads a page when it
// changes, swaps changed stylesheets in place, and shows a failed build's errors on top of the
// page. Diagnostic text is untrusted: it only ever goes into textContent.
(() => {
  'use strict';
  const script = document.currentScript;
  if (!script || !('EventSource' in window)) return;
  const eventsUrl = new URL('events', script.src).href;
  const scrollKey = 'praxis-scroll:' + location.pathname;
  const overlayId = 'praxis-errors';
  const mono = 'font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;';
  // The build this page shows, from the first hello or the last reload message, and the
  // server that built it.
  let build = null;
  let server = null;

  // A URL path decoded, with a folder's index.html written as the folder.
  const normalise = (path) => {
    let decoded = path;
    try {
      decoded = decodeURI(path);
    } catch (e) {
      // Malformed escapes: compare as written.
    }
    return decoded.endsWith('/index.html') ? decoded.slice(0, -10) : decoded;
  };

  const parse = (event) => {
    try {
      return JSON.parse(event.data);
    } catch (e) {
      return null;
    }
  };

  const reloadPage = () => {
    try {
      sessionStorage.setItem(scrollKey, JSON.stringify([scrollX, scrollY]));
    } catch (e) {
      // Storage may be disabled; reload without keeping the place.
    }
    location.reload();
  };

  // Once, after a reload this script asked for, goes back to where the reader was.
  const restoreScroll = () => {
    let xy = null;
    try {
      xy = JSON.parse(sessionStorage.getItem(scrollKey));
      sessionStorage.removeItem(scrollKey);
    } catch (e) {
      return;
    }
    if (!Array.isArray(xy)) return;
    // At once: a theme's smooth scrolling would glide there, and a second save during the
    // glide would keep the place it had reached.
    const go = () => scrollTo({ left: Number(xy[0]) || 0, top: Number(xy[1]) || 0, behavior: 'instant' });
    if (document.readyState === 'complete') go();
    else addEventListener('load', go, { once: true });
  };

  // Loads a fresh copy of each link to `path` and drops the old one once the new one applies.
  const swapStyle = (path, version) => {
    const wanted = normalise(path);
    for (const link of document.querySelectorAll('link[rel~="stylesheet" i]')) {
      if (link.dataset.praxisRetiring) continue;
      let url;
      try {
        url = new URL(link.href, location.href);
      } catch (e) {
        continue;
      }
      if (normalise(url.pathname) !== wanted) continue;
      url.searchParams.set('v', String(version));
      const fresh = link.cloneNode();
      fresh.href = url.href;
      link.dataset.praxisRetiring = '1';
      const retire = () => link.remove();
      fresh.addEventListener('load', retire, { once: true });
      fresh.addEventListener('error', retire, { once: true });
      link.after(fresh);
    }
  };

  const el = (tag, style, text) => {
    const node = document.createElement(tag);
    if (style) node.style.cssText = style;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  };

  const removeOverlay = () => {
    const old = document.getElementById(overlayId);
    if (old) old.remove();
  };

  const entry = (d) => {
    const item = el('section', 'border-top:1px solid #e0c4c0;padding:.6em 0;');
    const head = el('div');
    const place = [d.file, d.line, d.column].filter((v) => v !== undefined && v !== null);
    if (place.length) head.append(el('code', mono + 'font-weight:bold;', place.join(':')), ' ');
    const severe = d.severity === 'error' || !d.severity ? '#a40000' : '#6b4200';
    const kind = String(d.severity || 'error') + (d.code ? '[' + d.code + ']' : '') + ': ';
    head.append(el('strong', 'color:' + severe + ';', kind), el('span', '', d.message));
    item.append(head);
    const pre = mono + 'margin:.4em 0;padding:.3em .5em;background:#fff;white-space:pre-wrap;';
    if (d.source_line) item.append(el('pre', pre, d.source_line));
    if (d.help) item.append(el('div', '', 'help: ' + d.help));
    for (const note of Array.isArray(d.notes) ? d.notes : []) {
      item.append(el('div', '', 'note: ' + note));
    }
    return item;
  };

  const showOverlay = (data) => {
    removeOverlay();
    const list = Array.isArray(data.diagnostics) ? data.diagnostics : [];
    const box = el('div', 'position:fixed;top:0;left:0;right:0;z-index:2147483647;' +
      'max-height:60vh;overflow:auto;box-sizing:border-box;padding:.8em 1.2em;' +
      'background:#fff4f2;color:#1b1b1b;border-bottom:3px solid #a40000;' +
      'font:15px/1.45 system-ui,sans-serif;box-shadow:0 2px 12px rgba(0,0,0,.25);');
    box.id = overlayId;
    box.setAttribute('role', 'alert');
    box.setAttribute('aria-labelledby', overlayId + '-title');
    const bar = el('div', 'display:flex;justify-content:space-between;align-items:center;');
    const title = el('strong', 'font-size:1.1em;',
      'The build failed; this page shows the last good build.');
    title.id = overlayId + '-title';
    const close = el('button', 'font:inherit;font-size:1.3em;line-height:1;padding:0 .4em;' +
      'color:inherit;background:none;border:1px solid #999;cursor:pointer;', '\u00d7');
    close.type = 'button';
    close.setAttribute('aria-label', 'Close the build errors');
    close.addEventListener('click', removeOverlay);
    bar.append(title, close);
    box.append(bar);
    for (const d of list) box.append(entry(d || {}));
    if (!list.length && data.text) box.append(el('pre', mono + 'white-space:pre-wrap;', data.text));
    (document.body || document.documentElement).append(box);
  };

  const source = new EventSource(eventsUrl);
  source.addEventListener('hello', (event) => {
    const data = parse(event);
    if (!data) return;
    // A server that comes back with another build, or a restarted one, has files this page
    // has not seen.
    const known = build !== null;
    if (known && (data.build !== build || data.server !== server)) return reloadPage();
    build = data.build;
    server = data.server;
    // The server repeats current errors right after hello; older ones are gone.
    removeOverlay();
  });
  source.addEventListener('reload', (event) => {
    const data = parse(event);
    if (!data) return;
    build = data.build;
    removeOverlay();
    const here = normalise(location.pathname);
    const pages = Array.isArray(data.pages) ? data.pages : [];
    if (data.all || pages.some((page) => normalise(page) === here)) return reloadPage();
    for (const path of Array.isArray(data.styles) ? data.styles : []) swapStyle(path, data.build);
  });
  source.addEventListener('errors', (event) => {
    const data = parse(event);
    if (data) showOverlay(data);
  });
  restoreScroll();
})();
