/**
 * Work to end when the process is told to stop. `next start` answers SIGTERM by closing its
 * server and waiting for every open response: a server-sent-events stream (the live payout
 * page) would hold that for ever, so each stream ends itself here (the browser reconnects
 * to another process). Registered per stream; nothing runs unless a signal arrives.
 */
type Task = () => void;

const globalForShutdown = globalThis as unknown as {
  __payoutTrackerShutdown?: { tasks: Set<Task>; signalled: boolean };
};

function registry() {
  if (!globalForShutdown.__payoutTrackerShutdown) {
    const state = { tasks: new Set<Task>(), signalled: false };
    const run = () => {
      state.signalled = true;
      for (const task of [...state.tasks]) {
        state.tasks.delete(task);
        try {
          task();
        } catch {
          // one stream that cannot close must not keep the others open
        }
      }
    };
    process.once("SIGTERM", run);
    process.once("SIGINT", run);
    globalForShutdown.__payoutTrackerShutdown = state;
  }
  return globalForShutdown.__payoutTrackerShutdown;
}

/** Runs `task` when the process gets SIGTERM or SIGINT (at once, if it already did); returns the unregister. */
export function onShutdown(task: Task): () => void {
  const state = registry();
  if (state.signalled) {
    task();
    return () => {};
  }
  state.tasks.add(task);
  return () => {
    state.tasks.delete(task);
  };
}
