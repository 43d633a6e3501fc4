/**
 * Stopping cleanly (SIGTERM from a deploy or a container stop, Ctrl-C): server.mjs stops taking
 * requests and calls shutDown, which marks the process as stopping and runs what the app
 * registered with onShutdown, in two phases. First the work: a background job hands its job back
 * at its next batch (queued again, the attempt not counted), so another instance takes it up at
 * once instead of a minute later. Then the database: its handle closes (PGlite checkpoints its
 * folder). Each phase has its own time: the work what is left of the grace period but the
 * database's share, the database its share whatever the work took; then the process exits.
 *
 * The state lives on globalThis under a registered symbol: server.mjs and the app's compiled
 * modules each load their own copy of this file.
 */
const KEY = Symbol.for("firstparty.shutdown");

/** @returns {{ stopping: boolean, hooks: { work: Set<() => Promise<unknown>>, database: Set<() => Promise<unknown>> } }} */
function state() {
  const g = /** @type {Record<symbol, any>} */ (globalThis);
  g[KEY] ??= { stopping: false, hooks: { work: new Set(), database: new Set() } };
  return g[KEY];
}

/** Whether the process is stopping: background work hands its job back and takes no new one. */
export function stopping() {
  return state().stopping;
}

/**
 * Runs `hook` when the process stops: in the "work" phase (the default), or in the "database"
 * phase after every work hook ended. Returns what unregisters it.
 * @param {() => Promise<unknown>} hook
 * @param {"work" | "database"} [phase]
 */
export function onShutdown(hook, phase = "work") {
  const hooks = state().hooks[phase];
  hooks.add(hook);
  return () => hooks.delete(hook);
}

/**
 * Marks the process stopping, runs the work hooks and waits for them and for `idle` (the
 * server's last requests) up to `workMs`, then runs the database hooks and waits for them up to
 * `databaseMs`.
 * @param {Promise<unknown>} idle
 * @param {{ workMs: number, databaseMs: number }} times
 */
export async function shutDown(idle, { workMs, databaseMs }) {
  const s = state();
  s.stopping = true;
  const within = async (/** @type {Promise<unknown>} */ work, /** @type {number} */ ms) => {
    let timer;
    const late = new Promise((resolve) => {
      timer = setTimeout(resolve, ms);
    });
    await Promise.race([work, late]);
    clearTimeout(timer);
  };
  const run = (/** @type {Set<() => Promise<unknown>>} */ hooks) =>
    Promise.allSettled([...hooks].map((hook) => hook()));
  await within(Promise.all([run(s.hooks.work), idle]), workMs);
  await within(run(s.hooks.database), databaseMs);
}

/** For tests: the process goes on as if it had never been told to stop. */
export function resetShutdown() {
  state().stopping = false;
}
