import type { Command } from '../command';
import { agreementCommand } from './agreement';
import { autolabelCommand } from './autolabel';
import { datasetCommand } from './dataset';
import { doctorCommand } from './doctor';
import { evaluateCommand } from './evaluate';
import { eventsCommand } from './events';
import { filesCommand } from './files';
import { generateCommand } from './generate';
import { importCommand } from './import';
import { inferCommand } from './infer';
import { pythonCommand } from './python';
import { remoteCommand } from './remote';
import { runsCommand } from './runs';
import { labelsCommand } from './labels';
import { modelsCommand } from './models';
import { serveCommand } from './serve';
import { showCommand } from './show';
import { syncCommand } from './sync';
import { snapshotCommand } from './snapshot';
import { trainCommand } from './train';
import { validateCommand } from './validate';
import { webCommand } from './web';
import { workspaceCommand } from './workspace';

/** Every `udw` command, in the order `udw --help` lists them. */
export const COMMANDS: Command[] = [doctorCommand, webCommand, importCommand, filesCommand, showCommand, validateCommand, autolabelCommand, labelsCommand, eventsCommand, generateCommand, agreementCommand, datasetCommand, trainCommand, runsCommand, evaluateCommand, pythonCommand, modelsCommand, inferCommand, serveCommand, workspaceCommand, snapshotCommand, remoteCommand, syncCommand];
