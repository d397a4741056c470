import { z } from 'zod';
import { event, request } from './define';

export const HostKind = z.enum(['electron', 'web', 'memory']);
export type HostKind = z.infer<typeof HostKind>;

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  host: HostKind,
  catalogPath: z.string(),
  platform: z.string(),
});

/** What the renderer may change. No field here names a program: nothing the renderer sends is ever executed. */
export const EditableSettings = z.object({
  datasetFolders: z.array(z.string().min(1)),
  mlflowUrl: z.url({ protocol: /^https?$/ }).nullable(),
  dvcRemote: z.string().nullable(),
  annotator: z.string().max(80),
  keymap: z.record(z.string(), z.string()),
});
export type EditableSettings = z.infer<typeof EditableSettings>;

export const Settings = EditableSettings.extend({
  /** The interpreter the back end chose (native dialog or a discovered candidate), null for automatic. Read-only. */
  pythonPath: z.string().nullable(),
});
export type Settings = z.infer<typeof Settings>;

/** Ids the back end gives the interpreters it found: a digest of the path, so they stay the same across requests. */
export const PythonCandidateId = z.string().regex(/^py-[0-9a-f]{12}$/, 'expected an id from python.candidates (py- and 12 hex digits)');

/**
 * A partial update. The interpreter is picked by candidate id (`pythonChoice`, null for automatic), never by
 * path: the object is strict, so a `pythonPath` key is refused as an unknown field.
 */
export const SettingsPatch = EditableSettings.partial()
  .extend({ pythonChoice: PythonCandidateId.nullable().optional() })
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatch>;

export const PythonCandidate = z.object({
  id: PythonCandidateId,
  path: z.string(),
  /** What `python --version` answered (e.g. 3.12.3), null when it did not answer like a Python. */
  version: z.string().nullable(),
  /** Where the back end found it: --python, UDW_PYTHON, settings, project .venv, VIRTUAL_ENV, CONDA_PREFIX, PATH, system. */
  source: z.string(),
});
export type PythonCandidate = z.infer<typeof PythonCandidate>;

export const PythonCandidates = z.object({
  /** The interpreter the bridge and the doctor run now. */
  active: z.object({ path: z.string(), source: z.string(), id: PythonCandidateId.nullable() }),
  /** The stored choice (id of a candidate), null when the choice is automatic. */
  selected: PythonCandidateId.nullable(),
  candidates: z.array(PythonCandidate),
  /** Whether `settings.update { pythonChoice }` is accepted by this host. */
  canSelect: z.boolean(),
  /** Whether `python.choose` opens a native file dialog on this host (the desktop app). */
  canBrowse: z.boolean(),
  /** When the choice cannot be changed here, why and where it is set instead; also notes an ignored old setting. */
  note: z.string().nullable(),
});
export type PythonCandidates = z.infer<typeof PythonCandidates>;

export const ComponentStatus = z.object({
  name: z.string(),
  ok: z.boolean(),
  version: z.string().nullable(),
  detail: z.string(),
});

export const DoctorReport = z.object({
  ok: z.boolean(),
  components: z.array(ComponentStatus),
});
export type DoctorReport = z.infer<typeof DoctorReport>;

/** One line of the doctor's report as the app shows it: how bad it is and what to do about it. */
export const DoctorFinding = z.object({
  component: z.string(),
  severity: z.enum(['ok', 'warning', 'error']),
  version: z.string().nullable(),
  detail: z.string(),
  /** What the user can do about it, in this host's terms; null when nothing is needed. */
  fix: z.string().nullable(),
});
export type DoctorFinding = z.infer<typeof DoctorFinding>;

export const DoctorFindings = z.object({
  /** No finding is an error. */
  ok: z.boolean(),
  /** The interpreter in use starts, runs the bridge and has what training imports: the first-run banner's test. */
  pythonReady: z.boolean(),
  python: z.object({ path: z.string(), source: z.string() }),
  findings: z.array(DoctorFinding),
  /** The full doctor (`udw doctor`'s checks), or the quick check of the interpreter and where its modules are. */
  full: z.boolean(),
  /** When the checks ran (ISO 8601). */
  checkedAt: z.string(),
});
export type DoctorFindings = z.infer<typeof DoctorFindings>;

export const appContract = {
  'app.info': request('Name, version and host of the running back end', z.object({}).strict(), AppInfo),
  'settings.get': request('Current settings', z.object({}).strict(), Settings),
  'settings.update': request('Change some settings; returns all of them', SettingsPatch, Settings),
  'python.candidates': request('Python interpreters the back end found, the one in use, and whether this host lets the user change it', z.object({}).strict(), PythonCandidates),
  'python.choose': request(
    'Open the native file dialog (desktop app only) and use the interpreter the user picks; null when cancelled',
    z.object({}).strict(),
    z.object({ chosen: PythonCandidate.nullable() }),
  ),
  'doctor.report': request('Status of Node, SQLite, ONNX Runtime, Python and torch', z.object({}).strict(), DoctorReport),
  'doctor.findings': request(
    "The doctor's findings with what to do about each: a quick check of Python (the first-run banner), or with full the whole doctor (Settings)",
    z.object({ full: z.boolean().optional() }).strict(),
    DoctorFindings,
  ),
  'app.notice': event('A message for the user from the back end', z.object({ level: z.enum(['info', 'warning', 'error']), message: z.string() })),
} as const;
