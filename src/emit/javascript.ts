import {
  type ClassDeclarationStructure,
  type ConstructorDeclarationStructure,
  type ExportDeclarationStructure,
  type FunctionDeclarationStructure,
  type ImportDeclarationStructure,
  type MethodDeclarationStructure,
  type OptionalKind,
  type ParameterDeclarationStructure,
  type StatementStructures,
  StructureKind,
  ts,
  type VariableDeclarationStructure,
  type VariableStatementStructure,
  type WriterFunction,
} from 'ts-morph';
import { isCode } from './code.js';
import { unvlq, vlq } from './declaration-map.js';

/**
 * The JavaScript and declaration variants of a generated file, derived from the same statement
 * structures its TypeScript is printed from (no printed text is parsed again):
 *
 * - declarations (`.d.ts`): types and interfaces as they are; exported functions, classes and
 *   constants as `declare`d signatures (a parameter with a default becomes optional, as `tsc`
 *   writes it); what is not exported is left out. Every export carries an explicit type already
 *   (the output is isolated-declaration safe), so nothing is inferred.
 * - JavaScript (`.js`): types, interfaces and type-only imports and exports left out; functions,
 *   classes and constants without annotations; text holding TypeScript-only parts is a `Code`
 *   (src/emit/code.ts), whose JavaScript is used.
 *
 * Plain text in a structure is taken to be valid in both languages; a structure or field these
 * functions do not know is an internal error rather than a guess. test/emit-variants.test.ts
 * holds both against TypeScript's own `transpileModule` / `transpileDeclaration`.
 */

type Statement = string | WriterFunction | StatementStructures;

/**
 * The declaration variant of a file's statements; the very same array when every statement is
 * already a declaration (a types-only file), so its text can be reused as printed.
 */
export function declarationStatements(statements: readonly Statement[], origins?: number[]): readonly Statement[] {
  let changed = false;
  const out: Statement[] = [];
  for (const [index, statement] of statements.entries()) {
    const d = declarationOf(statement);
    if (d !== statement) changed = true;
    if (d === undefined) continue;
    out.push(d);
    // Which statement each declaration comes from (declaration maps).
    origins?.push(index);
  }
  if (!changed) return statements;
  if (!out.some(isModuleSyntax)) out.push('export {};');
  return out;
}

export function javascriptStatements(statements: readonly Statement[]): Statement[] {
  const out = statements.map(javascriptOf).filter((s): s is Statement => s !== undefined);
  // Still an ES module when every statement was a type (TypeScript writes the same).
  if (!out.some(isModuleSyntax)) out.push('export {};');
  return out;
}

function declarationOf(statement: Statement): Statement | undefined {
  if (typeof statement === 'string') return statement;
  if (typeof statement === 'function') return internal('a code statement at the top level of a file', statement);
  switch (statement.kind) {
    case StructureKind.ImportDeclaration:
    case StructureKind.ExportDeclaration:
    case StructureKind.TypeAlias:
    case StructureKind.Interface:
      return statement;
    case StructureKind.VariableStatement:
      return statement.isExported ? declaredVariables(statement) : undefined;
    case StructureKind.Function:
      return statement.isExported ? declaredFunction(statement) : undefined;
    case StructureKind.Class:
      return statement.isExported ? declaredClass(statement) : undefined;
    default:
      return internal(`no declaration variant of a ${StructureKind[statement.kind]} statement`);
  }
}

function declaredVariables(s: VariableStatementStructure): VariableStatementStructure {
  only(s, ['kind', 'isExported', 'declarationKind', 'docs', 'declarations', 'hasDeclareKeyword']);
  return compact<VariableStatementStructure>({
    kind: StructureKind.VariableStatement,
    isExported: true,
    hasDeclareKeyword: true,
    declarationKind: s.declarationKind,
    docs: s.docs,
    declarations: s.declarations.map((d) => {
      only(d, ['kind', 'name', 'type', 'initializer']);
      return { kind: StructureKind.VariableDeclaration as const, name: d.name, type: typeOf(d.type, `constant ${d.name}`) };
    }),
  });
}

