/** `udw doctor` and the Settings page: what of the stack is present and working on this machine. */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { DoctorReport } from '../../shared/api/app.contract';
import type { PythonChoice } from '../python/locatePython';
import { ManagedProcess } from '../process/managedProcess';
import { PYTHON_ENV_INHERIT } from '../python/pythonEnv';
import { runBridge } from '../python/runBridge';

type Component = DoctorReport['components'][number];
const require = createRequire(import.meta.url);

function packageVersion(name: string): string | null {
  try {
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return null;
  }
}

async function sqliteStatus(): Promise<Component> {
  try {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(':memory:');
    const row = db.prepare('select sqlite_version() as v').get() as { v: string };
    db.close();
    return { name: 'sqlite', ok: true, version: row.v, detail: `better-sqlite3 ${packageVersion('better-sqlite3') ?? '?'}` };
  } catch (err) {
    return { name: 'sqlite', ok: false, version: null, detail: `better-sqlite3 does not load: ${(err as Error).message}` };
  }
}

async function onnxStatus(): Promise<Component> {
  try {
    const ort = await import('onnxruntime-node');
    const backends = typeof ort.listSupportedBackends === 'function' ? ort.listSupportedBackends().map((b) => b.name).join(', ') : 'cpu';
    return { name: 'onnxruntime', ok: true, version: packageVersion('onnxruntime-node'), detail: `backends built into this package: ${backends} (CPU always works; GPU ones need their drivers)` };
  } catch (err) {
    return { name: 'onnxruntime', ok: false, version: null, detail: `onnxruntime-node does not load: ${(err as Error).message}` };
  }
}

interface BridgeDoctor {
  python: { version: string; executable: string };
  torch: { installed: boolean; version: string | null; detail: string; cuda: boolean; cuda_devices: string[]; mps: boolean };
}

async function pythonStatus(choice: PythonChoice, root: string, note: string | null): Promise<Component[]> {
  const why = note ? ` (${note})` : '';
  try {
    const res = await runBridge(choice.command, path.join(root, 'python-bridge'), ['doctor']);
    const report = res.json as BridgeDoctor | null;
    if (res.code !== 0 || !report) {
      return [
        { name: 'python', ok: false, version: null, detail: `${choice.command} (${choice.source}) failed: ${res.stderr.trim().split('\n').pop() ?? ''}${why}` },
        { name: 'torch', ok: false, version: null, detail: 'python bridge unavailable' },
      ];
    }
    const accel = report.torch.cuda ? `CUDA: ${report.torch.cuda_devices.join(', ')}` : report.torch.mps ? 'MPS available' : 'CPU only (no CUDA, no MPS)';
    return [
      { name: 'python', ok: true, version: report.python.version, detail: `${report.python.executable} (from ${choice.source})${why}` },
      { name: 'torch', ok: report.torch.installed, version: report.torch.version, detail: report.torch.installed ? accel : report.torch.detail },
    ];
  } catch (err) {
    return [
      { name: 'python', ok: false, version: null, detail: `${(err as Error).message} (from ${choice.source})${why}` },
      { name: 'torch', ok: false, version: null, detail: 'python not found' },
    ];
  }
}

/** What `udw_bridge train`, `evaluate` and `export` import; a missing one stops training at its start (exit 3). */
export const TRAINING_MODULES = ['torch', 'onnx', 'onnxruntime', 'numpy', 'tqdm'] as const;
export type TrainingModules = Record<(typeof TRAINING_MODULES)[number], string | null>;

const MODULES_MARKER = 'udw-training-modules';
const MODULES_SCRIPT = [
  'import importlib, json',
  'found = {}',
  `for name in ${JSON.stringify(TRAINING_MODULES)}:`,
  '    try:',
  '        found[name] = str(getattr(importlib.import_module(name), "__version__", "unknown"))',
  '    except Exception:',
  '        found[name] = None',
  `print(json.dumps({"${MODULES_MARKER}": found}))`,
].join('\n');

/**
 * The version of each training module in `python`'s environment (null: not importable), or null when the
 * interpreter could not be asked (does not start, is no Python). Imports torch: a second or two.
 */
export async function probeTrainingModules(python: string, timeoutMs = 120_000): Promise<TrainingModules | null> {
  const proc = ManagedProcess.launch({ name: `python ${python} training modules`, command: python, args: ['-c', MODULES_SCRIPT], inheritEnv: PYTHON_ENV_INHERIT, timeoutMs, tailLines: 20 });
  let found: TrainingModules | null = null;
  proc.on('line', (line) => {
    if (line.stream !== 'stdout' || !line.text.includes(MODULES_MARKER)) return;
    try {
      const parsed = (JSON.parse(line.text) as Record<string, unknown>)[MODULES_MARKER] as Record<string, unknown>;
      found = Object.fromEntries(TRAINING_MODULES.map((m) => [m, typeof parsed[m] === 'string' ? parsed[m] : null])) as TrainingModules;
    } catch {
      // not our line after all
    }
  });
  const result = await proc.done;
  return result.reason === 'exited' ? found : null;
}

/** One doctor line for training: which modules are there, which are missing and how to get them. */
export function trainingComponent(python: string, modules: TrainingModules | null): Component {
  const fix = 'fix: `udw python setup` (a venv from python-bridge/requirements.txt), or `pip install -r python-bridge/requirements.txt` into this interpreter';
  if (!modules) return { name: 'training', ok: false, version: null, detail: `could not ask ${python} which training modules it has; ${fix}` };
  const missing = TRAINING_MODULES.filter((m) => modules[m] === null);
  const present = TRAINING_MODULES.filter((m) => modules[m] !== null).map((m) => `${m} ${modules[m]}`);
  if (missing.length === 0) return { name: 'training', ok: true, version: null, detail: `${python} has ${present.join(', ')}` };
  return { name: 'training', ok: false, version: null, detail: `${python} lacks ${missing.join(', ')} (needed to train and export)${present.length ? `; has ${present.join(', ')}` : ''}; ${fix}` };
}

/**
 * `python` is the interpreter the back end chose (services/pythonSelection.ts or the CLI's --python): the
 * doctor runs it, so it must never come from a renderer payload. `pythonNote` says why a stored one was ignored.
 */
export async function doctorReport(opts: { python: PythonChoice; pythonNote?: string | null; projectRoot: string }): Promise<DoctorReport> {
  const node: Component = { name: 'node', ok: true, version: process.versions.node, detail: `${process.platform}-${process.arch}` };
  const [sqlite, onnx, python, modules] = await Promise.all([
    sqliteStatus(),
    onnxStatus(),
    pythonStatus(opts.python, opts.projectRoot, opts.pythonNote ?? null),
    probeTrainingModules(opts.python.command).catch(() => null),
  ]);
  const components = [node, sqlite, onnx, ...python, trainingComponent(opts.python.command, modules)];
  return { ok: components.every((c) => c.ok), components };
}
