/**
 * How the training manager starts python-bridge: `python -m udw_bridge <command> …` with PYTHONPATH and the
 * working folder at python-bridge/, the Python-relevant variables passed by name (python/pythonEnv.ts) and
 * nothing else of this process's environment. Tests put a stand-in bridge script in `entry`.
 */
import path from 'node:path';
import { PYTHON_ENV_INHERIT } from '../python/pythonEnv';

export interface BridgeLocation {
  /** What follows the interpreter before the command: `-m udw_bridge`, or a stand-in script. */
  entry: readonly string[];
  /** Working folder and PYTHONPATH. */
  dir: string;
  /** Extra variables for the child (tests: how a stand-in should behave). */
  env?: Readonly<Record<string, string>>;
}

export function defaultBridge(projectRoot: string): BridgeLocation {
  return { entry: ['-m', 'udw_bridge'], dir: path.join(projectRoot, 'python-bridge') };
}

export interface BridgeCommand {
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  inheritEnv: readonly string[];
}

export function bridgeCommand(python: string, bridge: BridgeLocation, args: readonly string[]): BridgeCommand {
  return {
    command: python,
    args: [...bridge.entry, ...args],
    cwd: bridge.dir,
    // Unbuffered, so the console and the events reach the app as they happen, not in 8 KB lumps.
    env: { PYTHONPATH: bridge.dir, PYTHONUNBUFFERED: '1', ...bridge.env },
    inheritEnv: PYTHON_ENV_INHERIT,
  };
}

/** What each of the bridge's exit codes means (BRIDGE_EXIT in shared/training/protocol.ts), for error messages. */
export const BRIDGE_EXIT_MEANING: Readonly<Record<number, string>> = {
  1: 'an unexpected error in the bridge',
  2: 'a usage error (a flag or value the bridge refused)',
  3: 'a required Python component is missing (run `udw python setup`, or see `udw doctor`)',
  4: 'the dataset or a checkpoint is unreadable or invalid',
  5: 'the exported ONNX model did not match PyTorch, so no model was kept',
  6: 'cancelled (a checkpoint was written first)',
  69: 'the bridge found the workstation gone',
};
