/** `udw doctor` and the Settings page: what of the stack is present and working on this machine. */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { DoctorReport } from '../../shared/api/app.contract';
import type { PythonChoice } from '../python/locatePython';
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

/**
 * `python` is the interpreter the back end chose (services/pythonSelection.ts or the CLI's --python): the
 * doctor runs it, so it must never come from a renderer payload. `pythonNote` says why a stored one was ignored.
 */
export async function doctorReport(opts: { python: PythonChoice; pythonNote?: string | null; projectRoot: string }): Promise<DoctorReport> {
  const node: Component = { name: 'node', ok: true, version: process.versions.node, detail: `${process.platform}-${process.arch}` };
  const [sqlite, onnx, python] = await Promise.all([sqliteStatus(), onnxStatus(), pythonStatus(opts.python, opts.projectRoot, opts.pythonNote ?? null)]);
  const components = [node, sqlite, onnx, ...python];
  return { ok: components.every((c) => c.ok), components };
}
