/**
 * Validation over the real shared corpus (../shared/setitec, 778 files). Skipped with a message when the
 * corpus is not beside the project.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseSetitec } from '../../../src/shared/setitec/parse';
import { validateCatalog, validateFile } from '../../../src/shared/validation';
import type { FileSummary, Finding } from '../../../src/shared/validation';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const CORPUS = path.resolve(repoRoot, '../shared/setitec');
const HAVE_CORPUS = fs.existsSync(CORPUS);
if (!HAVE_CORPUS) console.warn(`[validation corpus tests] skipped: real corpus not found at ${CORPUS}`);

const NOW = new Date('2025-07-15T00:00:00Z');

function walk(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.xls') ? [path.join(dir, e.name)] : []));
}

interface Result {
  rel: string;
  findings: Finding[];
  stopCodes: Set<number>;
  summary: FileSummary;
  converted: boolean;
}

const KILLMOT_FILES = [
  'MDB-MQL/E0040100247BDE7A_114-V3-003-MQ_ST_1146_1.xls',
  'TUHH/001_V1/V1_023.xls',
  'TUHH/002_V2/V2__095.xls',
  'TUHH/002_V2/V2__096.xls',
  'TUHH/003_V3/V3_037.xls',
  'TUHH/003_V3/V3_038.xls',
  'TUHH/004_V4/V4_107.xls',
  'TUHH/004_V4/V4_116.xls',
  'TUHH/004_V4/V4_127.xls',
];
const CLOCK_UNSET_FILES = [
  'misc/E00401006B6B2977_113-V3-022_ST_2193_63.xls',
  'misc/E00401006B6B2977_113-V3-022_ST_2194_64.xls',
  'misc/E00401006B6B2977_113-V3-022_ST_2195_65.xls',
];

describe.skipIf(!HAVE_CORPUS)(`real corpus validation (${HAVE_CORPUS ? CORPUS : 'skipped: ../shared/setitec missing'})`, () => {
  const results = new Map<string, Result>();
  const parseFailures: string[] = [];

  beforeAll(() => {
    for (const abs of walk(CORPUS)) {
      const rel = path.relative(CORPUS, abs).split(path.sep).join('/');
      const r = parseSetitec(new Uint8Array(fs.readFileSync(abs)), rel);
      if (!r.ok) {
        parseFailures.push(`${rel}: ${r.error.message}`);
        continue;
      }
      const stop = r.file.data.columns.find((c) => c.key === 'stop_code')?.values ?? new Float64Array();
      const findings = validateFile(r.file, { now: NOW });
      results.set(rel, {
        rel,
        findings,
        stopCodes: new Set(stop),
        summary: {
          id: rel,
          hash: null,
          headName: r.file.head.name,
          globalCounter: r.file.head.globalCounter,
          date: r.file.date?.iso ?? null,
          clockUnset: r.file.date?.clockUnset ?? false,
        },
        converted: findings.some((f) => f.ruleId === 'V05'),
      });
    }
  });

  const find = (rel: string, id: string): Finding[] => {
    const r = results.get(rel);
    expect(r, rel).toBeDefined();
    return r!.findings.filter((f) => f.ruleId === id);
  };

  it('parses all 778 files', () => {
    expect(parseFailures).toEqual([]);
    expect(results.size).toBe(778);
  });

  it('no file has an error finding (DOMAIN §14: 0 upstream hits for every file-level E check)', () => {
    const errors = [...results.values()].flatMap((r) => r.findings.filter((f) => f.severity === 'error').map((f) => `${r.rel}: ${f.ruleId} ${f.message}`));
    expect(errors).toEqual([]);
  });

  it('the 9 files with 131074 get the anomaly warning, and only they have that code', () => {
    const withCode = [...results.values()].filter((r) => r.stopCodes.has(131074)).map((r) => r.rel).sort();
    expect(withCode).toEqual([...KILLMOT_FILES].sort());
    for (const rel of KILLMOT_FILES) {
      const v23 = find(rel, 'V23');
      expect(v23.some((f) => f.severity === 'warning' && f.message.includes('KILLMOT_M1 + TORQUE_LIMIT (131074)')), rel).toBe(true);
    }
    expect(find(KILLMOT_FILES[0]!, 'V23').some((f) => f.message.includes('Cycle OK = False'))).toBe(true);
  });

  it('the 1970 files get the date warning', () => {
    const flagged = [...results.values()].filter((r) => r.findings.some((f) => f.ruleId === 'V04')).map((r) => r.rel).sort();
    expect(flagged).toEqual(CLOCK_UNSET_FILES);
    for (const rel of CLOCK_UNSET_FILES) expect(find(rel, 'V04')[0]!.message).toContain('1970');
  });

  it('MQTT_to_XLS_* files get the converted-file warning and the Step Results ≠ Datas warning', () => {
    const converted = [...results.keys()].filter((k) => path.basename(k).startsWith('MQTT_to_XLS_'));
    expect(converted).toHaveLength(3);
    for (const rel of converted) {
      expect(find(rel, 'V05'), rel).toHaveLength(1);
      expect(find(rel, 'V21').some((f) => f.message.includes('Step Results ≠ Datas')), rel).toBe(true);
    }
    const v05 = [...results.values()].filter((r) => r.findings.some((f) => f.ruleId === 'V05')).map((r) => r.rel).sort();
    expect(v05).toEqual(converted.sort());
  });

  it('V5_10.xls gets the air-cycle warning', () => {
    const v30 = find('TUHH/005_V5/V5_10.xls', 'V30');
    expect(v30).toHaveLength(1);
    expect(v30[0]!.severity).toBe('warning');
  });

  it('17070141_17070141_ST_59_55.xls gets the file-name / metadata mismatch, and it is the only one', () => {
    const v33 = find('misc/17070141_17070141_ST_59_55.xls', 'V33');
    expect(v33).toHaveLength(1);
    expect(v33[0]!.message).toContain('global counter 59 but Head Global Counter is 58');
    const all = [...results.values()].filter((r) => r.findings.some((f) => f.ruleId === 'V33')).map((r) => r.rel);
    expect(all).toEqual(['misc/17070141_17070141_ST_59_55.xls']);
  });

  it('98 files have no step 2 (V25 info)', () => {
    const v25 = [...results.values()].filter((r) => r.findings.some((f) => f.ruleId === 'V25'));
    expect(v25).toHaveLength(98);
  });

  it('catalog: the only (head, global counter) duplicates are converted files with copied metadata', () => {
    const naive = validateCatalog([...results.values()].map((r) => r.summary)).filter((f) => f.ruleId === 'V34');
    expect(naive.map((f) => f.fileId).sort()).toEqual(['misc/MQTT_to_XLS_17070141_798a.xls', 'misc/MQTT_to_XLS_17070144_175b.xls', 'misc/MQTT_to_XLS_17070144_30221.xls']);
    // Marking converted files' identity as untrusted (V05) leaves the de-duplicated corpus without duplicates.
    const cat = validateCatalog([...results.values()].map((r) => ({ ...r.summary, untrustedIdentity: r.converted })));
    expect(cat.filter((f) => f.ruleId === 'V34')).toEqual([]);
  });

  it('catalog: global counters increase with the date for every head (no V35)', () => {
    const cat = validateCatalog([...results.values()].map((r) => ({ ...r.summary, untrustedIdentity: r.converted })));
    expect(cat.filter((f) => f.ruleId === 'V35')).toEqual([]);
  });
});
