/**
 * The training console: the run's terminal output as a terminal shows it (one updating tqdm bar, ANSI
 * colours as classes themed in training.css). Re-rendered at most once per animation frame however fast
 * the output comes, each line memoised on its version, and kept scrolled to the end unless the user has
 * scrolled up to read.
 */
import { memo, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { TerminalBuffer } from './terminalBuffer';
import './training.css';

/** One line, rendered again only when its version changes (keys are absolute line numbers, so a kept line keeps its key). */
const ConsoleLine = memo(
  function ConsoleLine({ buffer, index }: { buffer: TerminalBuffer; index: number; version: number }): React.JSX.Element {
    const spans = buffer.spans(index);
    return (
      <div className="console-line">
        {spans.length === 0
          ? '\u200b'
          : spans.map((s, i) =>
              s.className || s.color || s.background ? (
                <span key={i} className={s.className || undefined} style={s.color || s.background ? { color: s.color, background: s.background } : undefined}>
                  {s.text}
                </span>
              ) : (
                s.text
              ),
            )}
      </div>
    );
  },
  (a, b) => a.version === b.version && a.buffer === b.buffer,
);

/** The revision to render: follows `revision`, but at most once per animation frame. */
function useFrameThrottled(revision: number): number {
  const [shown, setShown] = useState(revision);
  const latest = useRef(revision);
  const frame = useRef<number | null>(null);
  useEffect(() => {
    latest.current = revision;
  }, [revision]);
  useEffect(() => {
    if (frame.current !== null || shown === revision) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = null;
      setShown(latest.current);
    });
  }, [revision, shown]);
  useEffect(
    () => () => {
      if (frame.current !== null) cancelAnimationFrame(frame.current);
      frame.current = null;
    },
    [],
  );
  return shown;
}

export function ConsoleView({ buffer, revision, label, testId }: { buffer: TerminalBuffer; revision: number; label: string; testId: string }): React.JSX.Element {
  const shown = useFrameThrottled(revision);
  const box = useRef<HTMLDivElement | null>(null);
  const pinned = useRef(true);

  useLayoutEffect(() => {
    const el = box.current;
    if (el && pinned.current) el.scrollTop = el.scrollHeight;
  }, [shown]);

  const lines: React.JSX.Element[] = [];
  for (let i = 0; i < buffer.lineCount; i++) lines.push(<ConsoleLine key={buffer.dropped + i} buffer={buffer} index={i} version={buffer.lineVersion(i)} />);

  return (
    <div
      ref={box}
      className="training-console"
      role="log"
      aria-label={label}
      data-testid={testId}
      data-lines={buffer.lineCount}
      data-revision={shown}
      tabIndex={0}
      onScroll={(e) => {
        const el = e.currentTarget;
        pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
      }}
    >
      {lines.length === 0 ? <div className="muted console-empty">No output yet.</div> : lines}
    </div>
  );
}
