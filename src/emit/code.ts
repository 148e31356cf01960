import type { CodeBlockWriter, WriterFunction } from 'ts-morph';

/**
 * Code text with TypeScript-only parts (type annotations, type arguments, `as` casts, optional
 * markers), so that one template gives both the `.ts` text and the `.js` text of a statement or
 * initializer and the two cannot drift apart. A `Code` is a ts-morph `WriterFunction` that writes
 * the TypeScript, so it goes into any structure field that takes text; the JavaScript variant of
 * a file (src/emit/javascript.ts) takes its `js`.
 *
 *   code`return f(x)${typed(' as Promise<T>')};`   → ts: `return f(x) as Promise<T>;`  js: `return f(x);`
 */
export interface Code extends WriterFunction {
  readonly ts: string;
  readonly js: string;
}

/** A part of a `code` template that exists only in TypeScript. */
export interface TypeOnly {
  readonly typeOnly: string;
}

export function typed(text: string): TypeOnly {
  return { typeOnly: text };
}

export function code(strings: TemplateStringsArray, ...values: ReadonlyArray<string | TypeOnly | Code>): Code {
  let ts = strings[0]!;
  let js = strings[0]!;
  values.forEach((value, i) => {
    const next = strings[i + 1]!;
    if (typeof value === 'string') {
      ts += value + next;
      js += value + next;
    } else if (isCode(value)) {
      ts += value.ts + next;
      js += value.js + next;
    } else {
      ts += value.typeOnly + next;
      js += next;
    }
  });
  return makeCode(ts, js);
}

/** Joins pieces of code (plain text is the same in both languages). */
export function joinCode(parts: ReadonlyArray<string | Code>, separator: string): Code {
  return makeCode(parts.map((p) => (typeof p === 'string' ? p : p.ts)).join(separator), parts.map((p) => (typeof p === 'string' ? p : p.js)).join(separator));
}

export function isCode(value: unknown): value is Code {
  return typeof value === 'function' && typeof (value as Partial<Code>).ts === 'string' && typeof (value as Partial<Code>).js === 'string';
}

function makeCode(ts: string, js: string): Code {
  return Object.assign((writer: CodeBlockWriter) => void writer.write(ts), { ts, js });
}
