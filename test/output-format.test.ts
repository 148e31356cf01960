/**
 * The layout of generated code (issue 13): one indentation unit of two spaces throughout, every
 * closing bracket that starts a line at the indentation of the line that opened it, no line
 * more than one unit deeper than the one before, single quotes, and doc comments wrapped at
 * DOC_WIDTH. Checked on every file printed from structures in generated/ (the copied runtime is
 * hand-written code, held to src/'s style by biome instead) and on the output of a few test
 * specs with hostile names, long descriptions, unions, maps and Swagger 2.0.
 *
 * Exempt from the width: a doc line holding one word that cannot break (a URL, a code span, an
 * inline tag), and lines of fenced code or Markdown tables in a description. Code lines are not
 * held to a width: signatures, unions and re-export lists are printed on one line (see the
 * report of issue 13).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DOC_WIDTH } from '../src/emit/doc-wrap.js';
import { generate } from '../src/pipeline.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const UNIT = 2;

/** Problems of one file's layout, as `line N: …` (empty when it is laid out as it should be). */
function layoutProblems(text: string): string[] {
  const problems: string[] = [];
  const lines = text.split('\n');
  // Open brackets: the indentation of the line each was opened on.
  const open: Array<{ char: string; indent: number }> = [];
  let inBlockComment = false;
  let inFence = false;
  let previousIndent = 0;
  for (const [index, line] of lines.entries()) {
    const n = index + 1;
    if (line.trim() === '') {
      if (line !== '') problems.push(`line ${n}: whitespace on an empty line`);
      continue;
    }
    if (/\s$/.test(line)) problems.push(`line ${n}: trailing whitespace`);
    const indentText = /^\s*/.exec(line)![0];
    if (/[^ ]/.test(indentText)) problems.push(`line ${n}: indented with something other than spaces`);
    const indent = indentText.length;
    const body = line.slice(indent);
    if (inBlockComment) {
      // ` * text` lines sit one column in from the `/**`.
      if (!body.startsWith('*')) problems.push(`line ${n}: a comment line not starting with *`);
      else if ((indent - 1) % UNIT !== 0) problems.push(`line ${n}: comment indented ${indent} (not a unit + 1)`);
      const content = body.startsWith('* ') ? body.slice(2) : '';
      if (/^\s*(```|~~~)/.test(content)) inFence = !inFence;
      if (line.length > DOC_WIDTH && !inFence && !/^\s*(\||```|~~~)/.test(content) && breakable(content)) {
        problems.push(`line ${n}: doc line of ${line.length} columns (wraps at ${DOC_WIDTH})`);
      }
      if (body.includes('*/')) inBlockComment = false;
      continue;
    }
    if (indent % UNIT !== 0) problems.push(`line ${n}: indented ${indent} (not a multiple of ${UNIT})`);
    if (indent > previousIndent + UNIT) problems.push(`line ${n}: indented ${indent}, more than one unit deeper than the line before (${previousIndent})`);
    if (body.startsWith('/**')) {
      if (line.length > DOC_WIDTH && breakable(body.replace(/^\/\*\*\s*|\s*\*\/$/g, '')))
        problems.push(`line ${n}: doc line of ${line.length} columns (wraps at ${DOC_WIDTH})`);
      if (!body.includes('*/')) {
        inBlockComment = true;
        inFence = false;
      }
      previousIndent = indent;
      continue;
    }
    // A line that starts by closing brackets sits where the line that opened the first one did.
    const closer = /^[}\])]/.exec(body);
    if (closer) {
      const opener = open[open.length - 1];
      if (opener && opener.indent !== indent) problems.push(`line ${n}: closes a bracket at ${indent}, opened at ${opener.indent}`);
    }
    scanBrackets(body, indent, open);
    previousIndent = indent;
  }
  if (open.length > 0) problems.push(`end: ${open.length} brackets left open`);
  return problems;
}

/** Whether a doc line's text has a space at which it could break (outside code spans and tags). */
function breakable(content: string): boolean {
  const outside = content.replace(/`[^`]*`/g, 'x').replace(/\{@[^}]*\}/g, 'x');
  return /\S\s+\S/.test(outside.trim());
}

/** Updates the stack of open brackets with one code line (skipping strings and comments). */
function scanBrackets(code: string, indent: number, open: Array<{ char: string; indent: number }>): void {
  const pairs: Record<string, string> = { '}': '{', ']': '[', ')': '(' };
  for (let i = 0; i < code.length; i++) {
    const c = code[i]!;
    if (c === "'" || c === '"' || c === '`') {
      for (i++; i < code.length && code[i] !== c; i++) if (code[i] === '\\') i++;
    } else if (c === '/' && code[i + 1] === '/') return;
    else if (c === '/' && code[i + 1] === '*') {
      const end = code.indexOf('*/', i + 2);
      i = end < 0 ? code.length : end + 1;
    } else if (c === '{' || c === '[' || c === '(') open.push({ char: c, indent });
    else if (c in pairs && open[open.length - 1]?.char === pairs[c]) open.pop();
  }
}

