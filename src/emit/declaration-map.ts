/**
 * Declaration maps (`.d.ts.map`) for the generated files, so that go-to-definition in an editor
 * lands in the package's TypeScript sources (`src/`) rather than in `dist/`. The `.d.ts` and the
 * `.ts` are printed from the same statement structures (src/emit/javascript.ts), so the map is
 * built from where each statement starts in both prints, not by a compiler: line by line, a
 * declaration line maps to the source line with the same text (a type or interface is printed
 * identically in both), else to the source line declaring the same name (a `declare`d function,
 * class member or constant), else to the statement's first line.
 */

/** Where each printed statement starts (0-based line) and the text it was printed as. */
export interface PrintedStatement {
  line: number;
  text: string;
}

/**
 * The version 3 source map of `declarationFile` (a path like `dist/beam/index.d.ts`) onto
 * `sourceFile` (`src/beam/index.ts`). `pairs` holds, per declaration statement, the statement of
 * the source it was derived from; the first line of both (the file header) maps onto itself.
 */
export function declarationMap(
  declarationFile: string,
  sourceFile: string,
  pairs: ReadonlyArray<{ declaration: PrintedStatement; source: PrintedStatement }>,
  declarationLineCount: number,
): string {
  // Per declaration line: [generated column, source line, source column] segments.
  const lines: Array<Array<[number, number, number]>> = Array.from({ length: declarationLineCount }, () => []);
  if (declarationLineCount > 0) lines[0]!.push([0, 0, 0]);
  for (const { declaration, source } of pairs) {
    const dLines = declaration.text.replace(/\n$/, '').split('\n');
    const sLines = source.text.replace(/\n$/, '').split('\n');
    const identical = declaration.text === source.text;
    let cursor = 0;
    dLines.forEach((line, k) => {
      const segments = lines[declaration.line + k];
      if (segments === undefined) return;
      let target = k;
      if (!identical) {
        const exact = indexFrom(sLines, cursor, (s) => s.trim() === line.trim());
        const key = declaredName(line);
        const named = exact >= 0 || key === undefined ? -1 : indexFrom(sLines, cursor, (s) => declaredName(s) === key);
        target = exact >= 0 ? exact : named >= 0 ? named : cursor;
        cursor = target;
      }
      const sourceLine = sLines[target] ?? '';
      const at = source.line + target;
      segments.push([0, at, 0]);
      if (line.trim() === sourceLine.trim()) {
        // The same text (perhaps indented differently): every word maps onto itself, so the
        // position an editor asks about (a name's first character) has a mapping of its own.
        const shift = indent(sourceLine) - indent(line);
        for (const word of line.matchAll(/[A-Za-z_$][\w$]*/g)) if (word.index > 0) segments.push([word.index, at, word.index + shift]);
      } else {
        const key = declaredName(line);
        const d = key === undefined ? -1 : line.indexOf(key);
        const s = key === undefined ? -1 : sourceLine.indexOf(key);
        if (d > 0 && s >= 0) segments.push([d, at, s]);
      }
    });
  }
  let sourceLine = 0;
  let sourceColumn = 0;
  const mappings = lines
    .map((segments) => {
      let column = 0;
      return segments
        .map(([generated, line, col]) => {
          // [generated column, source index, source line, source column], each relative to the last.
          const text = vlq(generated - column) + vlq(0) + vlq(line - sourceLine) + vlq(col - sourceColumn);
          column = generated;
          sourceLine = line;
          sourceColumn = col;
          return text;
        })
        .join(',');
    })
    .join(';');
  return `${JSON.stringify({ version: 3, file: basename(declarationFile), sourceRoot: '', sources: [relativePath(declarationFile, sourceFile)], names: [], mappings })}\n`;
}

/** The comment that points a declaration file at its map. */
export function mapComment(declarationFile: string): string {
  return `//# sourceMappingURL=${basename(declarationFile)}.map`;
}

function indent(line: string): number {
  return line.length - line.trimStart().length;
}

function indexFrom(lines: readonly string[], from: number, test: (line: string) => boolean): number {
  for (let i = from; i < lines.length; i++) if (test(lines[i]!)) return i;
  return -1;
}

const KEYWORDS =
  /^(?:export|declare|default|async|function\*?|class|interface|type|const|let|var|static|readonly|public|protected|private|abstract|override|get|set|new)\s+/;

/** The name a declaration line declares (`export declare function foo(` → `foo`), if any. */
function declaredName(line: string): string | undefined {
  let rest = line.trim();
  for (let m = KEYWORDS.exec(rest); m; m = KEYWORDS.exec(rest)) rest = rest.slice(m[0].length);
  const name = /^(?:\[[^\]]+\]|[#$\w]+|"[^"]*"|'[^']*')(?=\s*[?!]?\s*[(<:=;{]|\s+(?:extends|implements)\b)/.exec(rest);
  return name?.[0];
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** One source-map Base64 VLQ number. */
export function vlq(value: number): string {
  let v = value < 0 ? (-value << 1) | 1 : value << 1;
  let out = '';
  do {
    let digit = v & 31;
    v >>>= 5;
    if (v > 0) digit |= 32;
    out += BASE64[digit];
  } while (v > 0);
  return out;
}

/** Decodes the Base64 VLQ numbers of one segment. */
export function unvlq(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const c of segment) {
    const digit = BASE64.indexOf(c);
    value += (digit & 31) << shift;
    if (digit & 32) shift += 5;
    else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

/**
 * A map whose source gained `lines` lines at its top (the runtime's header, added after
 * compiling): source lines are relative, so only the first segment's changes.
 */
export function shiftSourceLines(mappings: string, lines: number): string {
  const match = /[A-Za-z0-9+/]+/.exec(mappings);
  if (!match) return mappings;
  const values = unvlq(match[0]);
  if (values.length < 4) return mappings;
  values[2]! += lines;
  return mappings.slice(0, match.index) + values.map(vlq).join('') + mappings.slice(match.index + match[0].length);
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** `dist/a/b.d.ts` → `src/a/b.ts` as `../../src/a/b.ts` (forward slashes; both inside the package). */
function relativePath(from: string, to: string): string {
  const up = from.split('/').length - 1;
  return `${'../'.repeat(up)}${to}`;
}
