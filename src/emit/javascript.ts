import { ts } from 'ts-morph';

/**
 * Compiles each generated `.ts` file on its own to ESM JavaScript and a declaration file, so
 * the package is usable from plain JavaScript and needs no build step. Files are written to be
 * isolated-declaration safe (every export has an explicit type), so no type-checker is needed.
 */
export function compileToJavaScript(path: string, source: string): { js: string; dts: string } {
  const compilerOptions: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    declaration: true,
    isolatedDeclarations: true,
    removeComments: false,
    newLine: ts.NewLineKind.LineFeed,
    strict: true,
  };
  const { declaration: _d, isolatedDeclarations: _i, ...moduleOptions } = compilerOptions;
  const js = ts.transpileModule(source, { compilerOptions: moduleOptions, fileName: path, reportDiagnostics: true });
  const dts = ts.transpileDeclaration(source, { compilerOptions, fileName: path, reportDiagnostics: true });
  const problems = [...(js.diagnostics ?? []), ...(dts.diagnostics ?? [])];
  if (problems.length > 0) {
    const first = problems[0]!;
    const text = ts.flattenDiagnosticMessageText(first.messageText, ' ');
    throw new Error(`internal error: generated ${path} does not compile on its own (${text} at offset ${first.start ?? '?'})`);
  }
  return { js: js.outputText, dts: dropDuplicateSymbolMembers(dts.outputText) };
}

/**
 * TypeScript's isolated declaration emit (6.0) writes a class member named by a well-known
 * symbol twice: as a property (`[Symbol.asyncIterator]: () => T;`) and as the method, which
 * `tsc` then rejects (TS2300) in projects without `skipLibCheck`. Keep the method.
 */
function dropDuplicateSymbolMembers(dts: string): string {
  const methods = new Set([...dts.matchAll(/^\s*\[(Symbol\.\w+)\]\(/gm)].map((m) => m[1]));
  if (methods.size === 0) return dts;
  return dts
    .split('\n')
    .filter((line) => {
      const property = /^\s*\[(Symbol\.\w+)\]: \(/.exec(line);
      return !(property && methods.has(property[1]));
    })
    .join('\n');
}
