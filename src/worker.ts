/**
 * A `--jobs` worker thread: loads the linter and the parser as soon as it starts (while the thread
 * that started it discovers the tree), then runs the groups of candidates it is sent as parts
 * (partial.ts), answers with them as plain data and signals the waiting thread.
 */
import { workerData } from 'node:worker_threads';
import { prepareLint } from './lint.js';
import { lintPart } from './partial.js';
import { loadParser } from './code/parse.js';
import type { WorkerAnswer, WorkerStart, WorkerTask } from './scale.js';

const { port, done } = workerData as WorkerStart;
loadParser();
port.once('message', (task: WorkerTask) => {
  let answer: WorkerAnswer;
  try {
    const prepared = prepareLint(task.opts);
    answer = { parts: task.groups.map((units) => lintPart(prepared, task.opts, task.discovered, units, { runKey: task.runKey }).partial) };
  } catch (e) {
    answer = { error: (e as Error)?.message ?? String(e) };
  }
  try {
    port.postMessage(answer);
  } finally {
    Atomics.store(done, 0, 1);
    Atomics.notify(done, 0);
    port.close();
  }
});
