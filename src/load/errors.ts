/**
 * The one error type that reaches users for bad input: it names the file, the place in it
 * (a JSON pointer, and the line where known) and what is wrong. The CLI prints `format()` and
 * exits 1; anything else that escapes is a bug in specweave.
 */
export class SpecError extends Error {
  readonly file: string;
  readonly pointer: string | undefined;
  readonly line: number | undefined;
  readonly problem: string;

  constructor(file: string, problem: string, place: { pointer?: string | undefined; line?: number | undefined } = {}) {
    super(formatSpecError(file, problem, place.pointer, place.line));
    this.name = 'SpecError';
    this.file = file;
    this.problem = problem;
    this.pointer = place.pointer;
    this.line = place.line;
  }
}

export function formatSpecError(file: string, problem: string, pointer?: string, line?: number): string {
  const where = [line === undefined ? '' : `line ${line}`, pointer === undefined ? '' : `at ${pointer === '' ? '#' : `#${pointer}`}`]
    .filter(Boolean)
    .join(', ');
  return `${file}${where ? ` (${where})` : ''}: ${problem}`;
}

export { fromPointer, fromRefFragment, toPointer } from './json-pointer.js';

/**
 * A problem in a document that is still usable (it breaks a rule of its standard, or a field
 * is of the wrong kind where we can do without it): generation goes on and the CLI prints the
 * warning; `--strict` turns warnings into errors.
 */
export interface SpecWarning {
  file: string;
  problem: string;
  pointer: string | undefined;
  line: number | undefined;
  /** `file (line N, at #/pointer): problem`. */
  message: string;
}

export function specWarning(file: string, problem: string, place: { pointer?: string | undefined; line?: number | undefined } = {}): SpecWarning {
  return { file, problem, pointer: place.pointer, line: place.line, message: formatSpecError(file, problem, place.pointer, place.line) };
}

/** `--strict` and the document had warnings: each is an error. */
export class StrictModeError extends SpecError {
  readonly warnings: readonly SpecWarning[];

  constructor(warnings: readonly SpecWarning[]) {
    const first = warnings[0]!;
    const more = warnings.length > 1 ? ` (and ${warnings.length - 1} more problem${warnings.length > 2 ? 's' : ''})` : '';
    super(first.file, `${first.problem}${more}`, { pointer: first.pointer, line: first.line });
    this.name = 'StrictModeError';
    this.warnings = warnings;
  }
}
