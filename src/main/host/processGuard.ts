/**
 * Last line of defence for the web-host process: an error no handler caught is logged loudly and the
 * host keeps serving, so one bad request from any page on this machine cannot take the workstation down.
 * Every handler catches its own errors; a line with GUARD_MARK on stderr is a bug, and the tests that
 * run the real host process fail on it.
 */
export const GUARD_MARK = 'udw web: unhandled error (host kept running)';

export function installProcessGuard(write: (line: string) => void = (line) => process.stderr.write(line)): () => void {
  const report =
    (kind: string) =>
    (err: unknown): void => {
      const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
      write(`${GUARD_MARK}: ${kind}: ${detail}\n`);
    };
  const onException = report('uncaughtException');
  const onRejection = report('unhandledRejection');
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return () => {
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
  };
}
