/**
 * Plain-text lines of a background task output file (Bash `run_in_background`): gathered per batch and
 * emitted as one `system`/`task_output` event by `flush`. Output files can grow without bound
 * (FORMATS.md §1.1), so one event keeps the newest TEXT_CAP characters and says how many it dropped.
 */
import { TEXT_CAP } from './values';

export class TaskTextBuffer {
  private parts: string[] = [];
  private chars = 0;
  private lines = 0;
  private dropped = 0;

  get empty(): boolean {
    return this.lines === 0;
  }

  add(line: string): void {
    this.lines++;
    let l = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (l.length > TEXT_CAP) {
      this.dropped += l.length - TEXT_CAP;
      l = l.slice(l.length - TEXT_CAP);
    }
    this.parts.push(l);
    this.chars += l.length + 1;
    // Drop whole old lines until the rest fits; `shift` is fine, parts stay few.
    while (this.parts.length > 1 && this.chars > TEXT_CAP + 1) {
      const gone = this.parts.shift() as string;
      this.chars -= gone.length + 1;
      this.dropped += gone.length + 1;
    }
  }

  /** Text and counts gathered since the last take; resets the buffer. */
  take(): { text: string; lines: number; droppedChars: number } {
    const r = { text: this.parts.join('\n'), lines: this.lines, droppedChars: this.dropped };
    this.parts = [];
    this.chars = 0;
    this.lines = 0;
    this.dropped = 0;
    return r;
  }
}
