// Registers the offline service worker once the page is quiet, and says so when a new version is waiting or when the app is ready to work offline.
import { useEffect, useState } from 'react';
import { useRegisterSW } from 'virtual:pwa-register/react';
import { useLabStoreApi } from '../store/hooks';
import { afterQuietStart } from './offlineCopyMoment';
import './updateNotice.css';

/**
 * Rendered once, beside the app: registers the service worker (UpdateNotice) only once the page has had time to load
 * and prepare, at an idle moment outside a run (afterQuietStart): its install copies the whole build for offline use.
 */
export function DeferredUpdateNotice() {
  const store = useLabStoreApi();
  const [registerNow, setRegisterNow] = useState(false);
  useEffect(() => {
    // a paused run holds no core: the copy may be made meanwhile
    const running = () => store.getState().run.status === 'running';
    return afterQuietStart(() => setRegisterNow(true), running, store.subscribe);
  }, [store]);
  return registerNow ? <UpdateNotice /> : null;
}

/**
 * A new build never replaces the running one by itself (registerType 'prompt'): it waits until the
 * user presses Reload here, which activates it and reloads the page. Rendered by DeferredUpdateNotice.
 */
export function UpdateNotice() {
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    offlineReady: [offlineReady, setOfflineReady],
    updateServiceWorker,
  } = useRegisterSW({
    // at once: DeferredUpdateNotice renders this well after the load event
    immediate: true,
    // the app works without it (private windows, http on a LAN address); say why offline use is missing
    onRegisterError: (e: unknown) => console.warn('Subspace Lab will not work offline: the service worker could not be registered.', e),
  });
  if (needRefresh) {
    return (
      <div className="sw-notice" role="status" data-testid="update-notice">
        <span>A new version is available.</span>
        <button type="button" data-testid="update-reload" onClick={() => void updateServiceWorker(true)}>Reload</button>
        <button type="button" className="sw-notice-later" onClick={() => setNeedRefresh(false)}>Later</button>
      </div>
    );
  }
  if (offlineReady) {
    return (
      // in the flow below the footer, not floating: it must never cover a control the user is about to press
      <div className="sw-offline-note" role="status" data-testid="offline-ready">
        <span>Ready to work offline: this browser keeps a copy of every page and its data.</span>
        <button type="button" className="sw-notice-later" onClick={() => setOfflineReady(false)}>Close</button>
      </div>
    );
  }
  return null;
}
