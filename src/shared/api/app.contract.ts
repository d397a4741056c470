import { z } from 'zod';
import { event, request } from './define';

export const HostKind = z.enum(['electron', 'web', 'memory']);

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  host: HostKind,
  catalogPath: z.string(),
  platform: z.string(),
});

export const Settings = z.object({
  datasetFolders: z.array(z.string().min(1)),
  pythonPath: z.string().nullable(),
  mlflowUrl: z.url({ protocol: /^https?$/ }).nullable(),
  dvcRemote: z.string().nullable(),
  annotator: z.string().max(80),
  keymap: z.record(z.string(), z.string()),
});
export type Settings = z.infer<typeof Settings>;

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

export const appContract = {
  'app.info': request('Name, version and host of the running back end', z.object({}).strict(), AppInfo),
  'settings.get': request('Current settings', z.object({}).strict(), Settings),
  'settings.update': request('Change some settings; returns all of them', Settings.partial().strict(), Settings),
  'doctor.report': request('Status of Node, SQLite, ONNX Runtime, Python and torch', z.object({}).strict(), DoctorReport),
  'app.notice': event('A message for the user from the back end', z.object({ level: z.enum(['info', 'warning', 'error']), message: z.string() })),
} as const;
