/**
 * The doctor's report as the app shows it (`doctor.findings`): every component of `udw doctor` with how bad
 * its state is and what to do about it in this host's terms, and whether Python is ready, which decides the
 * first-run banner. The full checks are doctorService's, the same ones `udw doctor` prints; the quick one
 * (pythonReadiness.ts) only asks the interpreter whether it starts and finds the training modules.
 */
import type { DoctorFinding, DoctorFindings, DoctorReport } from '../../shared/api/app.contract';
import type { PythonChoice } from '../python/locatePython';
import { doctorReport } from './doctorService';
import { quickPythonComponents } from './pythonReadiness';

type Component = DoctorReport['components'][number];

/** The components that make Python "ready": it starts, runs the bridge, and has everything training imports. */
const PYTHON_COMPONENTS = ['python', 'torch', 'training'] as const;

export interface FindingsContext {
  /** Why this host does not let the app change the interpreter (PythonSelection.lockedBecause), or null. */
  locked: string | null;
}

const SET_UP = 'pip install -r python-bridge/requirements.txt';

/** What to do about a component that is not ok, in the words of the place the user is in. */
function fixFor(c: Component, python: PythonChoice, ctx: FindingsContext): string {
  const inApp = ctx.locked === null;
  switch (c.name) {
    case 'python':
      return inApp
        ? `Set up Python (a venv with torch, onnx, onnxruntime, numpy and tqdm, from the internet or your pip mirror), or "Use an interpreter…" to pick one you set up yourself; \`udw python setup\` does the same from a terminal`
        : `${ctx.locked}; \`udw python setup\` makes a venv that can train`;
    case 'torch':
    case 'training':
      return inApp
        ? `Set up Python installs python-bridge/requirements.txt into a venv of its own and uses it; or run \`${python.command} -m ${SET_UP}\` and check again`
        : `run \`udw python setup\` (or \`${python.command} -m ${SET_UP}\`), then restart with its interpreter if it says so`;
    case 'sqlite':
      return 'the catalog cannot open without it: reinstall the workstation (from the sources: `npm ci`, which builds better-sqlite3 for this Node)';
    case 'onnxruntime':
      return 'models cannot pre-annotate without it (labelling and training still work): reinstall the workstation (from the sources: `npm ci`)';
    default:
      return 'run `udw doctor` in a terminal for the full report';
  }
}

export function findingsFrom(report: DoctorReport, python: PythonChoice, note: string | null, ctx: FindingsContext, opts: { full: boolean; checkedAt?: Date }): DoctorFindings {
  const findings: DoctorFinding[] = report.components.map((c) => ({
    component: c.name,
    severity: c.ok ? 'ok' : 'error',
    version: c.version,
    detail: c.detail,
    fix: c.ok ? null : fixFor(c, python, ctx),
  }));
  // An old setting that was ignored is worth saying, but the interpreter in use may be fine.
  if (note) findings.push({ component: 'settings', severity: 'warning', version: null, detail: note, fix: ctx.locked ? null : 'choose an interpreter under Settings → Python' });
  const byName = new Map(report.components.map((c) => [c.name, c]));
  return {
    ok: findings.every((f) => f.severity !== 'error'),
    // The quick check has no torch line: what it has must be ok, and python and training are always there.
    pythonReady: PYTHON_COMPONENTS.every((n) => byName.get(n)?.ok ?? n === 'torch'),
    full: opts.full,
    python: { path: python.command, source: python.source },
    findings,
    checkedAt: (opts.checkedAt ?? new Date()).toISOString(),
  };
}

/**
 * `doctor.findings`: the quick check by default (the first-run banner asks at every start, and must not keep a
 * request open for the seconds torch takes to import), the full doctor of `udw doctor` with `full`.
 */
export async function doctorFindings(opts: { python: PythonChoice; note: string | null; projectRoot: string; ctx: FindingsContext; full: boolean }): Promise<DoctorFindings> {
  if (opts.full) return findingsFrom(await doctorReport({ python: opts.python, pythonNote: opts.note, projectRoot: opts.projectRoot }), opts.python, opts.note, opts.ctx, { full: true });
  const node: Component = { name: 'node', ok: true, version: process.versions.node, detail: `${process.platform}-${process.arch}` };
  const components = [node, ...(await quickPythonComponents(opts.python))];
  return findingsFrom({ ok: components.every((c) => c.ok), components }, opts.python, opts.note, opts.ctx, { full: false });
}
