import os from 'node:os';
import type { Handlers } from '../../shared/api/contract';
import { doctorFindings } from '../services/doctorFindings';
import { doctorReport } from '../services/doctorService';
import type { BackendContext } from '../services/handlerContext';

export const APP_NAME = 'UOS Drilling Workstation';
export const APP_VERSION = '0.1.0';

type AppHandlers = Pick<Handlers, 'app.info' | 'settings.get' | 'settings.update' | 'python.candidates' | 'python.choose' | 'doctor.report' | 'doctor.findings'>;

export function appHandlers(ctx: BackendContext): AppHandlers {
  return {
    'app.info': () => ({ name: APP_NAME, version: APP_VERSION, host: ctx.host, catalogPath: ctx.catalogPath, platform: `${os.platform()}-${os.arch()}` }),
    'settings.get': () => ctx.settings.get(),
    'settings.update': ({ pythonChoice, ...editable }) => {
      // The interpreter first: when this host refuses a change of it, nothing of the patch is stored.
      if (pythonChoice !== undefined) ctx.python.select(pythonChoice);
      return ctx.settings.update(editable);
    },
    'python.candidates': () => ctx.python.candidates(),
    'python.choose': () => ctx.python.choose(),
    'doctor.report': () => {
      const active = ctx.python.active();
      return doctorReport({ python: active, pythonNote: active.note, projectRoot: ctx.projectRoot });
    },
    'doctor.findings': ({ full }) => {
      const active = ctx.python.active();
      const python = { command: active.command, source: active.source };
      return doctorFindings({ python, note: active.note, projectRoot: ctx.projectRoot, ctx: { locked: ctx.python.lockedBecause() }, full: full === true });
    },
  };
}