function declaredFunction(s: FunctionDeclarationStructure): FunctionDeclarationStructure {
  only(s, ['kind', 'name', 'isExported', 'isAsync', 'docs', 'typeParameters', 'parameters', 'returnType', 'statements', 'hasDeclareKeyword']);
  return compact<FunctionDeclarationStructure>({
    kind: StructureKind.Function,
    name: s.name,
    isExported: true,
    hasDeclareKeyword: true,
    docs: s.docs,
    typeParameters: s.typeParameters,
    parameters: declaredParameters(s.parameters ?? [], `function ${s.name}`),
    returnType: typeOf(s.returnType, `the return type of ${s.name}`),
  });
}

function declaredClass(s: ClassDeclarationStructure): ClassDeclarationStructure {
  only(s, ['kind', 'name', 'isExported', 'docs', 'typeParameters', 'extends', 'implements', 'ctors', 'methods']);
  return compact<ClassDeclarationStructure>({
    kind: StructureKind.Class,
    name: s.name,
    isExported: true,
    hasDeclareKeyword: true,
    docs: s.docs,
    typeParameters: s.typeParameters,
    extends: s.extends === undefined ? undefined : typeScriptText(s.extends),
    implements: s.implements,
    ctors: s.ctors?.map((c) => {
      only(c, ['docs', 'parameters', 'statements']);
      return compact<OptionalKind<ConstructorDeclarationStructure>>({
        docs: c.docs,
        parameters: declaredParameters(c.parameters ?? [], `the constructor of ${s.name}`),
      });
    }),
    methods: s.methods?.map((m) => {
      only(m, ['kind', 'name', 'scope', 'isStatic', 'isAsync', 'docs', 'typeParameters', 'parameters', 'returnType', 'statements']);
      return compact<OptionalKind<MethodDeclarationStructure>>({
        name: m.name,
        // `tsc` writes no `public` (the default) in declarations.
        scope: m.scope === 'public' ? undefined : m.scope,
        isStatic: m.isStatic,
        docs: m.docs,
        typeParameters: m.typeParameters,
        parameters: declaredParameters(m.parameters ?? [], `method ${m.name}`),
        returnType: typeOf(m.returnType, `the return type of ${s.name}.${m.name}`),
      });
    }),
  });
}

/**
 * A parameter with a default is optional in the signature, unless a required parameter follows
 * it; then its type admits `undefined` (as `tsc` writes it).
 */
function declaredParameters(
  parameters: ReadonlyArray<OptionalKind<ParameterDeclarationStructure>>,
  where: string,
): Array<OptionalKind<ParameterDeclarationStructure>> {
  return parameters.map((p, i) => {
    only(p, ['kind', 'name', 'type', 'initializer', 'hasQuestionToken', 'isRestParameter']);
    const type = typeScriptText(typeOf(p.type, `parameter ${p.name} of ${where}`));
    const laterRequired = parameters.slice(i + 1).some((q) => !q.hasQuestionToken && q.initializer === undefined && !q.isRestParameter);
    const defaulted = p.initializer !== undefined;
    return compact<OptionalKind<ParameterDeclarationStructure>>({
      name: p.name,
      type: defaulted && laterRequired ? `${typeof type === 'string' ? type : internal('a parameter type written by a function')} | undefined` : type,
      hasQuestionToken: p.hasQuestionToken === true || (defaulted && !laterRequired),
      isRestParameter: p.isRestParameter,
    });
  });
}

