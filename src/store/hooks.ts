// The store's only React binding: a context holding the vanilla store and a selector hook.
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { LabStore, LabStoreApi } from './store';
import type { SubspaceLab } from '../api/subspaceLab';
import type { Runner } from '../runner/runner';

export const LabStoreContext = createContext<LabStoreApi | null>(null);
export const LabApiContext = createContext<SubspaceLab | null>(null);
export const RunnerContext = createContext<Runner | null>(null);

/** Reads a slice of the store; pass a narrow selector (useShallow for objects). */
export function useLab<T>(selector: (s: LabStore) => T): T {
  const store = useContext(LabStoreContext);
  if (!store) throw new Error('useLab must be used inside <LabStoreContext.Provider>');
  return useStore(store, selector);
}

/** The engine API (window.subspaceLab). */
export function useLabApi(): SubspaceLab {
  const api = useContext(LabApiContext);
  if (!api) throw new Error('useLabApi must be used inside <LabApiContext.Provider>');
  return api;
}

/** The page's run controller. */
export function useRunner(): Runner {
  const r = useContext(RunnerContext);
  if (!r) throw new Error('useRunner must be used inside <RunnerContext.Provider>');
  return r;
}

/** The vanilla store itself, for event handlers that read fresh state. */
export function useLabStoreApi(): LabStoreApi {
  const store = useContext(LabStoreContext);
  if (!store) throw new Error('useLabStoreApi must be used inside <LabStoreContext.Provider>');
  return store;
}
