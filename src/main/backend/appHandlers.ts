import os from 'node:os';
import type { Handlers } from '../../shared/api/contract';
import { doctorReport } from '../services/doctorService';
import type { BackendContext } from './context';

export const APP_NAME = 'UOS Drilling Workstation';
export const APP_VERSION = '0.1.0';

type AppHandlers = Pick<Handlers, 'app.info' | 'settings.get' | 'settings.update' | 'doctor.report'>;

export function appHandlers(ctx: BackendContext): AppHandlers {
  return {
    'app.info': () => ({ name: APP_NAME, version: APP_VERSION, host: ctx.host, catalogPath: ctx.catalogPath, platform: `${os.platform()}-${os.arch()}` }),
    'settings.get': () => ctx.settings.get(),
    'settings.update': (patch) => ctx.settings.update(patch),
    'doctor.report': () => doctorReport({ pythonPath: ctx.settings.get().pythonPath, projectRoot: ctx.projectRoot }),
  };
}