function javascriptOf(statement: Statement): Statement | undefined {
  if (typeof statement === 'string') return statement;
  if (typeof statement === 'function') return javascriptText(statement);
  switch (statement.kind) {
    case StructureKind.TypeAlias:
    case StructureKind.Interface:
      return undefined;
    case StructureKind.ImportDeclaration:
      return javascriptImport(statement);
    case StructureKind.ExportDeclaration:
      return javascriptExport(statement);
    case StructureKind.VariableStatement:
      return statement.hasDeclareKeyword ? undefined : javascriptVariables(statement);
    case StructureKind.Function:
      return statement.hasDeclareKeyword ? undefined : javascriptFunction(statement);
    case StructureKind.Class:
      return statement.hasDeclareKeyword ? undefined : javascriptClass(statement);
    default:
      return internal(`no JavaScript variant of a ${StructureKind[statement.kind]} statement`);
  }
}

function javascriptImport(s: ImportDeclarationStructure): ImportDeclarationStructure | undefined {
  only(s, ['kind', 'isTypeOnly', 'namespaceImport', 'defaultImport', 'namedImports', 'moduleSpecifier']);
  if (s.isTypeOnly) return undefined;
  if (s.namedImports === undefined) return s;
  if (typeof s.namedImports === 'function') return internal('named imports written by a function', s.namedImports);
  const named = s.namedImports.filter((n) =>
    typeof n === 'string' ? !n.startsWith('type ') : typeof n === 'function' ? internal('a named import written by a function', n) : !n.isTypeOnly,
  );
  if (named.length === 0 && s.namespaceImport === undefined && s.defaultImport === undefined) return undefined;
  return { ...s, namedImports: named };
}

function javascriptExport(s: ExportDeclarationStructure): ExportDeclarationStructure | undefined {
  only(s, ['kind', 'isTypeOnly', 'namespaceExport', 'namedExports', 'moduleSpecifier']);
  if (s.isTypeOnly) return undefined;
  if (s.namedExports === undefined) return s;
  if (typeof s.namedExports === 'function') return internal('named exports written by a function', s.namedExports);
  const named = s.namedExports.filter((n) =>
    typeof n === 'string' ? !n.startsWith('type ') : typeof n === 'function' ? internal('a named export written by a function', n) : !n.isTypeOnly,
  );
  // `export { type A } from '…'` leaves nothing to export at run time.
  if (named.length === 0 && s.namedExports.length > 0) return undefined;
  return { ...s, namedExports: named };
}

function javascriptVariables(s: VariableStatementStructure): VariableStatementStructure {
  only(s, ['kind', 'isExported', 'declarationKind', 'docs', 'declarations']);
  return compact<VariableStatementStructure>({
    kind: StructureKind.VariableStatement,
    isExported: s.isExported,
    declarationKind: s.declarationKind,
    docs: s.docs,
    declarations: s.declarations.map((d) => {
      only(d, ['kind', 'name', 'type', 'initializer']);
      return compact<OptionalKind<VariableDeclarationStructure>>({
        kind: StructureKind.VariableDeclaration,
        name: d.name,
        initializer: d.initializer === undefined ? undefined : javascriptText(d.initializer),
      });
    }),
  });
}

function javascriptFunction(s: FunctionDeclarationStructure): FunctionDeclarationStructure {
  only(s, ['kind', 'name', 'isExported', 'isAsync', 'docs', 'typeParameters', 'parameters', 'returnType', 'statements']);
  return compact<FunctionDeclarationStructure>({
    kind: StructureKind.Function,
    name: s.name,
    isExported: s.isExported,
    isAsync: s.isAsync,
    docs: s.docs,
    parameters: javascriptParameters(s.parameters ?? []),
    statements: javascriptBody(s.statements),
  });
}

