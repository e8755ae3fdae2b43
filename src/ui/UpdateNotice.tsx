// Registers the offline service worker and says so when a new version is waiting or when the app is ready to work offline.
import { useRegisterSW } from 'virtual:pwa-register/react';
import './updateNotice.css';

/**
 * A new build never replaces the running one by itself (registerType 'prompt'): it waits until the
 * user presses Reload here, which activates it and reloads the page. Rendered once, beside the app.
 */
export function UpdateNotice() {
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    offlineReady: [offlineReady, setOfflineReady],
    updateServiceWorker,
  } = useRegisterSW({
    // after the load event, so installing and precaching never compete with the first paint
    immediate: false,
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
