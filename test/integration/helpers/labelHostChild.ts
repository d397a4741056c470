/**
 * A real back end in its own process, for the durability test: catalog on disk, one synthetic Setitec
 * file imported through catalog.import, loopback HTTP host. Prints one JSON line {url, token, fileId} on
 * stdout, then serves until killed.
 *
 *   node --import tsx test/integration/helpers/labelHostChild.ts <catalog.sqlite>
 */
import fs from 'node:fs';
import path from 'node:path';
import { createBackend } from '../../../src/main/backend/createBackend';
import { startHttpHost } from '../../../src/main/host/httpHost';
import type { FileRow } from '../../../src/shared/api/catalog.contract';
import { encodeLatin1, generateSetitec } from '../../../src/shared/setitec/generator';

const catalogPath = process.argv[2];
if (!catalogPath) {
  process.stderr.write('usage: labelHostChild.ts <catalog.sqlite>\n');
  process.exit(2);
}
const backend = createBackend({ host: 'web', catalogPath });
backend.context.settings.update({ annotator: 'durability' });

const dataDir = path.join(path.dirname(catalogPath), 'data');
fs.mkdirSync(dataDir, { recursive: true });
const generated = generateSetitec({ seed: 20250523, version: 9 });
fs.writeFileSync(path.join(dataDir, generated.expected.fileName), encodeLatin1(generated.text));
const summary = await backend.dispatch('catalog.import', { dirs: [dataDir] });
const [file] = (await backend.dispatch('catalog.listFiles', {})) as FileRow[];
if (!file) throw new Error(`the synthetic file was not imported: ${JSON.stringify(summary)}`);

const host = await startHttpHost({ backend, staticDir: null });
process.stdout.write(`${JSON.stringify({ url: host.url, token: host.token, fileId: file.id })}\n`);
