// The explorers of the course website, alive without a kernel.
//
// Each explorer's placeholder (made by site/_ext/course_site.py) carries the explorer's controls and the
// pictures rendered at build time (site/render_frames.py), keyed as lecturekit/widgets/frames.py keys them:
// a control's position is an integer (a slider's step index, an option's index) and a key is the positions
// joined by commas. Nothing is fetched before a learner touches a control; then the picture of the new
// position and of its neighbours along each control are fetched, decoded and kept, and a move to a
// position the page holds draws at once on a canvas over the stored picture. A position that was not
// rendered says so and links to running the chapter.
(() => {
  "use strict";
  const KEEP_DECODED = 64; // decoded pictures kept per explorer (a few MB each chapter)
  const AHEAD = 6; // neighbours fetched along each control after a move
  const root = document.documentElement.dataset.content_root || "./";
  const timings = (window.lkSiteTimings = window.lkSiteTimings || []);
  let pressedAt = null;
  document.addEventListener("keydown", (e) => { pressedAt = e.timeStamp; }, true);

  function setUp(holder) {
    const spec = JSON.parse(holder.dataset.spec);
    const output = holder.closest(".cell_output") || holder.parentElement;
    const img = [...output.querySelectorAll("img")].find(
      (im) => holder.compareDocumentPosition(im) & Node.DOCUMENT_POSITION_FOLLOWING);
    const pos = spec.controls.map((c) => c.default);
    const blobs = new Map(); // key -> Promise<Blob>
    const decoded = new Map(); // key -> ImageBitmap, oldest first
    let canvas = null;
    let drawnKey = null;
    const chapterUrl = root + "run.html";
    const note = document.createElement("p");
    note.className = "lk-note";
    note.hidden = true;
    note.setAttribute("role", "status");

    const keyOf = (p) => p.join(",");
    const url = (key) => `${root}_static/frames/${spec.chapter}/${spec.frames[key]}`;
    const fetchKey = (key) => {
      if (!spec.frames[key]) return null;
      if (!blobs.has(key)) blobs.set(key, fetch(url(key)).then((r) => {
        if (!r.ok) throw new Error(`${r.status} ${url(key)}`);
        return r.blob();
      }));
      return blobs.get(key);
    };
    const decode = (key) => {
      if (decoded.has(key)) return Promise.resolve(decoded.get(key));
      const blob = fetchKey(key);
      if (!blob) return null;
      return blob.then((b) => createImageBitmap(b)).then((bitmap) => {
        decoded.set(key, bitmap);
        while (decoded.size > KEEP_DECODED) {
          const [oldest, old] = decoded.entries().next().value;
          if (oldest === drawnKey) break;
          old.close();
          decoded.delete(oldest);
        }
        return bitmap;
      });
    };
    const describe = () => spec.controls.map((c, i) => `${c.label} = ${c.labels[pos[i]]}`).join(", ");
    const draw = (key, bitmap) => {
      if (!canvas) {
        canvas = document.createElement("canvas");
        canvas.className = "lk-site-frame";
        canvas.width = spec.size[0];
        canvas.height = spec.size[1];
        canvas.setAttribute("role", "img");
        if (img) {
          canvas.style.width = img.width ? `${img.width}px` : "";
          img.replaceWith(canvas);
        } else holder.append(canvas);
      }
      canvas.getContext("2d").drawImage(bitmap, 0, 0);
      drawnKey = key;
      canvas.dataset.frame = key;
      canvas.setAttribute("aria-label", `${img ? img.alt : spec.description} Shown for ${describe()}.`);
      if (pressedAt !== null) { // key press to drawn, and to the animation frame that paints it
        const t0 = pressedAt;
        const drawn = performance.now() - t0;
        pressedAt = null;
        requestAnimationFrame(() => timings.push({key, drawn, frame: performance.now() - t0}));
      }
    };
    const prefetch = () => {
      spec.controls.forEach((c, i) => {
        for (let d = 1; d <= AHEAD; d++) {
          for (const k of [pos[i] + d, pos[i] - d]) {
            if (k < 0 || k >= c.positions) continue;
            const p = pos.slice();
            p[i] = k;
            const promise = d <= 2 ? decode(keyOf(p)) : fetchKey(keyOf(p));
            if (promise) promise.catch(() => {});
          }
        }
      });
    };
    const show = () => {
      const key = keyOf(pos);
      if (!spec.frames[key]) {
        note.hidden = false;
        note.innerHTML = `The website holds no picture for ${describe()}: it shows each control's positions with the ` +
          `others at their defaults. <a href="${chapterUrl}">Run the chapter</a> to see every combination.`;
        holder.dataset.missing = key;
        return;
      }
      note.hidden = true;
      delete holder.dataset.missing;
      if (decoded.has(key)) {
        const bitmap = decoded.get(key);
        decoded.delete(key); // most recently used last
        decoded.set(key, bitmap);
        draw(key, bitmap);
      } else {
        decode(key).then((bitmap) => { if (keyOf(pos) === key) draw(key, bitmap); }).catch((err) => {
          note.hidden = false;
          note.textContent = `This picture could not be loaded (${err.message}).`;
        });
      }
      prefetch();
    };

    spec.controls.forEach((c, i) => {
      const row = document.createElement("div");
      row.className = "lk-control";
      const id = `lk-${spec.chapter}-${spec.index}-${i}`;
      const label = document.createElement("label");
      label.htmlFor = id;
      label.textContent = c.label;
      row.append(label);
      let input;
      if (c.widget === "Dropdown" || c.widget === "ToggleButtons") {
        input = document.createElement("select");
        c.labels.forEach((text, k) => input.append(new Option(text, String(k), k === c.default, k === c.default)));
      } else {
        input = document.createElement("input");
        input.type = "range";
        input.min = "0";
        input.max = String(c.positions - 1);
        input.step = "1";
        input.value = String(c.default);
        input.setAttribute("aria-valuetext", c.labels[c.default]);
      }
      input.id = id;
      const readout = document.createElement("output");
      readout.htmlFor = id;
      readout.textContent = c.labels[c.default];
      input.addEventListener("input", () => {
        pos[i] = Number(input.value);
        readout.textContent = c.labels[pos[i]];
        if (input.type === "range") input.setAttribute("aria-valuetext", c.labels[pos[i]]);
        show();
      });
      row.append(input);
      if (input.type === "range") row.append(readout);
      holder.append(row);
    });
    holder.append(note);
  }

  const start = () => document.querySelectorAll(".lk-explorer[data-spec]").forEach(setUp);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
