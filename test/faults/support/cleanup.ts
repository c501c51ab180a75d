/**
 * Last-resort cleanup, run synchronously when the test process exits (a crash, a timeout that skips `afterAll`).
 * The normal path is each helper's own `stop()`, which unregisters its hook.
 */
const hooks = new Set<() => void>();
let installed = false;

export function onExit(hook: () => void): () => void {
  if (!installed) {
    installed = true;
    process.once('exit', () => {
      for (const run of [...hooks].reverse()) {
        try {
          run();
        } catch {
          // Best effort: one failed cleanup must not keep the others from running.
        }
      }
    });
  }
  hooks.add(hook);
  return () => hooks.delete(hook);
}
