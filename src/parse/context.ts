import { SpecError } from '../load/errors.js';
import type { LoadedDocument } from '../load/index.js';
import { toPointer } from '../load/json-pointer.js';
import type { SecurityScheme, ServerVariable } from '../model/ir.js';
import { isRecord } from './schema.js';
import { Warnings } from './warnings.js';

/**
 * A security scheme of either kind of document, or undefined for kinds no client here applies.
 * OpenAPI's `apiKey` and AsyncAPI's `httpApiKey` are the same thing (AsyncAPI's own `apiKey`
 * names a user/password field, which has no header/query/cookie `in` and is skipped); Swagger
 * 2.0's `basic` is HTTP basic.
 */
export function readSecurityScheme(name: string, s: Record<string, unknown>): SecurityScheme | undefined {
  const docs = typeof s['description'] === 'string' ? { description: s['description'] } : {};
  const type = s['type'];
  if (type === 'http') {
    return { name, type: 'http', scheme: typeof s['scheme'] === 'string' ? s['scheme'].toLowerCase() : 'bearer', ...docs };
  }
  // AsyncAPI's `userPassword` is a user and a password: sent as HTTP basic (UTF-8) on the handshake.
  if (type === 'basic' || type === 'userPassword') return { name, type: 'http', scheme: 'basic', ...docs };
  if ((type === 'apiKey' || type === 'httpApiKey') && (s['in'] === 'header' || s['in'] === 'query' || s['in'] === 'cookie')) {
    return { name, type: 'apiKey', in: s['in'], parameterName: String(s['name'] ?? name), ...docs };
  }
  if (type === 'oauth2' || type === 'openIdConnect') return { name, type, ...docs };
  return undefined;
}

/**
 * Heartbeat interval and reply timeout: 1 s to 1,000,000 s each (the runtime waits interval +
 * timeout at most, which stays under a timer's 2^31-1 ms).
 */
export const HEARTBEAT_SECONDS = { min: 1, max: 1_000_000 } as const;
/** `x-specweave-timeout-seconds`: up to the longest timer (2^31-1 ms); 0 keeps its meaning (no timeout of its own). */
export const TIMEOUT_SECONDS = { min: 0, max: Math.floor((2 ** 31 - 1) / 1000) } as const;

/** What a builder needs to report a problem at a place in its document. */
export class ParseContext {
  /** What this document's build left out or guessed (the document itself is not touched). */
  readonly warnings: Warnings;

  /**
   * `original` names, for a path of what the builder reads, the place in the document as written
   * (a Swagger 2.0 document is read in OpenAPI 3.x shapes); problems are reported there.
   */
  constructor(
    readonly doc: LoadedDocument,
    private readonly original?: (path: ReadonlyArray<string | number>) => Array<string | number>,
  ) {
    this.warnings = new Warnings(doc.file, (pointer) => doc.lineOf(pointer), original);
  }

  fail(path: ReadonlyArray<string | number>, problem: string): never {
    const pointer = toPointer(this.original ? this.original(path) : path);
    throw new SpecError(this.doc.file, problem, { pointer, line: this.doc.lineOf(pointer) });
  }

  /** A problem the builder works around (it skips or guesses); reported with the document's warnings. */
  warn(path: ReadonlyArray<string | number>, problem: string): void {
    this.warnings.add(path, problem);
  }

  /**
   * A security scheme for the model, with a warning for one the generated clients do not apply
   * (HTTP digest and other HTTP schemes, mutual TLS, AsyncAPI's user/password kinds): calls
   * that need it are sent without its credentials.
   */
  securityScheme(name: string, s: Record<string, unknown>, path: ReadonlyArray<string | number>): SecurityScheme | undefined {
    const scheme = readSecurityScheme(name, s);
    const unapplied = (what: string): void =>
      this.warn(path, `security scheme "${name}" is ${what}, which the generated client does not apply; calls that need it are sent without its credentials`);
    if (scheme === undefined) unapplied(`of type ${JSON.stringify(s['type']) ?? 'nothing'}${s['in'] !== undefined ? ` in ${JSON.stringify(s['in'])}` : ''}`);
    else if (scheme.type === 'http' && scheme.scheme !== 'bearer' && scheme.scheme !== 'basic') unapplied(`HTTP "${scheme.scheme}" authentication`);
    return scheme;
  }

  string(value: unknown, path: ReadonlyArray<string | number>, what: string): string {
    if (typeof value !== 'string') this.fail(path, `${what} must be a string, got ${JSON.stringify(value) ?? 'nothing'}`);
    return value;
  }

  number(value: unknown, path: ReadonlyArray<string | number>, what: string): number {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
      this.fail(path, `${what} must be a non-negative number, got ${JSON.stringify(value) ?? 'nothing'}`);
    return value;
  }

  /**
   * A number of seconds a runtime turns into a timer: clamped to [min, max] with a warning that
   * names the place (a timer of more than 2^31-1 ms fires at once, issue 9; a ping every 0 s is
   * a storm). The bounds are HEARTBEAT_SECONDS and TIMEOUT_SECONDS.
   */
  seconds(value: unknown, path: ReadonlyArray<string | number>, what: string, bounds: { min: number; max: number }): number {
    const seconds = this.number(value, path, what);
    if (seconds < bounds.min) {
      this.warn(path, `${what} ${seconds} is below ${bounds.min} s; ${bounds.min} s is used`);
      return bounds.min;
    }
    if (seconds > bounds.max) {
      this.warn(path, `${what} ${seconds} is above ${bounds.max} s (timers cannot wait longer); ${bounds.max} s is used`);
      return bounds.max;
    }
    return seconds;
  }

  optionalString(value: unknown, path: ReadonlyArray<string | number>, what: string): string | undefined {
    return value === undefined ? undefined : this.string(value, path, what);
  }

  /** A server's variables; one that is not a mapping is read as a variable without a default. */
  serverVariables(value: unknown, path: ReadonlyArray<string | number>): ServerVariable[] {
    if (value === undefined) return [];
    if (!isRecord(value)) {
      this.warn(path, 'server variables must be a mapping; they are left out');
      return [];
    }
    return Object.keys(value).map((name) => {
      const v = value[name];
      const at = [...path, name];
      const variable: ServerVariable = { name };
      if (!isRecord(v)) {
        this.warn(at, `server variable "${name}" must be a mapping; it is read as one without a default`);
        return variable;
      }
      if (typeof v['description'] === 'string') variable.description = v['description'];
      if (v['default'] !== undefined && v['default'] !== null && typeof v['default'] !== 'object') variable.default = String(v['default']);
      if (Array.isArray(v['enum'])) variable.enum = v['enum'].filter((e) => e !== null && typeof e !== 'object').map(String);
      return variable;
    });
  }
}
