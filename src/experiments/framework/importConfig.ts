// The config importer's logic, free of React: a file's text in, a valid config with warnings (or one clear reason) out.
import type { Fields } from './fields';
import { ConfigImportError, MAX_IMPORT_BYTES, parseConfigJson } from './exporters';

/** What importing a file gives: a config every field accepts, or why the file could not be used. */
export type ImportOutcome =
  | { ok: true; experiment: string; config: Record<string, unknown>; warnings: string[] }
  | { ok: false; message: string };

/**
 * Reads a config or run export the user picked. Never throws: anything unusable becomes `{ ok: false, message }`.
 * @param bytes the file's size as the browser reports it (checked before reading further)
 * @param fieldsOf the fields of an experiment by id, or undefined for one this build does not have
 * @param currentExperiment the page the file was dropped on (a bare `{ key: value }` config is for it)
 */
export function importConfigText(text: string, bytes: number, fieldsOf: (id: string) => Fields | undefined, currentExperiment: string): ImportOutcome {
  try {
    if (bytes > MAX_IMPORT_BYTES) throw new ConfigImportError(`The file is ${(bytes / 2 ** 20).toFixed(1)} MB; the limit is ${MAX_IMPORT_BYTES / 2 ** 20} MB.`);
    const imported = parseConfigJson(text, fieldsOf, currentExperiment);
    return { ok: true, ...imported };
  } catch (e) {
    return { ok: false, message: e instanceof ConfigImportError ? e.message : `The file could not be read: ${(e as Error)?.message ?? String(e)}` };
  }
}
