// The ring-node dashboard: plain DOM and SVG, no framework, no build step. Live updates come from
// the admin API's Server-Sent Events (/v1/events); the ring, the partition table and the per-member
// evidence are re-read from the JSON API when membership changes and every few seconds.
// Every value from the network is written with textContent / attributes, never as HTML.
'use strict';

(() => {
  const SVG = 'http://www.w3.org/2000/svg';
  const POSITIONS = 2 ** 32;
  const REFRESH_MS = 2000;
  const MAX_EVENTS = 200;

  /** name → { name, address, state, incarnation, tags } */
  const members = new Map();
  /** name → explanation summary from /v1/explain/member */
  const evidence = new Map();
  let self = '';
  let ring = null;
  let partitionOwners = null;
  let lastKey = null;
  let selected = null;
  let refreshTimer = 0;

  const $ = (id) => document.getElementById(id);
  const el = (tag, className, text) => {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = String(text);
    return e;
  };
  const svg = (tag, attrs) => {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    return e;
  };

  /** A stable colour per member name (FNV-1a → hue). */
  function colorOf(name) {
    let h = 0x811c9dc5;
    for (let i = 0; i < name.length; i++) {
      h ^= name.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return `hsl(${(h * 137.508) % 360}, 65%, 60%)`;
  }

  /** The last part of a name (`node-3` → `3`), for the partition cells. */
  const shortName = (name) =>
    name
      .split(/[-.:_]/)
      .pop()
      .slice(0, 3) || name.slice(0, 3);
  const time = (t) => new Date(t).toLocaleTimeString();
  const ms = (n) => (n < 1000 ? `${Math.round(n)} ms` : `${(n / 1000).toFixed(1)} s`);

  async function getJson(path) {
    const res = await fetch(path, { headers: { accept: 'application/json' } });
    const body = await res.json();
    if (!res.ok) {
      const err = new Error(body?.error?.message ?? `HTTP ${res.status}`);
      err.code = body?.error?.code;
      throw err;
    }
    return body;
  }

  // ------------------------------------------------------------------ members

  function renderMembers() {
    const tbody = $('members').tBodies[0];
    const names = [...members.keys()].sort();
    const rows = new Map([...tbody.rows].map((r) => [r.dataset.member, r]));
    for (const [name, row] of rows) if (!members.has(name)) row.remove();
    for (const name of names) {
      const m = members.get(name);
      let row = rows.get(name);
      if (row === undefined) {
        row = el('tr');
        row.dataset.member = name;
        for (let i = 0; i < 7; i++) row.append(el('td'));
        row.addEventListener('click', () => selectMember(name));
        tbody.append(row);
      } else tbody.append(row); // keeps rows sorted
      row.dataset.state = m.state;
      row.classList.toggle('gone', m.state === 'dead' || m.state === 'left');
      const [cName, cAddr, cState, cInc, cTags, cHealth, cRtt] = row.cells;
      cName.textContent = name === self ? `${name} (this node)` : name;
      cAddr.textContent = m.address;
      cState.replaceChildren(el('span', `state state-${m.state}`, m.state));
      cState.dataset.state = m.state;
      cInc.textContent = String(m.incarnation);
      cTags.replaceChildren(
        ...Object.entries(m.tags ?? {}).map(([k, v]) => el('span', 'tag', `${k}=${v}`)),
      );
      const ev = evidence.get(name);
      cHealth.textContent = healthText(name, ev);
      cRtt.textContent = ev?.lastAck ? `${ms(ev.lastAck.rttMs)} (${ev.lastAck.via})` : '—';
    }
    const live = names.filter((n) => ['alive', 'suspect'].includes(members.get(n).state)).length;
    $('member-count').textContent = `${live} live of ${names.length} known`;
  }

  function healthText(name, ev) {
    if (ev === undefined) return '—';
    if (name === self) return `awareness ${ev.awareness.score}/${ev.awareness.max}`;
    if (ev.suspicion) {
      const s = ev.suspicion;
      return `suspected by ${s.from}: ${s.confirmations}/${s.k} confirmations, dead in ${ms(Math.max(0, s.remainingMs))}`;
    }
    return `probes ${ev.probes.acks} ok / ${ev.probes.failures} failed`;
  }

  function applyMember(m) {
    const known = members.get(m.name);
    members.set(m.name, { ...known, ...m });
  }

  // ------------------------------------------------------------------ member detail

  function selectMember(name) {
    selected = name;
    void refreshSelected();
  }

  async function refreshSelected() {
    if (selected === null) return;
    let x;
    try {
      x = await getJson(`/v1/explain/member/${encodeURIComponent(selected)}`);
    } catch {
      return;
    }
    $('member-section').classList.remove('hidden');
    $('member-name').textContent = x.name;
    const facts = [
      ['state', x.member ? `${x.member.state} since ${time(x.member.stateSince)}` : 'forgotten'],
      ['incarnation', x.member ? x.member.incarnation : '—'],
      ['last ack', x.lastAck ? `${time(x.lastAck.at)}, RTT ${ms(x.lastAck.rttMs)}` : 'none'],
      ['probes', `${x.probes.acks} acked, ${x.probes.failures} failed`],
      [
        'suspicion',
        x.suspicion
          ? `by ${x.suspicion.from}, ${x.suspicion.confirmations}/${x.suspicion.k} confirmations, timeout ${ms(x.suspicion.timeoutMs)}`
          : 'none',
      ],
      ['history', `${x.history.length} of ${x.historySize} kept, ${x.dropped} dropped`],
    ];
    $('member-facts').replaceChildren(
      ...facts.flatMap(([k, v]) => [el('dt', '', k), el('dd', '', v)]),
    );
    const tbody = $('member-history').tBodies[0];
    tbody.replaceChildren(
      ...[...x.history].reverse().map((e) => {
        const tr = el('tr');
        const s = e.suspicion;
        for (const v of [
          time(e.at),
          e.kind,
          e.state,
          e.incarnation,
          e.from ?? '',
          e.via ?? '',
          s ? `${s.confirmations}/${s.k}, timeout ${ms(s.timeoutMs)}` : '',
          e.awareness,
        ])
          tr.append(el('td', '', v));
        return tr;
      }),
    );
  }

  // ------------------------------------------------------------------ ring

  function point(position, radius) {
    const a = (position / POSITIONS) * 2 * Math.PI - Math.PI / 2;
    return [180 + radius * Math.cos(a), 180 + radius * Math.sin(a)];
  }

  function arcPath(start, end, radius) {
    const [x1, y1] = point(start, radius);
    const [x2, y2] = point(end + 1, radius);
    const large = end + 1 - start > POSITIONS / 2 ? 1 : 0;
    return `M ${x1.toFixed(2)} ${y1.toFixed(2)} A ${radius} ${radius} 0 ${large} 1 ${x2.toFixed(2)} ${y2.toFixed(2)}`;
  }

  function renderRing() {
    const root = $('ring');
    root.replaceChildren();
    if (ring === null) return;
    root.append(
      svg('circle', {
        cx: 180,
        cy: 180,
        r: 140,
        fill: 'none',
        stroke: '#26313d',
        'stroke-width': 26,
      }),
    );
    const highlight = lastKey?.ring.arc ?? null;
    for (const a of ring.arcs) {
      const isKey = highlight !== null && a.start === highlight.start && a.end === highlight.end;
      const path = svg('path', {
        d: arcPath(a.start, a.end, 140),
        stroke: colorOf(a.owner),
        class: isKey ? 'arc highlight' : 'arc',
      });
      path.dataset.owner = a.owner;
      const title = svg('title', {});
      title.textContent = `${a.owner}: ${a.start}..${a.end}`;
      path.append(title);
      root.append(path);
    }
    if (lastKey !== null) {
      const [x1, y1] = point(lastKey.ring.hash, 100);
      const [x2, y2] = point(lastKey.ring.hash, 165);
      root.append(svg('line', { x1, y1, x2, y2, class: 'marker' }));
    }
    const label = svg('text', { x: 180, y: 176, 'text-anchor': 'middle' });
    label.textContent = `${ring.nodes.length} nodes`;
    const sub = svg('text', { x: 180, y: 194, 'text-anchor': 'middle' });
    sub.textContent = `${ring.arcs.length} arcs`;
    root.append(label, sub);
    $('ring-legend').replaceChildren(
      ...ring.nodes.map((n) => {
        const li = el('li');
        const sw = el('span', 'swatch');
        sw.style.background = colorOf(n.name);
        let share = 0;
        for (const a of ring.arcs) if (a.owner === n.name) share += a.end - a.start + 1;
        li.append(sw, `${n.name} ${((share / POSITIONS) * 100).toFixed(1)}%`);
        return li;
      }),
    );
    $('ring-checksum').textContent = `ring ${ring.checksum}`;
  }

  // ------------------------------------------------------------------ partitions

  function renderPartitions(view) {
    const host = $('partitions');
    const { partitions: P, redundancy: R, owners } = view;
    $('partitions-info').textContent = `${P} partitions × ${R} replicas, epoch ${view.epoch}`;
    const fresh = host.childElementCount !== (P + 1) * R;
    if (fresh) {
      host.replaceChildren();
      host.style.gridTemplateColumns = `4.5rem repeat(${P}, minmax(0.9rem, 1fr))`;
      for (let r = 0; r < R; r++) {
        host.append(el('div', 'plabel', `replica ${r}`));
        for (let p = 0; p < P; p++) {
          const cell = el('div', 'pcell');
          cell.dataset.partition = String(p);
          cell.dataset.replica = String(r);
          cell.addEventListener('animationend', () => cell.classList.remove('acquire', 'release'));
          host.append(cell);
        }
      }
    }
    const cells = host.querySelectorAll('.pcell');
    for (let r = 0; r < R; r++) {
      for (let p = 0; p < P; p++) {
        const cell = cells[r * P + p];
        const owner = owners[p]?.[r] ?? null;
        const before = partitionOwners?.[p]?.[r] ?? null;
        cell.dataset.owner = owner ?? '';
        cell.title = `partition ${p} replica ${r}: ${owner ?? 'unowned'}`;
        cell.textContent = owner === null ? '' : shortName(owner);
        cell.classList.toggle('unowned', owner === null);
        cell.style.background = owner === null ? '' : colorOf(owner);
        if (!fresh && partitionOwners !== null && owner !== before) {
          cell.classList.remove('acquire', 'release');
          void cell.offsetWidth; // restart the animation
          cell.classList.add(owner === null ? 'release' : 'acquire');
        }
      }
    }
    partitionOwners = owners;
  }

  // ------------------------------------------------------------------ key search

  async function explainKey(key) {
    $('key-error').classList.add('hidden');
    let x;
    try {
      x = await getJson(`/v1/explain/key/${encodeURIComponent(key)}`);
    } catch (error) {
      $('key-result').classList.add('hidden');
      $('key-error').textContent = `${error.code ?? 'error'}: ${error.message}`;
      $('key-error').classList.remove('hidden');
      return;
    }
    lastKey = x;
    $('key-result').classList.remove('hidden');
    $('key-owner').textContent = x.owner?.name ?? '(no owner)';
    $('key-owner-address').textContent = x.owner?.address ?? '';
    const p = x.partition;
    const facts = [
      ['hash', `xxh32 0x${x.ring.hashHex} (${x.ring.hash})`],
      [
        'ring point',
        x.ring.point
          ? `vnode ${x.ring.point.vnode} of ${x.owner?.name ?? '?'} at 0x${x.ring.point.tokenHex}${x.ring.point.wrapped ? ' (wrapped)' : ''}`
          : '—',
      ],
      ['arc', x.ring.arc ? `${x.ring.arc.start}..${x.ring.arc.end}` : '—'],
      ['rule', x.ring.rule],
      [
        'partition',
        `${p.partition} of ${p.partitions} = ${p.partitioner} (xxh64 ${p.hash ?? '—'})`,
      ],
      ['load cap', `${p.loadCap} slots per member`],
    ];
    $('key-facts').replaceChildren(
      ...facts.flatMap(([k, v]) => [el('dt', '', k), el('dd', '', v)]),
    );
    $('key-partition-owners').replaceChildren(
      ...p.owners.map((o) => {
        const passed = o.passedOver.map((q) => `${q.name} (${q.reason})`).join(', ');
        return el(
          'li',
          '',
          `replica ${o.replica}: ${o.name ?? 'unowned'}` +
            (o.rank === null ? '' : `, score rank ${o.rank}`) +
            (passed ? `; passed over: ${passed}` : ''),
        );
      }),
    );
    $('key-ring-owners').replaceChildren(
      ...x.ring.owners.map((o) => el('li', '', `${o.name} (weight ${o.weight})`)),
    );
    $('key-excluded').replaceChildren(
      ...(x.excluded.length === 0
        ? [el('li', 'muted', 'none')]
        : x.excluded.map((e) => el('li', '', `${e.name}: ${e.reasons.join(', ')} — ${e.detail}`))),
    );
    renderRing();
  }

  // ------------------------------------------------------------------ events

  function addEvent(type, m) {
    const list = $('events');
    const li = el(
      'li',
      'new',
      `${time(Date.now())}  ${type.padEnd(7)} ${m.name} ${m.state} inc ${m.incarnation}`,
    );
    li.dataset.type = type;
    li.dataset.member = m.name;
    list.prepend(li);
    while (list.childElementCount > MAX_EVENTS) list.lastElementChild.remove();
  }

  // ------------------------------------------------------------------ refresh loop

  async function refresh() {
    const [health, ringView, parts] = await Promise.all([
      getJson('/v1/health'),
      getJson('/v1/ring'),
      getJson('/v1/partitions'),
    ]);
    self = health.name;
    $('node-name').textContent = health.name;
    $('awareness').textContent = `awareness ${health.healthScore} · ${health.status}`;
    ring = ringView;
    renderRing();
    renderPartitions(parts);
    const names = [...members.keys()];
    const found = await Promise.all(
      names.map((n) =>
        getJson(`/v1/explain/member/${encodeURIComponent(n)}`).then(
          (x) => x,
          () => undefined,
        ),
      ),
    );
    names.forEach((n, i) => {
      if (found[i] !== undefined) evidence.set(n, found[i]);
      else evidence.delete(n);
    });
    renderMembers();
    await refreshSelected();
  }

  let refreshing = false;
  let again = false;
  async function refreshSoon() {
    if (refreshing) {
      again = true;
      return;
    }
    refreshing = true;
    try {
      await refresh();
    } catch {
      // The node may be restarting; the next tick tries again.
    } finally {
      refreshing = false;
      if (again) {
        again = false;
        void refreshSoon();
      }
    }
  }

  function connect() {
    const source = new EventSource('/v1/events');
    const conn = $('connection');
    source.addEventListener('open', () => {
      conn.className = 'conn conn-live';
      conn.textContent = 'live';
    });
    source.addEventListener('error', () => {
      conn.className = 'conn conn-lost';
      conn.textContent = 'reconnecting';
    });
    source.addEventListener('snapshot', (e) => {
      const { members: list } = JSON.parse(e.data);
      for (const [name, m] of members)
        if (!list.some((x) => x.name === name) && ['alive', 'suspect'].includes(m.state))
          members.delete(name);
      for (const m of list) applyMember(m);
      renderMembers();
      void refreshSoon();
    });
    for (const type of ['join', 'leave', 'update', 'suspect', 'alive']) {
      source.addEventListener(type, (e) => {
        const m = JSON.parse(e.data);
        applyMember(m);
        addEvent(type, m);
        renderMembers();
        void refreshSoon();
        if (lastKey !== null) void explainKey(lastKey.key);
      });
    }
  }

  $('key-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const key = $('key-input').value;
    if (key === '') return;
    void explainKey(key);
  });

  connect();
  void refreshSoon();
  refreshTimer = setInterval(() => void refreshSoon(), REFRESH_MS);
  window.addEventListener('beforeunload', () => clearInterval(refreshTimer));
})();
