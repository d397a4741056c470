import type { Command } from '../command';
import { doctorCommand } from './doctor';
import { webCommand } from './web';

/** Every `udw` command, in the order `udw --help` lists them. */
export const COMMANDS: Command[] = [doctorCommand, webCommand];
