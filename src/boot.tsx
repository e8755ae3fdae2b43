// The app's start, imported by the page entry (main.tsx): creates the store and the engine API (window.subspaceLab), then renders the app.
import { startTransition, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { backendRequestFrom, createSubspaceLab, type SubspaceLab } from './api/subspaceLab';
import { createLabStore } from './store/store';
import { LabApiContext, LabStoreContext, RunnerContext } from './store/hooks';
import { createRunner } from './runner/runner';
import { startPageWarmups, warmupWantedFrom } from './runner/pageWarmup';
import { App } from './ui/App';
import { openLinkedExperiment } from './ui/experiment/openedPage';
import { DeferredUpdateNotice } from './ui/UpdateNotice';

declare global {
  interface Window {
    subspaceLab: SubspaceLab;
  }
}

const store = createLabStore(location.hash);
const request = backendRequestFrom(location.search);
store.getState().engineStarting(request);

// The worker starts in the page's first idle moment (at most 1 s in): its script compile would otherwise take a core
// from the first render, on a 2-core machine stretching the page's opening tasks past 100 ms.
const firstIdle = new Promise<void>((resolve) => {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(() => resolve(), { timeout: 1000 });
  else setTimeout(resolve, 0);
});
const lab = createSubspaceLab(request, {
  startAfter: firstIdle,
  onStatus: (s) => store.getState().engineReady(s),
  onInitError: (m) => store.getState().engineFailed(m),
  onEvent: (e) => {
    const st = store.getState();
    if (e.type === 'gpu-error') st.gpuError(e.message);
    else if (e.type === 'device-lost') {
      st.setDeviceLost(e.reason, e.message);
      // Run stays disabled until the engine has restarted ('engine-restarted' → onStatus → engineReady)
      st.engineStarting(st.engine.request);
    }
    else if (e.type === 'self-test-row') st.selfTestRow(e.row);
    else if (e.type === 'warmup') st.warmupProgress({ pageId: e.pageId, ...e.report });
  },
});
lab.ready.catch(() => {}); // the failure is already in the store and shown in the header
window.subspaceLab = lab;
const runner = createRunner(lab, store);
if (warmupWantedFrom(location.search)) startPageWarmups(lab, store);

// The linked experiment opens before the first render, which then renders the whole page in slices (a transition,
// below): opened from the page's own effect instead, the store change would re-render it all in one long task.
openLinkedExperiment(store);
window.addEventListener('hashchange', () => store.getState().navigate(location.hash));

// A transition, so React renders the first page in slices that yield to the browser instead of one long task.
const root = createRoot(document.getElementById('root')!);
startTransition(() => root.render(
  <StrictMode>
    <LabStoreContext.Provider value={store}>
      <LabApiContext.Provider value={lab}>
        <RunnerContext.Provider value={runner}>
          <App />
          <DeferredUpdateNotice />
        </RunnerContext.Provider>
      </LabApiContext.Provider>
    </LabStoreContext.Provider>
  </StrictMode>,
));