function javascriptClass(s: ClassDeclarationStructure): ClassDeclarationStructure {
  only(s, ['kind', 'name', 'isExported', 'docs', 'typeParameters', 'extends', 'implements', 'ctors', 'methods']);
  return compact<ClassDeclarationStructure>({
    kind: StructureKind.Class,
    name: s.name,
    isExported: s.isExported,
    docs: s.docs,
    extends: s.extends === undefined ? undefined : javascriptText(s.extends),
    ctors: s.ctors?.map((c) => {
      only(c, ['docs', 'parameters', 'statements']);
      return compact<OptionalKind<ConstructorDeclarationStructure>>({
        docs: c.docs,
        parameters: javascriptParameters(c.parameters ?? []),
        statements: javascriptBody(c.statements),
      });
    }),
    methods: s.methods?.map((m) => {
      only(m, ['kind', 'name', 'scope', 'isStatic', 'isAsync', 'docs', 'typeParameters', 'parameters', 'returnType', 'statements']);
      if (m.scope !== undefined && m.scope !== 'public') internal(`a ${m.scope} method (${s.name}.${m.name}) has no plain JavaScript form here`);
      return compact<OptionalKind<MethodDeclarationStructure>>({
        name: m.name,
        isStatic: m.isStatic,
        isAsync: m.isAsync,
        docs: m.docs,
        parameters: javascriptParameters(m.parameters ?? []),
        statements: javascriptBody(m.statements),
      });
    }),
  });
}

function javascriptParameters(parameters: ReadonlyArray<OptionalKind<ParameterDeclarationStructure>>): Array<OptionalKind<ParameterDeclarationStructure>> {
  return parameters.map((p) => {
    only(p, ['kind', 'name', 'type', 'initializer', 'hasQuestionToken', 'isRestParameter']);
    return compact<OptionalKind<ParameterDeclarationStructure>>({
      name: p.name,
      initializer: p.initializer === undefined ? undefined : javascriptText(p.initializer),
      isRestParameter: p.isRestParameter,
    });
  });
}

function javascriptBody(statements: FunctionDeclarationStructure['statements']): Statement[] {
  if (statements === undefined) return [];
  if (typeof statements === 'string' || typeof statements === 'function') return [javascriptText(statements)];
  return statements.map((s) => javascriptOf(s)).filter((s): s is Statement => s !== undefined);
}

/** The JavaScript of a text field: plain text as it is, a `Code` as its `js`. */
function javascriptText(text: string | WriterFunction): string {
  if (typeof text === 'string') return text;
  if (isCode(text)) return text.js;
  return internal('text written by a function that is not a Code', text);
}

function typeScriptText(text: string | WriterFunction): string | WriterFunction {
  return isCode(text) ? text.ts : text;
}

function typeOf<T>(type: T | undefined, what: string): T {
  if (type === undefined) return internal(`${what} has no explicit type (needed for its declaration)`);
  return type;
}

function isModuleSyntax(s: Statement): boolean {
  if (typeof s === 'string') return /^\s*(import|export)\b/m.test(s.replace(/^\s*\/\/.*$/gm, ''));
  if (typeof s === 'function') return false;
  switch (s.kind) {
    case StructureKind.ImportDeclaration:
    case StructureKind.ExportDeclaration:
    case StructureKind.ExportAssignment:
      return true;
    default:
      return 'isExported' in s && s.isExported === true;
  }
}

/** The structure without its undefined fields (structures are typed with exactOptionalPropertyTypes). */
function compact<T extends object>(value: { [K in keyof T]: T[K] | undefined }): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = v;
  return out as T;
}

/** A structure field the variants do not handle is a bug of specweave's emitters, not a guess. */
function only(structure: object, known: readonly string[]): void {
  for (const [key, value] of Object.entries(structure)) {
    if (value === undefined || value === false || (Array.isArray(value) && value.length === 0)) continue;
    if (!known.includes(key)) internal(`the JavaScript/declaration variants do not handle \`${key}\` of a structure`);
  }
}

function internal(message: string, _what?: unknown): never {
  throw new Error(`internal error: ${message}`);
}

/**
 * The hand-written runtime (src/runtime/*.ts) to ESM JavaScript and a declaration file with
 * TypeScript's own per-file emit. It is the same on every run, so src/emit/runtime-files.ts
 * caches the result by content hash; generated files go through the variants above.
 */
