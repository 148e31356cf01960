import { type SpecWarning, specWarning } from '../load/errors.js';
import { toPointer } from '../load/json-pointer.js';

/** A place in a document: the path segments of a JSON pointer, or the pointer itself. */
export type Place = ReadonlyArray<string | number> | string;

/**
 * The warnings of one document: what the builders, schema conversion and (through the
 * pipeline) the emitters left out or guessed, each with its place. The input document is never
 * touched; the pipeline reads `list` after the validator's warnings.
 */
export class Warnings {
  readonly list: SpecWarning[] = [];
  /** Pointer and problem of each warning: a place reached many times (a shared schema) says it once. */
  private readonly seen = new Set<string>();

  /** `original`: the place in the document as written of a path of what the builder reads (Swagger 2.0 is read as 3.x). */
  constructor(
    readonly file: string,
    private readonly lineOf: (pointer: string) => number | undefined = () => undefined,
    private readonly original?: (path: ReadonlyArray<string | number>) => Array<string | number>,
  ) {}

  add(place: Place, problem: string): void {
    const pointer = typeof place === 'string' ? place : toPointer(this.original ? this.original(place) : place);
    const key = `${pointer}\u0000${problem}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push(specWarning(this.file, problem, { pointer, line: this.lineOf(pointer) }));
  }
}
