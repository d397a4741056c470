/** The Setitec files under a folder, recursively, in path order: what the bench tools run over. */
import fs from 'node:fs';
import path from 'node:path';

export function corpusFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(xls|txt|csv|tsv)$/i.test(e.name)) out.push(p);
    }
  };
  walk(path.resolve(dir));
  return out.sort();
}
