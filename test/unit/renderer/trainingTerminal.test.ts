/**
 * The training console's terminal buffer: what a pty running python-bridge sends (tqdm's \r redraws and
 * ESC[A for stacked bars, SGR colours, escape sequences split across chunks) becomes the lines a terminal
 * would show.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TerminalBuffer, palette256 } from '../../../src/renderer/features/training/terminalBuffer';

function fed(...chunks: string[]): TerminalBuffer {
  const t = new TerminalBuffer();
  for (const c of chunks) t.write(c);
  return t;
}

describe('terminal buffer: lines and carriage returns', () => {
  it('splits on \\n and \\r\\n alike', () => {
    expect(fed('one\ntwo\r\nthree').text()).toEqual(['one', 'two', 'three']);
  });

  it('a tqdm bar redrawn with \\r stays one line showing the last state', () => {
    const t = fed('loading\n', '\r  0%|          | 0/20', '\r 50%|█████     | 10/20', '\r100%|██████████| 20/20\n', 'done\n');
    expect(t.text()).toEqual(['loading', '100%|██████████| 20/20', 'done']);
  });

  it('\\r then shorter text overwrites only the start, as a terminal does, until ESC[K erases the rest', () => {
    expect(fed('abcdef\rXY').text()).toEqual(['XYcdef']);
    expect(fed('abcdef\rXY\x1b[K').text()).toEqual(['XY']);
    expect(fed('abcdef\r\x1b[2K').text()).toEqual(['']);
  });

  it('ESC[A moves up to redraw a stacked bar above the current line', () => {
    const t = fed('epoch 1 bar\nstep bar 1', '\x1b[A\repoch 2 bar\x1b[K\n\rstep bar 2\x1b[K');
    expect(t.text()).toEqual(['epoch 2 bar', 'step bar 2']);
  });

  it('backspace and tab move the cursor', () => {
    expect(fed('ab\bc').text()).toEqual(['ac']);
    expect(fed('a\tb').text()).toEqual(['a       b']);
  });

  it('ESC[2J clears the screen', () => {
    const t = fed('old\nlines\n\x1b[2Jnew');
    expect(t.text()).toEqual(['new']);
  });

  it('keeps at most maxLines, dropping the oldest and counting them', () => {
    const t = new TerminalBuffer(3);
    t.write('1\n2\n3\n4\n5\n');
    expect(t.text()).toEqual(['4', '5']);
    t.write('6');
    expect(t.text()).toEqual(['4', '5', '6']);
    expect(t.dropped).toBe(3);
  });
});

describe('terminal buffer: escape sequences', () => {
  it('SGR colours become classes; reset ends them', () => {
    const t = fed('\x1b[32mok\x1b[0m plain \x1b[1;91mbad\x1b[m');
    expect(t.text()).toEqual(['ok plain bad']);
    expect(t.spans(0)).toEqual([
      { text: 'ok', className: 'ansi-fg-2' },
      { text: ' plain ', className: '' },
      { text: 'bad', className: 'ansi-fg-9 ansi-bold' },
    ]);
  });

  it('256-colour and true-colour SGR give exact colours', () => {
    const t = fed('\x1b[38;5;196mr\x1b[48;2;0;128;255mb\x1b[39;49m.');
    expect(t.spans(0)).toEqual([
      { text: 'r', className: '', color: palette256(196) },
      { text: 'b', className: '', color: palette256(196), background: 'rgb(0, 128, 255)' },
      { text: '.', className: '' },
    ]);
    expect(palette256(196)).toBe('rgb(255, 0, 0)');
    expect(palette256(232)).toBe('rgb(8, 8, 8)');
  });

  it('an escape sequence split across chunks is applied, never shown', () => {
    const t = fed('a\x1b', '[3', '1mred\x1b[', '0m');
    expect(t.text()).toEqual(['ared']);
    expect(t.spans(0)[1]).toEqual({ text: 'red', className: 'ansi-fg-1' });
  });

  it('private modes, OSC titles and charset selects leave no trace', () => {
    expect(fed('\x1b[?25lx\x1b]0;title\x07y\x1b]8;;http://a\x1b\\z\x1b(Bw\x1b[?25h').text()).toEqual(['xyzw']);
  });

  it('inverse on default colours asks the view to swap the console colours', () => {
    expect(fed('\x1b[7mX').spans(0)).toEqual([{ text: 'X', className: 'ansi-inverse-fg ansi-inverse-bg' }]);
  });

  it('the line version changes only for lines written to', () => {
    const t = fed('a\nb');
    const [v0, v1] = [t.lineVersion(0), t.lineVersion(1)];
    t.write('c');
    expect(t.lineVersion(0)).toBe(v0);
    expect(t.lineVersion(1)).toBeGreaterThan(v1);
  });

  it('any split of the same output gives the same screen', () => {
    const output = 'start\n\x1b[32m 10%\x1b[0m|█   |\r\x1b[32m100%\x1b[0m|████|\x1b[K\nend \x1b[38;5;33mblue\x1b[m\r\n';
    const whole = fed(output);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: output.length - 1 }), { maxLength: 8 }), (cuts) => {
        const at = [0, ...cuts.sort((a, b) => a - b), output.length];
        const pieces = at.slice(1).map((end, i) => output.slice(at[i], end));
        const t = fed(...pieces);
        expect(t.text()).toEqual(whole.text());
        for (let i = 0; i < whole.lineCount; i++) expect(t.spans(i)).toEqual(whole.spans(i));
      }),
    );
  });
});
