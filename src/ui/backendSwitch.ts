// Switching the compute backend: reload with ?backend= set, keeping the hash (the experiment and its config).
import type { EngineState } from '../store/store';

type BackendRequest = EngineState['request'];

export const BACKEND_CHOICES: readonly { value: BackendRequest; label: string }[] = [
  { value: 'auto', label: 'auto' },
  { value: 'webgpu', label: 'webgpu' },
  { value: 'cpu', label: 'cpu' },
];

/** The page URL with ?backend= set (or removed for auto). */
export function backendUrl(href: string, kind: BackendRequest): string {
  const url = new URL(href);
  if (kind === 'auto') url.searchParams.delete('backend');
  else url.searchParams.set('backend', kind);
  return url.toString();
}

/** Reloads the page on another backend; the engine is chosen once per page load. */
export function switchBackend(kind: BackendRequest): void {
  location.assign(backendUrl(location.href, kind));
}
