"""Drive JupyterLab in headless Chromium: start a private server, Run All, move every control.

Shared by tests/browser/ and benchmarks/bench_browser.py so that both measure the same thing.

What the latency of a move is
-----------------------------
In the page, a capture listener stamps the user event that starts a move (``keydown`` on a
slider handle, ``pointerup`` ending a drag of one, ``change`` of a dropdown, ``click`` of a
checkbox) with ``performance.now()``.
A MutationObserver on the view compares, after every DOM mutation, a fingerprint of what the view
shows (a hash of every ``<img>`` source, ``<audio>`` source and the text of its output areas; the
controls are left out); when it changed, it waits until every image in the view is decoded, then
for the next animation frame, and stamps that frame (the frame that paints the new figure). A
move is over once the kernel has gone busy and back to idle after the event, no image is still
decoding and the view has not mutated for a few frames. Its latency is the last such paint stamp
minus the event stamp: the time a learner waits, from the key press until the last figure of the
view shows its new state.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK_DIR = ROOT / "notebooks"
OUTPUTS = ROOT / "outputs"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CJK_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
INSTALL_HINT = (
    "the browser tests need Debian's chromium at /usr/bin/chromium: install it with "
    "`apt-get install -y chromium fonts-noto-cjk` (as root, `make test` does this itself)"
)
TOKEN = "audiolevels-browser-test"
OVERRIDES = {
    # no "would you like to receive news?" toast, no update check, no autosave
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/docmanager-extension:plugin": {"autosave": False},
    # every cell in the DOM, so that every view can be found and the screenshot shows all
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
}
RUN_ALL_TIMEOUT_S = 240.0
MOVE_TIMEOUT_S = 30.0
NO_CHANGE_GRACE_MS = 1500  # after the kernel is idle again, how long a move may take to show


def browser_available() -> bool:
    """True if Debian's chromium is installed where the tests expect it."""
    return CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)


