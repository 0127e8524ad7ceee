// praxis search: reads the index praxis writes into search-index/ (docs/search-format.md)
// and shows results under the header's search box. No dependencies. Loads index.json when
// the box is first focused, then for each query only the term shards its words start with
// and the page records of the results shown. The tokeniser is src/search/tokens.rs's:
// change both together.
(function () {
  "use strict";

  var root = document.querySelector("[data-search-index]");
  if (!root || !window.fetch || !window.TextDecoder) return;
  var base = root.getAttribute("data-search-index");

  // The texts: English unless the box's element gives them in the page's language
  // (data-search, data-search-placeholder, …: base.html sets those from i18n/).
  function text(name, english) {
    var value = root.getAttribute("data-" + name);
    return value === null ? english : value;
  }
  // `template` with each {name} replaced by values[name], taken as written.
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }
  var T = {
    search: text("search", "Search"),
    placeholder: text("search-placeholder", "Search"),
    results: text("search-results", "Search results"),
    more: text("search-more", "More results"),
    none: text("search-no-results", "No results for “{query}”"),
    one: text("search-result-one", "{count} result"),
    other: text("search-result-other", "{count} results"),
    unavailable: text("search-unavailable", "Search is unavailable: {error}"),
    filters: text("search-filters", "Filters"),
    any: text("search-filter-any", "Any")
  };

  // Ranking weights by tier (src/search/index.rs: id, title, heading, term, body).
  var TIER_WEIGHT = [0, 8, 4, 2, 1];
  var SHOWN = 10;
  var CJK = "\u1100-\u11FF\u3040-\u30FF\u3130-\u318F\u31F0-\u31FF\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFF66-\uFF9F\u{20000}-\u{2FA1F}";
  var WORD = /[\p{Alphabetic}\p{N}\p{M}]+/gu;
  var PARTS = new RegExp("[" + CJK + "]+|[^" + CJK + "]+", "gu");
  var IS_CJK = new RegExp("^[" + CJK + "]", "u");

  // ------------------------------------------------------------------ tokens

  function words(text) {
    var out = [];
    (text.match(WORD) || []).forEach(function (run) {
      run.match(PARTS).forEach(function (part) {
        var chars = Array.from(part);
        if (IS_CJK.test(part)) {
          if (chars.length === 1) out.push(part);
          for (var i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
        } else if (chars.length <= 40) {
          out.push(part.toLowerCase());
        }
      });
    });
    return out;
  }

  function shardKey(term) {
    var chars = Array.from(term);
    return chars.slice(0, IS_CJK.test(term) ? 1 : 3).join("");
  }

  function hex(key) {
    return Array.from(new TextEncoder().encode(key), function (b) {
      return (b < 16 ? "0" : "") + b.toString(16);
    }).join("");
  }

  // ------------------------------------------------------------------ loading

  var manifest = null;
  var manifestLoad = null;
  var shards = new Map();
  var records = new Map();
  var filterFiles = new Map();

  function json(path) {
    return fetch(base + path).then(function (r) {
      if (!r.ok) throw new Error(path + ": " + r.status);
      return r.json();
    });
  }

  function loadManifest() {
    if (!manifestLoad) {
      manifestLoad = json("index.json").then(function (m) {
        if (m.version !== 1) throw new Error("search index version " + m.version);
        m.shardSet = new Set(m.shards);
        manifest = m;
        root.setAttribute("data-ready", "");
        return m;
      });
    }
    return manifestLoad;
  }

  function varint(bytes, at) {
    var n = 0, shift = 0, b;
    do {
      b = bytes[at.pos++];
      n += (b & 0x7f) * Math.pow(2, shift);
      shift += 7;
    } while (b & 0x80);
    return n;
  }

  // A shard: its term entries, each {term, sets: [{tier, kind, start, end}]}.
  function parseShard(buffer) {
    var bytes = new Uint8Array(buffer);
    var decoder = new TextDecoder();
    var at = { pos: 0 };
    var entries = [];
    while (at.pos < bytes.length) {
      var len = varint(bytes, at);
      var term = decoder.decode(bytes.subarray(at.pos, at.pos + len));
      at.pos += len;
      var present = bytes[at.pos++];
      var sets = [];
      for (var tier = 0; tier < 5; tier++) {
        if (!(present & (1 << tier))) continue;
        var header = varint(bytes, at);
        var start = at.pos;
        at.pos += Math.floor(header / 4);
        sets.push({ tier: tier, kind: header & 3, start: start, end: at.pos });
      }
      entries.push({ term: term, sets: sets });
    }
    return { bytes: bytes, entries: entries };
  }

  function loadShard(key) {
    var file = hex(key);
    if (!manifest.shardSet.has(file)) return Promise.resolve(null);
    if (!shards.has(file)) {
      shards.set(file, fetch(base + "t/" + file + ".bin")
        .then(function (r) { return r.arrayBuffer(); })
        .then(parseShard));
    }
    return shards.get(file);
  }

  function loadRecords(page) {
    var n = Math.floor(page / manifest.per);
    if (!records.has(n)) records.set(n, json("p/" + n + ".json"));
    return records.get(n).then(function (rows) { return rows[page - n * manifest.per]; });
  }

  // Calls visit(page) for every page of a set.
  function eachPage(shard, set, pages, visit) {
    var bytes = shard.bytes;
    if (set.kind === 1) {
      for (var i = set.start; i < set.end; i++) {
        var b = bytes[i];
        for (var bit = 0; b; bit++, b >>= 1) if (b & 1) visit((i - set.start) * 8 + bit);
      }
      return;
    }
    var at = { pos: set.start };
    var page = 0, first = true;
    if (set.kind === 0) {
      while (at.pos < set.end) {
        page = first ? varint(bytes, at) : page + varint(bytes, at);
        first = false;
        visit(page);
      }
      return;
    }
    var absent = new Uint8Array(pages);
    while (at.pos < set.end) {
      page = first ? varint(bytes, at) : page + varint(bytes, at);
      first = false;
      absent[page] = 1;
    }
    for (var p = 0; p < pages; p++) if (!absent[p]) visit(p);
  }

  // ------------------------------------------------------------------ ranking

  // The pages matching every word of `query` (the words as prefixes), best first; the
  // page whose id the query is comes before all.
  function rank(query, allowed) {
    var tokens = words(query);
    var whole = query.trim().toLowerCase();
    var keys = tokens.map(shardKey);
    var idQuery = whole && !/\s/.test(whole) ? whole : "";
    if (idQuery) keys.push(shardKey(idQuery));
    return Promise.all(keys.map(loadShard)).then(function (loaded) {
      var pages = manifest.pages;
      var total = new Uint16Array(pages);
      var matched = new Uint8Array(pages);
      tokens.forEach(function (token, i) {
        var best = new Uint8Array(pages);
        var shard = loaded[i];
        if (shard) {
          shard.entries.forEach(function (entry) {
            if (entry.term.lastIndexOf(token, 0) !== 0) return;
            var exact = entry.term === token ? 1 : 0;
            entry.sets.forEach(function (set) {
              if (set.tier === 0) return;
              var w = TIER_WEIGHT[set.tier] * 2 + exact;
              eachPage(shard, set, pages, function (p) { if (best[p] < w) best[p] = w; });
            });
          });
        }
        for (var p = 0; p < pages; p++) {
          if (best[p]) { total[p] += best[p]; matched[p]++; }
        }
      });
      var idScore = new Uint8Array(pages);
      var idShard = idQuery ? loaded[loaded.length - 1] : null;
      if (idShard) {
        idShard.entries.forEach(function (entry) {
          if (entry.term.lastIndexOf(idQuery, 0) !== 0) return;
          entry.sets.forEach(function (set) {
            if (set.tier !== 0) return;
            var w = entry.term === idQuery ? 2 : 1;
            eachPage(idShard, set, pages, function (p) { idScore[p] = w; });
          });
        });
      }
      var hits = [];
      for (var p = 0; p < pages; p++) {
        var all = tokens.length > 0 && matched[p] === tokens.length;
        if ((all || idScore[p]) && (!allowed || allowed[p])) {
          hits.push({ page: p, score: idScore[p] * 1000 + total[p] });
        }
      }
      hits.sort(function (a, b) { return b.score - a.score || a.page - b.page; });
      return { hits: hits, tokens: tokens };
    });
  }

  // ------------------------------------------------------------------ snippets

  function escapeHtml(s) {
    return s.replace(/[&<>"]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c];
    });
  }

  // `text` as HTML with the words the query's tokens start marked; cut to a window around
  // the first match when `window` is given.
  function marked(text, tokens, window) {
    var latin = tokens.filter(function (t) { return !IS_CJK.test(t); });
    var cjk = tokens.filter(function (t) { return IS_CJK.test(t); });
    var ranges = [];
    var re = new RegExp(WORD.source, "gu"), m;
    while ((m = re.exec(text))) {
      var lower = m[0].toLowerCase();
      if (latin.some(function (t) { return lower.lastIndexOf(t, 0) === 0; })) {
        ranges.push([m.index, m.index + m[0].length]);
      }
    }
    cjk.forEach(function (t) {
      for (var at = text.indexOf(t); at >= 0; at = text.indexOf(t, at + 1)) {
        ranges.push([at, at + t.length]);
      }
    });
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    var start = 0, end = text.length;
    if (window && text.length > window) {
      var first = ranges.length ? ranges[0][0] : 0;
      start = Math.max(0, first - Math.floor(window / 3));
      var space = text.lastIndexOf(" ", start);
      start = start > 0 && space >= 0 && first - space < window / 2 ? space + 1 : start;
      end = Math.min(text.length, start + window);
      var cut = text.lastIndexOf(" ", end);
      if (end < text.length && cut > start) end = cut;
    }
    var html = start > 0 ? "…" : "";
    var pos = start;
    ranges.forEach(function (r) {
      if (r[0] < pos || r[1] > end) return;
      html += escapeHtml(text.slice(pos, r[0])) + "<mark>" + escapeHtml(text.slice(r[0], r[1])) + "</mark>";
      pos = r[1];
    });
    html += escapeHtml(text.slice(pos, end));
    if (end < text.length && !/…$/.test(html)) html += "…";
    return html;
  }

  // ------------------------------------------------------------------ the box

  var form = document.createElement("form");
  form.className = "search-form";
  form.setAttribute("role", "search");
  form.innerHTML =
    '<label class="search-label" for="search-input"><span class="visually-hidden">' + escapeHtml(T.search) + '</span></label>' +
    '<input id="search-input" class="search-input" type="search" role="combobox" autocomplete="off" spellcheck="false"' +
    ' aria-autocomplete="list" aria-expanded="false" aria-controls="search-results" placeholder="' + escapeHtml(T.placeholder) + '" aria-keyshortcuts="/">' +
    '<kbd class="search-key" aria-hidden="true">/</kbd>' +
    '<div class="search-panel" hidden>' +
    '<div class="search-filters"></div>' +
    '<p class="search-status" role="status" aria-live="polite"></p>' +
    '<div id="search-results" class="search-results" role="listbox" aria-label="' + escapeHtml(T.results) + '"></div>' +
    '<button type="button" class="search-more" hidden>' + escapeHtml(T.more) + '</button>' +
    "</div>";
  root.appendChild(form);
  root.hidden = false;
  var input = form.querySelector(".search-input");
  var panel = form.querySelector(".search-panel");
  var list = form.querySelector(".search-results");
  var status = form.querySelector(".search-status");
  var more = form.querySelector(".search-more");
  var filterBox = form.querySelector(".search-filters");

  var state = { seq: 0, hits: [], tokens: [], shown: 0, active: -1, chosen: new Map() };

  function open(yes) {
    panel.hidden = !yes;
    input.setAttribute("aria-expanded", yes ? "true" : "false");
    root.classList.toggle("search-open", yes);
    if (!yes) setActive(-1);
  }

  function options() {
    return list.querySelectorAll("[role=option]");
  }

  function setActive(i) {
    var opts = options();
    if (state.active >= 0 && opts[state.active]) opts[state.active].setAttribute("aria-selected", "false");
    state.active = i;
    if (i >= 0 && opts[i]) {
      opts[i].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", opts[i].id);
      opts[i].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function allowedPages() {
    if (!state.chosen.size) return null;
    var allowed = null;
    state.chosen.forEach(function (pages) {
      var next = new Uint8Array(manifest.pages);
      pages.forEach(function (p) { if (!allowed || allowed[p]) next[p] = 1; });
      allowed = next;
    });
    return allowed;
  }

  function search(startedAt) {
    var query = input.value;
    var seq = ++state.seq;
    if (!query.trim()) {
      list.innerHTML = "";
      list.hidden = true;
      status.textContent = "";
      more.hidden = true;
      open(false);
      return;
    }
    loadManifest()
      .then(function () { return rank(query, allowedPages()); })
      .then(function (result) {
        if (seq !== state.seq) return;
        state.hits = result.hits;
        state.tokens = result.tokens;
        state.shown = 0;
        list.innerHTML = "";
        setActive(-1);
        return show(seq, startedAt);
      })
      .catch(function (e) {
        status.textContent = fill(T.unavailable, { error: e.message });
        open(true);
      });
  }

  // Appends the next results, then says how many there are.
  function show(seq, startedAt) {
    var next = state.hits.slice(state.shown, state.shown + SHOWN);
    return Promise.all(next.map(function (hit) { return loadRecords(hit.page); })).then(function (rows) {
      if (seq !== state.seq) return;
      rows.forEach(function (row, i) {
        var n = state.shown + i;
        var a = document.createElement("a");
        a.href = row[0];
        a.id = "search-result-" + n;
        a.className = "search-result";
        a.setAttribute("role", "option");
        a.setAttribute("aria-selected", "false");
        a.tabIndex = -1;
        var id = row[2] ? '<span class="search-result-id">' + escapeHtml(row[2]) + "</span> " : "";
        var title = row[2] && row[1].lastIndexOf(row[2], 0) === 0 ? row[1].slice(row[2].length).trim() : row[1];
        a.innerHTML = '<span class="search-result-head">' + id +
          '<span class="search-result-title">' + marked(title, state.tokens) + "</span></span>" +
          '<span class="search-result-section">' + escapeHtml(row[3]) + "</span>" +
          '<span class="search-result-snippet">' + marked(row[4], state.tokens, 170) + "</span>";
        list.appendChild(a);
      });
      state.shown += rows.length;
      var count = state.hits.length;
      status.textContent = count === 0 ? fill(T.none, { query: input.value.trim() })
        : fill(count === 1 ? T.one : T.other, { count: count });
      more.hidden = state.shown >= count;
      list.hidden = count === 0;
      open(true);
      // For tests and measurements: what was answered, and how long after the keystroke.
      list.setAttribute("data-query", input.value);
      if (startedAt !== undefined) {
        list.setAttribute("data-ms", String(Math.round(performance.now() - startedAt)));
      }
    });
  }

  // The filters: one select per taxonomy or filter key, filled when first opened.
  function buildFilters() {
    if (!manifest.filters.length || filterBox.childElementCount) return;
    var details = document.createElement("details");
    details.className = "search-filter-box";
    details.innerHTML = "<summary>" + escapeHtml(T.filters) + "</summary>";
    manifest.filters.forEach(function (filter, i) {
      var label = document.createElement("label");
      label.className = "search-filter";
      label.textContent = filter.title + " ";
      var select = document.createElement("select");
      select.id = "search-filter-" + i;
      select.innerHTML = '<option value="">' + escapeHtml(T.any) + "</option>";
      label.appendChild(select);
      details.appendChild(label);
      var load = null;
      function fill() {
        if (!load) {
          load = json(filter.file).then(function (data) {
            data.values.forEach(function (row, j) {
              var option = document.createElement("option");
              option.value = String(j);
              option.textContent = row[0] + " (" + row[1].length + ")";
              select.appendChild(option);
            });
            return data;
          });
        }
        return load;
      }
      details.addEventListener("toggle", function () { if (details.open) fill(); });
      select.addEventListener("change", function () {
        fill().then(function (data) {
          if (select.value === "") {
            state.chosen.delete(filter.name);
          } else {
            var page = 0;
            state.chosen.set(filter.name, data.values[+select.value][1].map(function (gap) {
              page += gap;
              return page;
            }));
          }
          search();
        });
      });
    });
    filterBox.appendChild(details);
  }

  input.addEventListener("focus", function () {
    loadManifest().then(buildFilters).catch(function () {});
    if (input.value.trim()) open(true);
  });
  input.addEventListener("input", function (event) {
    search(event.timeStamp);
  });
  input.addEventListener("keydown", function (event) {
    var count = options().length;
    if (event.key === "ArrowDown" && count) {
      event.preventDefault();
      open(true);
      setActive((state.active + 1) % count);
    } else if (event.key === "ArrowUp" && count) {
      event.preventDefault();
      setActive(state.active <= 0 ? count - 1 : state.active - 1);
    } else if (event.key === "Enter") {
      event.preventDefault();
      var target = options()[state.active >= 0 ? state.active : 0];
      if (target) window.location.href = target.href;
    } else if (event.key === "Escape") {
      if (!panel.hidden) {
        open(false);
      } else {
        input.value = "";
        input.blur();
      }
    }
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  more.addEventListener("click", function () { show(state.seq); });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    var t = event.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    event.preventDefault();
    input.focus();
    input.select();
  });
  document.addEventListener("click", function (event) {
    if (!form.contains(event.target)) open(false);
  });
})();
