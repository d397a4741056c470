/** The last N lines of an output stream, for error messages and a "show output" view; older lines fall off. */
export class LineTail {
  private readonly lines: string[] = [];

  public constructor(private readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`LineTail: capacity must be a positive integer, got ${capacity}`);
  }

  public add(line: string): void {
    this.lines.push(line);
    if (this.lines.length > this.capacity) this.lines.shift();
  }

  /** The kept lines, oldest first. */
  public get(): string[] {
    return [...this.lines];
  }
}