def notebooks() -> list[Path]:
    """Every notebook of the collection, in order (new ones are picked up automatically)."""
    return sorted(NOTEBOOK_DIR.glob("*.ipynb"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LabServer:
    """A running JupyterLab server started by :func:`jupyter_lab`."""

    url: str
    token: str
    notebook_dir: Path
    pid: int

    def api(self, path: str, method: str = "GET") -> Any:
        """Call the server's REST API; return the decoded JSON (or None)."""
        req = urllib.request.Request(
            self.url + path, method=method, headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(req, timeout=10) as r:
            body = r.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self) -> None:
        """Shut down every kernel session (between notebooks, to free the CPU)."""
        for s in self.api("/api/sessions"):
            self.api(f"/api/sessions/{s['id']}", method="DELETE")


@contextlib.contextmanager
def jupyter_lab(source_dir: Path = NOTEBOOK_DIR, *, timeout_s: float = 90.0) -> Iterator[LabServer]:
    """Serve a temporary copy of ``source_dir``'s notebooks with JupyterLab on a free port.

    The server gets its own config, data, runtime, settings and workspace folders (temporary),
    a token, the settings of :data:`OVERRIDES`, and ``window.jupyterapp`` exposed in the page.
    Everything started is stopped at the end: the server by its API, then by its PID.
    """
    with tempfile.TemporaryDirectory(prefix="audiolevels-lab-") as tmp_name:
        tmp = Path(tmp_name)
        nb_dir = tmp / "notebooks"
        nb_dir.mkdir()
        for nb in sorted(source_dir.glob("*.ipynb")):
            shutil.copy2(nb, nb_dir / nb.name)
        dirs = {k: tmp / k for k in ("config", "data", "runtime", "app_settings", "user", "ws")}
        for d in dirs.values():
            d.mkdir()
        (dirs["app_settings"] / "overrides.json").write_text(json.dumps(OVERRIDES, indent=1))
        env = dict(os.environ)
        env.update(
            JUPYTER_CONFIG_DIR=str(dirs["config"]),
            JUPYTER_DATA_DIR=str(dirs["data"]),
            JUPYTER_RUNTIME_DIR=str(dirs["runtime"]),
            # the kernelspec runs "python": the one of this environment
            PATH=str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", ""),
            # the copies live outside the checkout: point them at its corpus explicitly
            AUDIOLEVELS_DATA=str(ROOT / "data"),
            PYTHONPATH=os.pathsep.join([str(ROOT / "lib"), *filter(None, [env.get("PYTHONPATH")])]),
        )
        port = _free_port()
        cmd = [
            sys.executable,
            "-m",
            "jupyter",
            "lab",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={TOKEN}",
            f"--ServerApp.root_dir={nb_dir}",
            "--LabApp.expose_app_in_browser=True",
            f"--LabApp.app_settings_dir={dirs['app_settings']}",
            f"--LabApp.user_settings_dir={dirs['user']}",
            f"--LabApp.workspaces_dir={dirs['ws']}",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        log = open(tmp / "lab.log", "wb")  # noqa: SIM115 - closed below
        proc = subprocess.Popen(
            cmd, cwd=nb_dir, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        server = LabServer(f"http://127.0.0.1:{port}", TOKEN, nb_dir, proc.pid)
        try:
            deadline = time.monotonic() + timeout_s
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(
                        f"jupyter lab exited with {proc.returncode}:\n"
                        + (tmp / "lab.log").read_text(errors="replace")[-3000:]
                    )
                try:
                    server.api("/api/status")
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise RuntimeError(
                            f"JupyterLab did not answer within {timeout_s} s"
                        ) from None
                    time.sleep(0.2)
            yield server
        finally:
            with contextlib.suppress(OSError):
                server.api("/api/shutdown", method="POST")  # stops its kernels too
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
            log.close()


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """One headless Debian Chromium driven by Playwright (sync API), with one browser context
    (1280 × 900, its HTTP cache shared by every page opened in it); closed at the end."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser.new_context(viewport={"width": 1280, "height": 900})
        finally:
            browser.close()


# ---- in-page machinery ------------------------------------------------------------------------

_PAGE_JS = r"""
(() => {
  if (window.__al) return;
  const CONTROL = '.widget-slider, .widget-hslider, .widget-dropdown, .widget-checkbox, '
    + '.widget-toggle-buttons, .widget-text';
  function hash(s) {  // FNV-1a over the whole string
    let h = 0x811c9dc5;
    for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 0x01000193); }
    return (h >>> 0).toString(16) + ':' + s.length;
  }
  function isTop(el) { return !el.parentElement.closest('.widget-vbox, .widget-box'); }
  function views() {
    return [...document.querySelectorAll('.jp-Notebook .widget-vbox, .jp-Notebook .widget-box')]
      .filter(isTop).filter(v => v.querySelector(CONTROL));
  }
  function shown(view) {
    const parts = [];
    for (const el of view.querySelectorAll('img, audio, source, canvas')) {
      if (el.closest(CONTROL)) continue;
      parts.push(el.tagName + hash(el.getAttribute('src') || ''));
    }
    for (const el of view.querySelectorAll('.widget-output, .widget-html')) {
      if (el.closest(CONTROL) || el.parentElement.closest('.widget-output')) continue;
      parts.push(hash(el.textContent));
    }
    return parts.join('|');
  }
  const st = { armed: false };
  function onEvent(ev) {
    if (st.armed && st.tEvent === null) st.tEvent = performance.now();
  }
  // a drag's pointerdown and moves only preview: the value is sent when the handle is released
  for (const t of ['keydown', 'pointerup', 'change', 'click']) {
    document.addEventListener(t, onEvent, true);
  }
  function kernel() {
    const w = window.jupyterapp.shell.currentWidget;
    return w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
  }
  let hooked = null;
  function hookKernel() {
    const k = kernel();
    if (!k || k === hooked) return;
    hooked = k;
    k.statusChanged.connect((_, s) => {
      if (!st.armed || st.tEvent === null) return;
      if (s === 'busy') st.busy = true;
      if (s === 'idle' && st.busy) { st.idle = true; st.tIdle = performance.now(); }
    });
  }
  window.__al = {
    views: () => views().length,
    title: (i) => {
      const v = views()[i], b = v && v.querySelector('.widget-html b');
      return b ? b.textContent.trim() : '';
    },
    controls: (i) => [...views()[i].querySelectorAll(CONTROL)].map(c => {
      const lab = c.querySelector('.widget-label, .widget-label-basic');
      const label = ((lab && lab.textContent.replace('\u200b', '').trim()) || c.textContent).trim();
      if (c.querySelector('.noUi-handle')) {
        const h = c.querySelector('.noUi-handle');
        return { kind: 'slider', label,
                 now: +h.getAttribute('aria-valuenow'), max: +h.getAttribute('aria-valuemax'),
                 min: +h.getAttribute('aria-valuemin') };
      }
      if (c.querySelector('select')) {
        const s = c.querySelector('select');
        return { kind: 'dropdown', label, n: s.options.length, index: s.selectedIndex };
      }
      if (c.querySelector('input[type=checkbox]')) return { kind: 'checkbox', label };
      return { kind: 'other', label };
    }),
    shown: (i) => shown(views()[i]),
    arm: (i) => {
      hookKernel();
      const view = views()[i];
      if (st.observer) st.observer.disconnect();
      const k = kernel();
      Object.assign(st, { armed: true, tEvent: null, busy: !!k && k.status === 'busy',
        idle: false, tIdle: null,
        before: shown(view), last: shown(view), paints: [], pending: 0,
        tMutation: performance.now() });
      st.observer = new MutationObserver(() => {
        st.tMutation = performance.now();
        const now = shown(view);
        if (now === st.last) return;
        st.last = now;
        st.pending++;
        const imgs = [...view.querySelectorAll('img')];
        Promise.all(imgs.map(im => im.decode().catch(() => null))).then(() => {
          requestAnimationFrame(() => { st.paints.push(performance.now()); st.pending--; });
        });
      });
      st.observer.observe(view, { subtree: true, childList: true, attributes: true,
                                  characterData: true });
    },
    idle: () => { const k = kernel(); return !!k && k.status === 'idle'; },
    done: (grace) => {
      const t = performance.now();
      // the kernel never got a message: nothing will change
      if (!st.busy && st.tEvent !== null && t - st.tEvent > 5000) return true;
      if (!st.idle || st.pending > 0) return false;
      if (t - st.tMutation < 50) return false;
      return st.last !== st.before || t - st.tIdle > grace;
    },
    state: () => ({ tEvent: st.tEvent, busy: st.busy, idle: st.idle, pending: st.pending,
                    sinceMutation: performance.now() - st.tMutation,
                    changed: st.last !== st.before, paints: st.paints.length }),
    result: () => {
      st.armed = false;
      if (st.observer) st.observer.disconnect();
      const changed = st.last !== st.before;
      const tPaint = st.paints.length ? Math.max(...st.paints) : null;
      return { changed, paints: st.paints.length,
               latency_ms: changed && tPaint !== null ? tPaint - st.tEvent : null,
               kernel_ms: st.tIdle !== null ? st.tIdle - st.tEvent : null };
    },
  };
})();
"""

_MODEL_JS = r"""
() => {
  const nb = window.jupyterapp.shell.currentWidget;
  if (!nb || !nb.content || !nb.content.model) return null;
  const cells = [];
  for (const cell of nb.content.model.cells) {
    if (cell.type !== 'code') continue;
    const outs = [];
    for (let i = 0; i < cell.outputs.length; i++) outs.push(cell.outputs.get(i).toJSON());
    cells.push({ source: cell.sharedModel.getSource(), count: cell.executionCount, outs });
  }
  return cells;
}
"""


def _status_text(page: Any) -> str:
    return page.locator(".jp-StatusBar-Widget").inner_text()


@dataclass
class NotebookResult:
    """What opening and running one notebook in the browser found."""

    name: str
    seconds_run_all: float
    errors: list[str] = field(default_factory=list)
    moves: list[dict[str, Any]] = field(default_factory=list)
    screenshot: Path | None = None
    phases_s: dict[str, float] = field(default_factory=dict)
    stderr: list[str] = field(default_factory=list)
    move_errors: list[str] = field(default_factory=list)


def _cell_problems(cells: list[dict[str, Any]]) -> tuple[list[str], list[str]]:
    errors, stderr = [], []
    for i, c in enumerate(cells):
        for o in c["outs"]:
            if o.get("output_type") == "error":
                errors.append(f"code cell {i}: {o.get('ename')}: {o.get('evalue')}")
            elif o.get("output_type") == "stream" and o.get("name") == "stderr":
                text = "".join(o.get("text", ""))
                if "Traceback" in text or "Error" in text:
                    errors.append(f"code cell {i} stderr: {text[-1500:]}")
                else:
                    stderr.append(f"code cell {i}: {text[-300:]}")
            else:
                text = json.dumps(o.get("data", {}).get("text/plain", ""))
                if "Traceback (most recent call last)" in text:
                    errors.append(f"code cell {i} output: {text[-1500:]}")
    return errors, stderr


def _page_errors(page: Any) -> list[str]:
    found = []
    for text in page.locator(".jp-OutputArea-output").all_inner_texts():
        if "Error displaying widget" in text or "Traceback (most recent call last)" in text:
            found.append(f"output shows: {text[:1500]}")
    return found


def open_and_run(page: Any, server: LabServer, name: str) -> NotebookResult:
    """Open ``name`` in a fresh workspace, Run All, wait until every cell ran and the kernel
    is idle; record error outputs."""
    ws = "w" + "".join(ch for ch in Path(name).stem if ch.isalnum())
    page.goto(f"{server.url}/lab/workspaces/{ws}/tree/{name}?reset&token={server.token}")
    page.wait_for_function(
        "() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
        " && window.jupyterapp.shell.currentWidget.context"
        " && window.jupyterapp.shell.currentWidget.context.isReady"
        " && window.jupyterapp.shell.currentWidget.sessionContext.session"
        " && window.jupyterapp.shell.currentWidget.sessionContext.session.kernel",
        timeout=60_000,
    )
    page.wait_for_function(
        "() => /\\| Idle/.test(document.querySelector('.jp-StatusBar-Widget').innerText)",
        timeout=60_000,
    )
    t0 = time.monotonic()
    page.evaluate("() => window.jupyterapp.commands.execute('runmenu:run-all')")
    # every code cell with source has an execution count, and the status bar says idle
    page.wait_for_function(
        f"""() => {{
          const cells = ({_MODEL_JS})();
          if (!cells) return false;
          const ran = cells.every(c => !c.source.trim() || c.count !== null);
          const idle = /\\| Idle/.test(document.querySelector('.jp-StatusBar-Widget').innerText);
          const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
          const queued = [...document.querySelectorAll('.jp-InputPrompt')]
            .some(p => p.textContent.includes('*'));
          return ran && idle && !queued && kernel.status === 'idle';
        }}""",
        timeout=RUN_ALL_TIMEOUT_S * 1000,
        polling=100,
    )
    seconds = time.monotonic() - t0
    # every widget output rendered (not "Loading widget…", not "Error displaying widget")
    page.wait_for_function(
        """() => [...document.querySelectorAll(
              '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.widget-view+json"]')]
            .every(o => o.querySelector('.jupyter-widgets') || /Error/.test(o.textContent))""",
        timeout=30_000,
    )
    cells = page.evaluate(f"({_MODEL_JS})")
    errors, stderr = _cell_problems(cells)
    errors += _page_errors(page)
    result = NotebookResult(name, seconds, errors=sorted(set(errors)), stderr=stderr)
    page.add_script_tag(content=_PAGE_JS)
    return result


def _move(page: Any, view: int, ctrl: int, do: Any) -> dict[str, Any]:
    page.wait_for_function("() => window.__al.idle()", timeout=MOVE_TIMEOUT_S * 1000)
    page.evaluate("(i) => window.__al.arm(i)", view)
    do()
    try:
        page.wait_for_function(
            f"() => window.__al.done({NO_CHANGE_GRACE_MS})", timeout=MOVE_TIMEOUT_S * 1000
        )
    except Exception as err:
        state = page.evaluate("() => window.__al.state()")
        raise RuntimeError(
            f"view {view}, control {ctrl}: the move did not settle in {MOVE_TIMEOUT_S} s: {state}"
        ) from err
    return page.evaluate("() => window.__al.result()")


def _press_arrow(knob: Any) -> None:
    """One arrow press on a slider handle: right, or left when the handle is at its maximum."""
    now, vmax = (float(knob.get_attribute(a)) for a in ("aria-valuenow", "aria-valuemax"))
    knob.focus()
    knob.press("ArrowLeft" if now >= vmax else "ArrowRight")


def _drag(page: Any, knob: Any) -> None:
    """Drag a slider handle with the mouse a quarter of its track towards the farther end, and
    release it there."""
    now, lo, hi = (float(knob.get_attribute(f"aria-value{a}")) for a in ("now", "min", "max"))
    track = knob.evaluate_handle("(h) => h.closest('.noUi-target')").as_element().bounding_box()
    box = knob.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    dx = track["width"] / 4 * (-1 if now - lo > (hi - lo) / 2 else 1)
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + dx, y, steps=4)
    page.mouse.up()


def drive_views(
    page: Any,
    *,
    moves_per_slider: int = 3,
    drags_per_slider: int = 1,
    max_options: int | None = None,
    clicks: int = 2,
) -> list[dict[str, Any]]:
    """Move every control of every view on the page; return one record per move.

    Sliders: ``moves_per_slider`` arrow presses on the focused ``.noUi-handle`` (towards the
    far end of its range), then ``drags_per_slider`` drags of the handle with the mouse (a
    quarter of the track towards its farther end); dropdowns: every other option in turn,
    then the default again (at most ``max_options`` changes); checkboxes: ``clicks`` clicks.
    Each record names the view, the control, and gives ``changed`` (what the view shows
    differs from before the move) and ``latency_ms``.
    """
    records = []
    n_views = page.evaluate("() => window.__al.views()")
    for v in range(n_views):
        title = page.evaluate("(i) => window.__al.title(i)", v) or f"view {v}"
        controls = page.evaluate("(i) => window.__al.controls(i)", v)
        for c, info in enumerate(controls):
            handle = page.evaluate_handle(
                """([v, c]) => {
                  const CONTROL = '.widget-slider, .widget-hslider, .widget-dropdown, '
                    + '.widget-checkbox, .widget-toggle-buttons, .widget-text';
                  const tops = [...document.querySelectorAll(
                      '.jp-Notebook .widget-vbox, .jp-Notebook .widget-box')]
                    .filter(el => !el.parentElement.closest('.widget-vbox, .widget-box'))
                    .filter(el => el.querySelector(CONTROL));
                  return tops[v].querySelectorAll(CONTROL)[c];
                }""",
                [v, c],
            ).as_element()
            label = info["label"].replace("\u200b", "").strip() or f"control {c}"
            plan: list[Any] = []
            if info["kind"] == "slider":
                knob = handle.query_selector(".noUi-handle")
                for _ in range(moves_per_slider):
                    plan.append(("arrow", lambda knob=knob: _press_arrow(knob)))
                for _ in range(drags_per_slider):
                    plan.append(("drag", lambda knob=knob: _drag(page, knob)))
            elif info["kind"] == "dropdown":
                select = handle.query_selector("select")
                order = [i for i in range(info["n"]) if i != info["index"]] + [info["index"]]
                order = order[:max_options] if max_options else order
                for i in order if info["n"] > 1 else []:
                    plan.append((f"option {i}", lambda s=select, i=i: s.select_option(index=i)))
            elif info["kind"] == "checkbox":
                box = handle.query_selector("input[type=checkbox]")
                plan += [("click", lambda b=box: b.click())] * clicks
            handle.scroll_into_view_if_needed()
            for what, do in plan:
                rec = _move(page, v, c, do)
                rec.update(view=f"{v}:{title}", control=label, kind=info["kind"], action=what)
                records.append(rec)
    return records


def screenshot(page: Any, path: Path, *, max_height_px: int = 30000) -> Path:
    """A screenshot of the whole notebook (the viewport grown to its height, then restored)."""
    size = page.viewport_size
    height = page.evaluate(
        """() => {
          window.jupyterapp.shell.collapseLeft();
          const o = document.querySelector(
            '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer');
          if (!o) return 0;
          o.scrollTop = 0;
          return o.scrollHeight;
        }"""
    )
    page.set_viewport_size({"width": size["width"], "height": min(max_height_px, height + 200)})
    page.wait_for_function("() => [...document.images].every(i => i.complete)", timeout=30_000)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(size)
    return path


def run_notebook_in_lab(context: Any, server: LabServer, name: str, **moves: Any) -> NotebookResult:
    """Open, Run All, check, drive every view, screenshot (``outputs/<stem>.png``).

    ``moves`` are :func:`drive_views`'s options.
    """
    page = context.new_page()
    try:
        t0 = time.monotonic()
        result = open_and_run(page, server, name)
        t1 = time.monotonic()
        if not result.errors:
            result.moves = drive_views(page, **moves)
            result.move_errors = sorted(set(_page_errors(page)))
        t2 = time.monotonic()
        result.screenshot = screenshot(page, OUTPUTS / f"{Path(name).stem}.png")
        t3 = time.monotonic()
        result.phases_s = {"open+run": t1 - t0, "moves": t2 - t1, "screenshot": t3 - t2}
    finally:
        page.close()
        server.shutdown_kernels()
    return result


def summarize(results: list[NotebookResult]) -> dict[str, Any]:
    """Per notebook, per view and control: every move's latency, its median and max (ms)."""
    out: dict[str, Any] = {
        "measured": "ms from the user event to the animation frame after the view's last "
        "changed image was decoded",
        "notebooks": {},
    }
    for r in results:
        views: dict[str, Any] = {}
        for m in r.moves:
            entry = views.setdefault(m["view"], {}).setdefault(
                m["control"], {"kind": m["kind"], "latencies_ms": [], "changed": []}
            )
            entry["latencies_ms"].append(m["latency_ms"])
            entry["changed"].append(m["changed"])
        for controls in views.values():
            for e in controls.values():
                lat = [x for x in e["latencies_ms"] if x is not None]
                e["median_ms"] = statistics.median(lat) if lat else None
                e["max_ms"] = max(lat) if lat else None
        out["notebooks"][r.name] = {"run_all_s": r.seconds_run_all, "views": views}
    return out


def write_latency(results: list[NotebookResult], path: Path = OUTPUTS / "browser_latency.json"):
    """Write :func:`summarize` as JSON; return the summary."""
    summary = summarize(results)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(summary, indent=1))
    return summary
