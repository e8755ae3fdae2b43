// Page entry: evaluates the app's code in three steps, each a main-thread task of its own (the libraries, the experiments, the app), then the app starts.
import './ui/app.css';
import { PERF_MARKS, perfMark } from './runner/perfMarks';

/** Resolves in a later task, so the browser can paint and handle input between two evaluation steps. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * One module graph evaluates in one task: the whole app at once was a task of 50–120 ms on a 2-core software-rendered
 * machine. Importing its parts in dependency order, a task apart, evaluates each part in its own task; every later
 * import finds the earlier parts evaluated already.
 */
async function start(): Promise<void> {
  // React's evaluation, one task the app cannot split (the app bench reports it on its own line, between these marks)
  perfMark(PERF_MARKS.librariesLoadStart);
  await import('./bootLibraries');
  perfMark(PERF_MARKS.librariesReady);
  await nextTask();
  await import('./experiments/registry');
  await nextTask();
  await import('./boot');
}

start().catch((e: Error) => {
  const root = document.getElementById('root');
  if (root) root.textContent = `Subspace Lab could not start: ${e.message}. Reload the page to try again.`;
  console.error(e);
});
