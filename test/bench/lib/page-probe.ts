import type { Page } from 'playwright-core';

/**
 * What the page records for the editor scenario, installed before any of the page's own scripts run
 * (`addInitScript`). All times are the page's `performance.now()`, i.e. milliseconds since navigation start.
 *
 * - content: from the first frame on, one entry per frame in which the number of visible canvas nodes
 *   (`nodeSelector`, without React Flow's `visibility: hidden` of a node not measured yet) or of list rows
 *   (`rowSelector`) changed, taken in requestAnimationFrame — what that frame paints. Stopped by `stopContent()`.
 * - longTasks: every task of the main thread over 50 ms (PerformanceObserver `longtask`), as [start, end].
 * - frames: requestAnimationFrame timestamps between `startFrames()` and `stopFrames()`, and how many different
 *   CSS transforms a watched element (the dragged node) had over those frames.
 * - select: after `armSelect(selector)`, the timeStamp of the next pointerdown and pointerup, and the time at which
 *   the frame that first shows `selector` had been painted: a rAF polls for it from the pointerdown on; the first
 *   rAF that finds it posts a message, which runs after that frame's style, layout and paint.
 *
 * A plain script, not a function: it runs in the page as written.
 */
const PROBE = String.raw`
(function (cfg) {
  var b = (window.__bench = {
    content: [],
    contentRunning: true,
    longTasks: [],
    frames: null,
    watched: null,
    select: null,
  });
  try {
    new PerformanceObserver(function (list) {
      list.getEntries().forEach(function (e) {
        b.longTasks.push([e.startTime, e.startTime + e.duration]);
      });
    }).observe({ type: 'longtask', buffered: true });
  } catch (e) {
    b.longTaskError = String(e);
  }
  var last = '';
  function contentFrame() {
    if (!b.contentRunning) return;
    var nodes = 0;
    var found = document.querySelectorAll(cfg.nodeSelector);
    for (var i = 0; i < found.length; i++) if (found[i].style.visibility !== 'hidden') nodes++;
    var rows = cfg.rowSelector ? document.querySelectorAll(cfg.rowSelector).length : 0;
    var key = nodes + '/' + rows;
    if (key !== last) {
      last = key;
      b.content.push([performance.now(), nodes, rows]);
    }
    requestAnimationFrame(contentFrame);
  }
  requestAnimationFrame(contentFrame);
  b.stopContent = function () {
    b.contentRunning = false;
  };
  b.startFrames = function (watchSelector) {
    var el = watchSelector ? document.querySelector(watchSelector) : null;
    var frames = (b.frames = []);
    var seen = (b.watched = new Set());
    function frame(t) {
      if (b.frames !== frames) return;
      frames.push(t);
      if (el) seen.add(el.style.transform);
      requestAnimationFrame(frame);
    }
    requestAnimationFrame(frame);
    return el !== null;
  };
  b.stopFrames = function () {
    var out = { frames: b.frames || [], transforms: b.watched ? b.watched.size : 0 };
    b.frames = null;
    return out;
  };
  b.armSelect = function (selector) {
    var s = (b.select = { down: null, up: null, painted: null });
    function poll() {
      if (b.select !== s) return;
      if (document.querySelector(selector)) {
        var channel = new MessageChannel();
        channel.port1.onmessage = function () {
          s.painted = performance.now();
        };
        channel.port2.postMessage(0);
        return;
      }
      requestAnimationFrame(poll);
    }
    addEventListener(
      'pointerdown',
      function (e) {
        s.down = e.timeStamp;
        requestAnimationFrame(poll);
      },
      { capture: true, once: true }
    );
    addEventListener(
      'pointerup',
      function (e) {
        s.up = e.timeStamp;
      },
      { capture: true, once: true }
    );
  };
})`;

export interface ProbeConfig {
  /** The canvas nodes whose rendering counts as the content being there. */
  nodeSelector: string;
  /** List rows that must be there too (the editor's handler list), or null. */
  rowSelector: string | null;
}

export function probeScript(config: ProbeConfig): string {
  return `${PROBE}(${JSON.stringify(config)});`;
}

export interface ProbeState {
  now: number;
  content: [number, number, number][];
  longTasks: [number, number][];
  longTaskError?: string;
  fcp: number | null;
}

/** The probe's records so far, with the page's clock and its first contentful paint. */
export function readProbe(page: Page): Promise<ProbeState> {
  return page.evaluate(`(() => {
    const b = window.__bench;
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    return { now: performance.now(), content: b.content, longTasks: b.longTasks, longTaskError: b.longTaskError,
             fcp: fcp ? fcp.startTime : null };
  })()`);
}

export function stopContent(page: Page): Promise<void> {
  return page.evaluate('window.__bench.stopContent()');
}

export function startFrames(page: Page, watchSelector: string): Promise<boolean> {
  return page.evaluate(`window.__bench.startFrames(${JSON.stringify(watchSelector)})`);
}

export function stopFrames(page: Page): Promise<{ frames: number[]; transforms: number }> {
  return page.evaluate('window.__bench.stopFrames()');
}

export function armSelect(page: Page, selector: string): Promise<void> {
  return page.evaluate(`window.__bench.armSelect(${JSON.stringify(selector)})`);
}

export interface SelectTiming {
  down: number | null;
  up: number | null;
  painted: number | null;
}

export function readSelect(page: Page): Promise<SelectTiming> {
  return page.evaluate('window.__bench.select');
}
