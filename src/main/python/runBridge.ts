/** Run one short bridge command (`python -m udw_bridge …`) and read its last JSON line. */
import { execFile } from 'node:child_process';
import path from 'node:path';

export interface BridgeResult {
  code: number;
  json: unknown;
  stderr: string;
}

export function runBridge(python: string, bridgeDir: string, args: string[], timeoutMs = 60_000): Promise<BridgeResult> {
  return new Promise((resolve, reject) => {
    execFile(
      python,
      ['-m', 'udw_bridge', ...args],
      {
        cwd: bridgeDir,
        timeout: timeoutMs,
        env: { ...process.env, PYTHONPATH: [bridgeDir, process.env.PYTHONPATH].filter(Boolean).join(path.delimiter), PYTHONUNBUFFERED: '1' },
      },
      (err, stdout, stderr) => {
        if (err && typeof err.code !== 'number') {
          reject(new Error(`cannot run ${python}: ${err.message}`));
          return;
        }
        const lines = stdout.trim().split('\n').filter(Boolean);
        let json: unknown;
        try {
          json = lines.length ? JSON.parse(lines[lines.length - 1]!) : null;
        } catch {
          json = null;
        }
        resolve({ code: typeof err?.code === 'number' ? err.code : 0, json, stderr });
      },
    );
  });
}
