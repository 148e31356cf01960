import { CodeBlockWriter, printStructure, type StatementStructures, StructureKind, type WriterFunction } from 'ts-morph';
import { isCode } from './code.js';
import { wrapDocComments } from './doc-wrap.js';
import { inlineCode, oneLine } from './regenerate.js';

/**
 * The one indentation unit of generated code (src/ uses the same). Every multi-line text an
 * emitter hands to a structure is indented relative to its own first line in this unit.
 */
export const INDENT = '  ';

export type Statement = string | WriterFunction | StatementStructures;

/**
 * Prints a generated code file from its list of statement *structures* with ts-morph's structure
 * printer: no source file is created or parsed (nor manipulated node by node, which is
 * quadratic). Each top-level statement is printed on its own and the texts are joined the way
 * ts-morph's source-file printer separates statements, so the result is the same text as
 * printing the file whole; a statement the `texts` memo already holds (the same structure in a
 * file's `.ts` and `.d.ts`, such as every type alias) is printed once.
 */
export function printFile(
  statements: readonly Statement[],
  texts?: Map<Statement, string>,
  header: string | undefined = GENERATED_HEADER,
  /** Filled with the 0-based line each of `statements` starts on (declaration maps). */
  starts?: number[],
): string {
  // Pieces joined once at the end (appending to one growing string and looking at its end
  // would flatten it again and again); what the separators need of the text so far is tracked.
  const pieces: string[] = [];
  let tail = '';
  let closeBrace = false;
  let line = 0;
  const write = (piece: string): void => {
    if (piece === '') return;
    pieces.push(piece);
    if (starts) for (let i = piece.indexOf('\n'); i >= 0; i = piece.indexOf('\n', i + 1)) line++;
    tail = (tail + piece.slice(-2)).slice(-2);
    for (let i = piece.length - 1; i >= 0; i--) {
      const c = piece.charCodeAt(i);
      if (WHITESPACE.has(c)) continue;
      closeBrace = c === 0x7d;
      break;
    }
  };
  const all = header === undefined ? statements : [header, ...statements];
  const first = all.length - statements.length;
  let previous: Statement | undefined;
  for (const [index, statement] of all.entries()) {
    // A blank line between declarations, as hand-written code has them (so one operation's
    // group is set off from the next); imports and re-exports stay together, right under the
    // header comment.
    if (pieces.length > 0) {
      if (!tail.endsWith('\n')) write('\n');
      if ((closeBrace || blankLineBetween(previous, statement)) && tail !== '\n\n') write('\n');
    }
    previous = statement;
    if (starts && index >= first) starts.push(line);
    let text = texts?.get(statement);
    if (text === undefined) {
      text = printStatement(statement);
      texts?.set(statement, text);
    }
    write(text);
  }
  if (pieces.length > 0 && !tail.endsWith('\n')) write('\n');
  return pieces.join('');
}

function printStatement(statement: Statement): string {
  if (typeof statement === 'string') return wrapDocComments(statement.replace(/\r\n?/g, '\n'));
  if (typeof statement === 'function') {
    if (isCode(statement)) return wrapDocComments(statement.ts.replace(/\r\n?/g, '\n'));
    throw new Error('internal error: a top-level statement written by a function that is not a Code');
  }
  return wrapDocComments(printFlat(statement));
}

const PRINT_OPTIONS = { indentNumberOfSpaces: INDENT.length, useSingleQuote: true } as const;

type HangingIndent = (this: CodeBlockWriter, action: () => void) => CodeBlockWriter;
const writerPrototype = CodeBlockWriter.prototype as unknown as { hangingIndent: HangingIndent };
const noHangingIndent: HangingIndent = function (action) {
  action();
  return this;
};

/**
 * ts-morph's structure printer with one unit of indentation and single quotes, and without its
 * hanging indent. The printer writes a type, an initializer or a variable statement inside
 * `hangingIndent`, which indents every line after the first by one more unit; the text emitters
 * hand it is already indented relative to its first line, so a type body came out one unit too
 * deep and its closing brace at the unit in between (`type T = {` / 6 spaces / `    };` at 4),
 * object types in interfaces two units too deep. Turning the hanging indent off while printing
 * keeps that text as written; the rest (blocks, members) is indented by the printer as before.
 * It is swapped only around the synchronous print, so no other use of ts-morph sees it.
 * test/output-format.test.ts checks the result on every generated file.
 */
function printFlat(statement: StatementStructures): string {
  const hanging = writerPrototype.hangingIndent;
  writerPrototype.hangingIndent = noHangingIndent;
  try {
    return printStructure(statement, PRINT_OPTIONS);
  } finally {
    writerPrototype.hangingIndent = hanging;
  }
}

/** Imports and re-exports (and the header comment before them) are not set apart. */
function blankLineBetween(previous: Statement | undefined, statement: Statement): boolean {
  return !(isModuleReference(statement) && (previous === undefined || typeof previous === 'string' || isModuleReference(previous)));
}

function isModuleReference(statement: Statement): boolean {
  return (
    typeof statement === 'object' &&
    (statement.kind === StructureKind.ImportDeclaration || (statement.kind === StructureKind.ExportDeclaration && statement.moduleSpecifier !== undefined))
  );
}

const WHITESPACE = new Set([' ', '\f', '\n', '\r', '\t', '\v', '\u00A0', '\u2028', '\u2029'].map((c) => c.charCodeAt(0)));

export const GENERATED_HEADER = generatedHeader(undefined, 'npm run generate');

/**
 * The first line of every generated code file: the document it comes from and the command that
 * regenerates it in the user's project. Both come from the config (never from a spec) and are
 * kept on the one comment line (no line breaks or other control characters).
 */
export function generatedHeader(document: string | undefined, command: string): string {
  const from = document === undefined ? "the API document named in this package's README" : oneLine(document);
  return `// Generated by specweave from ${from}. Do not edit: run ${inlineCode(command)}.`;
}

/** The header of the runtime files copied into the output. */
export function runtimeHeader(command: string): string {
  return `// specweave runtime, copied from specweave's src/runtime. Do not edit: run ${inlineCode(command)}.`;
}
