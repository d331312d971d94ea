// The browser side of lecturekit.widgets.frames.FrameView: a canvas that shows the picture of
// an explorer for its controls' current positions, from pictures the kernel has sent before.
//
// A position is one integer per control (the slider step, or the option index), and a key is
// their comma-joined list, computed here and in the kernel by the same rule. When a control
// moves, its model changes here first (before the kernel hears of it): if the picture for the new
// key is decoded already it is drawn at once; if only its bytes are here it is decoded and drawn;
// otherwise the canvas waits for the kernel, which renders every real move anyway and sends the
// picture if it differs from what it sent before. Once a learner has moved a control, and
// whenever the controls rest for IDLE_MS, the canvas asks the kernel for the pictures of
// positions it lacks, nearest first along each slider, CHUNK at a time.
//
// The canvas stays hidden until it has drawn. Then it takes the place of the static picture that
// LiveFigure shows as the cell's next output (kept there for readers without a kernel): that output
// is hidden in this page only, and shown again when the canvas goes away.

const IDLE_MS = 120;      // quiet time before asking for more pictures
const CHUNK = 6;          // pictures asked for at once (the kernel renders them in one go)
const MAX_BLOBS = 400;    // encoded pictures kept (tens of kB each); the oldest go first
const NEAR = 4;           // decoded pictures kept: this many steps either way along each slider

function position(c) {
  const m = c.model;
  if (c.kind === "index") return m.get("index");
  const v = c.kind === "log" ? Math.log(m.get("value")) / Math.log(m.get("base")) : m.get("value");
  return Math.round((v - m.get("min")) / m.get("step"));
}

function count(c) {
  const m = c.model;
  if (c.kind === "index") return (m.get("_options_labels") || []).length;
  return Math.round((m.get("max") - m.get("min")) / m.get("step")) + 1;
}

