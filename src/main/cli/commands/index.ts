import type { Command } from '../command';
import { doctorCommand } from './doctor';
import { filesCommand } from './files';
import { generateCommand } from './generate';
import { importCommand } from './import';
import { showCommand } from './show';
import { validateCommand } from './validate';
import { webCommand } from './web';

/** Every `udw` command, in the order `udw --help` lists them. */
export const COMMANDS: Command[] = [doctorCommand, webCommand, importCommand, filesCommand, showCommand, validateCommand, generateCommand];
