/**
 * A `--jobs` worker thread: runs its groups of candidates as parts (partial.ts) and answers with them
 * as plain data, then signals the waiting thread.
 */
import { workerData } from 'node:worker_threads';
import { prepareLint } from './lint.js';
import { lintPart } from './partial.js';
import type { WorkerAnswer, WorkerTask } from './scale.js';

const task = workerData as WorkerTask;
let answer: WorkerAnswer;
try {
  const prepared = prepareLint(task.opts);
  answer = { parts: task.groups.map((units) => lintPart(prepared, task.opts, task.discovered, units, { runKey: task.runKey }).partial) };
} catch (e) {
  answer = { error: (e as Error)?.message ?? String(e) };
}
try {
  task.port.postMessage(answer);
} finally {
  Atomics.store(task.done, 0, 1);
  Atomics.notify(task.done, 0);
  task.port.close();
}