export default {
  async render({ model, el }) {
    const controls = await Promise.all(
      model.get("controls").map(async (c) => ({ ...c, model: await model.widget_manager.get_model(c.id) })),
    );
    const canvas = document.createElement("canvas");
    canvas.className = "lk-frame";
    canvas.style.maxWidth = "100%";
    canvas.style.height = "auto";
    canvas.style.display = "none";  // until it has a picture: never an empty box
    el.append(canvas);
    const context = canvas.getContext("2d");
    const blobs = new Map();    // key -> Blob, oldest first
    const bitmaps = new Map();  // key -> ImageBitmap or a Promise of one
    const asked = new Set();
    let drawn = null, draws = 0, timer = null, engaged = false, alive = true, lastMoved = 0;

    const keyOf = (pos) => pos.join(",");
    const current = () => controls.map(position);

    // The positions d steps from pos along one prefetched slider at a time, sliders in ``order``.
    const ring = (pos, d, order = controls.keys()) => {
      const out = [];
      for (const i of order) {
        if (!controls[i].prefetch) continue;
        for (const s of [d, -d]) {
          const p = pos.slice();
          p[i] += s;
          if (p[i] >= 0 && p[i] < count(controls[i])) out.push(p);
        }
      }
      return out;
    };

    const near = (pos) => {  // the keys kept decoded: pos and up to NEAR steps along each slider
      const keys = [keyOf(pos)];
      for (let d = 1; d <= NEAR; d++) ring(pos, d).forEach((p) => keys.push(keyOf(p)));
      return keys;
    };

    // The static picture: the output right after the one holding this view, if it shows an image
    // (JupyterLab's and Notebook 7's output areas; elsewhere nothing is hidden).
    let hidden = null;
    const hideStatic = () => {
      const output = el.closest(".jp-OutputArea-child");
      const next = output && output.nextElementSibling;
      if (next && next.querySelector("img") && !next.querySelector(".lk-frame")) {
        next.style.display = "none";
        next.classList.add("lk-static-hidden");
        hidden = next;
      }
    };

    const draw = (key, bitmap) => {
      canvas.style.display = "";
      if (hidden === null) hideStatic();  // again on later draws if the cell was not in the page yet
      if (canvas.width !== bitmap.width || canvas.height !== bitmap.height) {
        canvas.width = bitmap.width;
        canvas.height = bitmap.height;
      }
      context.drawImage(bitmap, 0, 0);
      drawn = key;
      draws += 1;
      canvas.dataset.frame = `${draws}:${key}`;  // what the browser tests and benchmarks watch
    };

    const decoded = (key) => {
      let b = bitmaps.get(key);
      if (b === undefined && blobs.has(key)) {
        b = createImageBitmap(blobs.get(key)).then((bitmap) => {
          if (bitmaps.get(key) === b) bitmaps.set(key, bitmap);
          return bitmap;
        }, () => null);
        bitmaps.set(key, b);
      }
      return b;
    };

    const forget = (key) => {
      const b = bitmaps.get(key);
      bitmaps.delete(key);
      if (b && typeof b.close === "function") b.close();
    };

    // Moves are numbered; a picture still decoding when the control has moved on is drawn all the
    // same unless a later move's picture was drawn first: while a handle is dragged faster than
    // pictures decode, the canvas follows a step behind instead of waiting for the hand to stop.
    let moves = 0, shownMove = 0;
    const drawWhenReady = (key, b, move, still = () => true) => Promise.resolve(b).then((bitmap) => {
      if (!alive || !bitmap || move < shownMove || bitmaps.get(key) !== bitmap || !still()) return;
      draw(key, bitmap);
      shownMove = move;
    });

    const show = (force = false) => {
      const pos = current();
      const key = keyOf(pos);
      const move = ++moves;
      const b = decoded(key);
      if (b && typeof b.then !== "function") {
        if (force || drawn !== key) draw(key, b);
        shownMove = move;
      } else if (b) {
        drawWhenReady(key, b, move);
      }
      const keep = new Set(near(pos));
      for (const k of [...bitmaps.keys()]) if (!keep.has(k)) forget(k);
      for (const k of keep) decoded(k);
    };

    const ask = () => {
      timer = null;
      if (!alive || !engaged || asked.size > 0 || blobs.size >= MAX_BLOBS) return;
      const pos = current();
      const want = [];
      const order = [lastMoved, ...controls.keys()].filter((i, k, all) => all.indexOf(i) === k);
      for (let d = 1; want.length < CHUNK; d++) {
        const around = ring(pos, d, order);
        if (around.length === 0) break;  // every slider's whole range is behind us
        for (const p of around) {
          const k = keyOf(p);
          if (want.length < CHUNK && !blobs.has(k) && !asked.has(k)) want.push(p);
        }
      }
      if (want.length === 0) return;
      want.forEach((p) => asked.add(keyOf(p)));
      model.send({ type: "want", keys: want });
    };

    const later = () => {
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(ask, IDLE_MS);
    };

    const store = (key, blob) => {
      blobs.delete(key);
      blobs.set(key, blob);
      forget(key);
      const gone = [];
      const keep = new Set(near(current()));
      for (const k of blobs.keys()) {
        if (blobs.size - gone.length <= MAX_BLOBS) break;
        if (!keep.has(k)) gone.push(k);
      }
      gone.forEach((k) => { blobs.delete(k); forget(k); });
      if (gone.length) model.send({ type: "evicted", keys: gone });
    };

    const onMessage = (msg, buffers) => {
      if (msg.type === "frame") {
        store(msg.key, new Blob([buffers[0]], { type: msg.mime }));
      } else if (msg.type === "alias") {
        const blob = blobs.get(msg.as);
        if (blob === undefined) {  // evicted meanwhile: ask again
          model.send({ type: "evicted", keys: [msg.key] });
          return;
        }
        store(msg.key, blob);
      } else if (msg.type === "reset") {  // a control's bounds changed: every key means another picture now
        blobs.clear();
        asked.clear();
        for (const k of [...bitmaps.keys()]) forget(k);
        drawn = null;
        return;
      } else if (msg.type === "done") {
        msg.keys.forEach((k) => asked.delete(k));
        later();
        return;
      } else {
        return;
      }
      if (msg.key === keyOf(current())) show(true);
      else if (!blobs.has(keyOf(current()))) stale(msg.key);
      else show();
    };

    // The kernel's picture of a position the handle has just left, while the page has nothing for
    // the current one (a drag over positions not fetched ahead): drawn unless a newer one was.
    const stale = (key) => drawWhenReady(key, decoded(key), moves, () => !blobs.has(keyOf(current())));

    const onMove = (i) => {
      engaged = true;
      lastMoved = i;
      show();
      later();
    };
    const movers = controls.map((c, i) => () => onMove(i));

    const changeOf = (c) => (c.kind === "index" ? "change:index" : "change:value");
    model.on("msg:custom", onMessage);
    controls.forEach((c, i) => c.model.on(changeOf(c), movers[i]));
    model.send({ type: "hello" });
    return () => {
      alive = false;
      if (timer !== null) clearTimeout(timer);
      controls.forEach((c, i) => c.model.off(changeOf(c), movers[i]));
      for (const k of [...bitmaps.keys()]) forget(k);
      if (hidden) {
        hidden.style.display = "";
        hidden.classList.remove("lk-static-hidden");
      }
    };
  },
};
