// A ByteSource reading public/ from disk, for Node unit tests and scripts.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { ByteSource } from './datasets';

const PUBLIC_DIR = fileURLToPath(new URL('../../public/', import.meta.url));

export const nodeSource: ByteSource = async (path) => new Uint8Array(await readFile(PUBLIC_DIR + path));