export function compileToJavaScript(path: string, source: string): { js: string; dts: string; map: string } {
  const compilerOptions: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    declaration: true,
    declarationMap: true,
    isolatedDeclarations: true,
    removeComments: false,
    newLine: ts.NewLineKind.LineFeed,
    strict: true,
  };
  const { declaration: _d, isolatedDeclarations: _i, declarationMap: _m, ...moduleOptions } = compilerOptions;
  const js = ts.transpileModule(source, { compilerOptions: moduleOptions, fileName: path, reportDiagnostics: true });
  const dts = ts.transpileDeclaration(source, { compilerOptions, fileName: path, reportDiagnostics: true });
  const problems = [...(js.diagnostics ?? []), ...(dts.diagnostics ?? [])];
  if (problems.length > 0) {
    const first = problems[0]!;
    const text = ts.flattenDiagnosticMessageText(first.messageText, ' ');
    throw new Error(`internal error: ${path} does not compile on its own (${text} at offset ${first.start ?? '?'})`);
  }
  // The map's source is the copy in the package: `src/<path>` seen from `dist/<path>.d.ts`.
  const map = JSON.parse(dts.sourceMapText ?? '{}') as { sources?: string[]; mappings?: string };
  map.sources = [`${'../'.repeat(path.split('/').length - 1)}${path}`];
  const kept = dropDuplicateSymbolMembers(dts.outputText, map.mappings ?? '');
  map.mappings = kept.mappings;
  return { js: js.outputText, dts: `${kept.dts.replace(/\n*$/, '')}\n`, map: `${JSON.stringify(map)}\n` };
}

/**
 * TypeScript's isolated declaration emit (6.0) writes a class member named by a well-known
 * symbol twice: as a property (`[Symbol.asyncIterator]: () => T;`) and as the method, which
 * `tsc` then rejects (TS2300) in projects without `skipLibCheck`. Keep the method.
 */
function dropDuplicateSymbolMembers(dts: string, mappings: string): { dts: string; mappings: string } {
  const methods = new Set([...dts.matchAll(/^\s*\[(Symbol\.\w+)\]\(/gm)].map((m) => m[1]));
  if (methods.size === 0) return { dts, mappings };
  const lines = dts.split('\n');
  const groups = mappings.split(';');
  const keep = lines.map((line) => {
    const property = /^\s*\[(Symbol\.\w+)\]: \(/.exec(line);
    return !(property && methods.has(property[1]));
  });
  // The map has one group of segments per line: a dropped line's group goes with it (the
  // segments are relative to the previous ones, so its deltas move to the next kept group).
  return { dts: lines.filter((_, i) => keep[i]).join('\n'), mappings: keep.every(Boolean) ? mappings : dropGroups(groups, keep) };
}

/** Source-map line groups without the dropped ones, re-encoding the relative fields. */
function dropGroups(groups: readonly string[], keep: readonly boolean[]): string {
  // Absolute source index/line/column/name, then relative again over the kept lines.
  const state = [0, 0, 0, 0];
  const absolute = groups.map((group) =>
    group === ''
      ? []
      : group.split(',').map((segment) => {
          const v = unvlq(segment);
          for (let f = 1; f < v.length; f++) state[f - 1]! += v[f]!;
          return [v[0]!, ...state.slice(0, v.length - 1)];
        }),
  );
  const last = [0, 0, 0, 0];
  return absolute
    .filter((_, i) => keep[i] !== false)
    .map((segments) =>
      segments
        .map((a) => {
          let text = vlq(a[0]!);
          for (let f = 1; f < a.length; f++) {
            text += vlq(a[f]! - last[f - 1]!);
            last[f - 1] = a[f]!;
          }
          return text;
        })
        .join(','),
    )
    .join(';');
}

/** The code `compileToJavaScript` runs, part of the runtime cache's key: changing it recompiles. */
export const COMPILER_SOURCE = `${compileToJavaScript.toString()}\n${dropDuplicateSymbolMembers.toString()}\n${dropGroups.toString()}\n${vlq.toString()}\n${unvlq.toString()}`;
