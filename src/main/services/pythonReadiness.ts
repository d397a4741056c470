/**
 * The quick half of the doctor, for the first-run banner at every start: does the interpreter in use start,
 * and can it find every module training imports? It asks Python where the modules are (importlib's find_spec)
 * without importing them, so it answers in a fraction of a second where the full doctor (doctorService)
 * imports torch twice. Versions of the modules are the full doctor's business.
 */
import type { DoctorReport } from '../../shared/api/app.contract';
import { ManagedProcess } from '../process/managedProcess';
import type { PythonChoice } from '../python/locatePython';
import { probePythonVersion } from '../python/pythonCandidates';
import { PYTHON_ENV_INHERIT } from '../python/pythonEnv';
import { TRAINING_MODULES } from './doctorService';

type Component = DoctorReport['components'][number];

const MARKER = 'udw-python-readiness';
const SCRIPT = [
  'import importlib.util, json, sys',
  'found = {}',
  `for name in ${JSON.stringify(TRAINING_MODULES)}:`,
  '    try:',
  '        found[name] = importlib.util.find_spec(name) is not None',
  '    except Exception:',
  '        found[name] = False',
  `print(json.dumps({"${MARKER}": {"version": "%d.%d.%d" % sys.version_info[:3], "executable": sys.executable, "modules": found}}))`,
].join('\n');

interface Answer {
  version: string;
  executable: string;
  modules: Record<string, boolean>;
}

/** The `python` and `training` components as the full doctor names them, from one short run of the interpreter. */
export async function quickPythonComponents(python: PythonChoice, timeoutMs = 20_000): Promise<Component[]> {
  const proc = ManagedProcess.launch({ name: `python ${python.command} readiness`, command: python.command, args: ['-c', SCRIPT], inheritEnv: PYTHON_ENV_INHERIT, timeoutMs, tailLines: 5 });
  let answer: Answer | null = null;
  proc.on('line', (line) => {
    if (line.stream !== 'stdout' || !line.text.includes(MARKER)) return;
    try {
      answer = (JSON.parse(line.text) as Record<string, Answer>)[MARKER] ?? null;
    } catch {
      // not our line after all
    }
  });
  const result = await proc.done;
  const from = `(from ${python.source})`;
  if (result.reason === 'spawnFailed') {
    return [
      { name: 'python', ok: false, version: null, detail: `cannot run ${python.command}: ${result.error ?? 'it did not start'} ${from}` },
      { name: 'training', ok: false, version: null, detail: 'python not found' },
    ];
  }
  const got = answer as Answer | null;
  if (!got) {
    // It ran but did not answer the script: a Python that is broken, or no Python at all.
    const version = await probePythonVersion(python.command);
    return [
      version
        ? { name: 'python', ok: true, version, detail: `${python.command} ${from}` }
        : { name: 'python', ok: false, version: null, detail: `${python.command} does not answer like a Python (expected "Python x.y" from --version) ${from}` },
      { name: 'training', ok: false, version: null, detail: `could not ask ${python.command} which training modules it has` },
    ];
  }
  const missing = TRAINING_MODULES.filter((m) => got.modules[m] !== true);
  return [
    { name: 'python', ok: true, version: got.version, detail: `${got.executable} ${from}` },
    missing.length === 0
      ? { name: 'training', ok: true, version: null, detail: `${python.command} has ${TRAINING_MODULES.join(', ')} (their versions: Check installation)` }
      : { name: 'training', ok: false, version: null, detail: `${python.command} lacks ${missing.join(', ')} (needed to train and export)` },
  ];
}