/** Single quotes throughout: a double-quoted string literal in code (not in comments). */
function doubleQuoted(text: string): string[] {
  const found: string[] = [];
  let inBlockComment = false;
  for (const [index, line] of text.split('\n').entries()) {
    const body = line.trim();
    if (inBlockComment || body.startsWith('/**') || body.startsWith('*')) {
      inBlockComment = !body.includes('*/') && (inBlockComment || body.startsWith('/**'));
      continue;
    }
    // Strip single-quoted and template literals and line comments, then look for a `"`.
    const code = body
      .replace(/'(?:[^'\\]|\\.)*'/g, "''")
      .replace(/`(?:[^`\\]|\\.)*`/g, '``')
      .replace(/\/\/.*$/, '');
    if (code.includes('"')) found.push(`line ${index + 1}: ${body.slice(0, 120)}`);
  }
  return found;
}

/** Code files printed from structures (not the copied runtime). */
async function generatedCodeFiles(dir = join(ROOT, 'generated')): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.(ts|js)$/.test(entry.name)) continue;
    const path = relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/');
    if (/(^|\/)runtime\//.test(path)) continue;
    files.set(path, await readFile(join(dir, path), 'utf8'));
  }
  return files;
}

const SPECS = [
  'test/fixtures/hostile/evil.openapi.yaml',
  'test/fixtures/hostile/bugs.openapi.yaml',
  'test/fixtures/hostile/evil.asyncapi.yaml',
  'test/fixtures/schemas/unions.openapi.yaml',
  'test/fixtures/schemas/maps.openapi.yaml',
  'test/fixtures/schemas/swagger2.yaml',
  'test/fixtures/schemas/types31.openapi.yaml',
  'test/fixtures/warnings/usable.openapi.yaml',
];

async function fixtureOutputs(): Promise<Map<string, string>> {
  const apis = SPECS.map((spec, i) => ({ name: `api${i}`, spec }));
  const result = await generate({
    root: ROOT,
    output: 'unused',
    package: { name: '@test/format', version: '0.0.0' },
    apis,
    allowRemoteRefs: false,
    allowOutsideRefs: false,
  });
  return new Map([...result.files].filter(([path]) => /\.(ts|js)$/.test(path) && !/(^|\/)runtime\//.test(path)));
}

describe('layout of the generated code', () => {
  it('the checker finds the faults it is for', () => {
    // The layout ts-morph's hanging indent gave before issue 13.
    expect(layoutProblems('export type T = {\n      a: {\n        b: string;\n      };\n    };\n')).not.toEqual([]);
    expect(layoutProblems('const x = {\n   a: 1,\n};\n')).toContain('line 2: indented 3 (not a multiple of 2)');
    expect(layoutProblems(`/** ${'word '.repeat(30)}*/\n`)[0]).toMatch(/doc line of/);
    expect(layoutProblems(`/** see ${'x'.repeat(120)} */\n`)[0]).toMatch(/doc line of/);
    expect(layoutProblems(`/**\n * ${'x'.repeat(120)}\n */\nexport type T = {\n  a: '{';\n};\n`)).toEqual([]);
    expect(doubleQuoted('const a = "x";\n')).toHaveLength(1);
    expect(doubleQuoted('const a = \'say "hi"\'; // "ok"\n')).toEqual([]);
  });

  it('holds for every file of generated/', async () => {
    const files = await generatedCodeFiles();
    expect(files.size).toBeGreaterThan(20);
    const problems = [...files].flatMap(([path, text]) => [...layoutProblems(text), ...doubleQuoted(text)].map((p) => `${path} ${p}`));
    expect(problems).toEqual([]);
  });

  it('holds for the output of hostile, union, map and Swagger 2.0 specs', async () => {
    const files = await fixtureOutputs();
    expect(files.size).toBeGreaterThan(20);
    const problems = [...files].flatMap(([path, text]) => [...layoutProblems(text), ...doubleQuoted(text)].map((p) => `${path} ${p}`));
    expect(problems).toEqual([]);
  }, 60_000);

  // Any other output folder, e.g. GitHub's client from the bench: SPECWEAVE_LAYOUT_DIR=<folder>.
  it.runIf(process.env['SPECWEAVE_LAYOUT_DIR'] !== undefined)(
    'holds for the output in SPECWEAVE_LAYOUT_DIR',
    async () => {
      const files = await generatedCodeFiles(process.env['SPECWEAVE_LAYOUT_DIR']);
      const problems = [...files].flatMap(([path, text]) => [...layoutProblems(text), ...doubleQuoted(text)].map((p) => `${path} ${p}`));
      expect(problems.slice(0, 50)).toEqual([]);
    },
    120_000,
  );
});
