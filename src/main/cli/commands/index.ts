import type { Command } from '../command';
import { agreementCommand } from './agreement';
import { autolabelCommand } from './autolabel';
import { doctorCommand } from './doctor';
import { eventsCommand } from './events';
import { filesCommand } from './files';
import { generateCommand } from './generate';
import { importCommand } from './import';
import { labelsCommand } from './labels';
import { showCommand } from './show';
import { validateCommand } from './validate';
import { webCommand } from './web';

/** Every `udw` command, in the order `udw --help` lists them. */
export const COMMANDS: Command[] = [doctorCommand, webCommand, importCommand, filesCommand, showCommand, validateCommand, autolabelCommand, labelsCommand, eventsCommand, generateCommand, agreementCommand];
