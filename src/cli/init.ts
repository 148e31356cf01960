/**
 * `specweave-gen init`: writes a commented config for the given documents, or for those found in
 * the working folder and its specs/ folder. It never overwrites a config.
 */
import { existsSync } from 'node:fs';
import { open, readdir, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { apisFromInputs } from '../index.js';
import { CONFIG_FILES, findConfig } from '../load/config.js';

const COMMAND = 'specweave-gen';
const DOCUMENT = /\.(?:ya?ml|json)$/i;
const NAMED = /(?:^|[._-])(?:openapi|asyncapi|swagger)(?:\.(?:ya?ml|json))$/i;

export async function init(given: readonly string[], output: string | undefined, json: boolean): Promise<number> {
  const cwd = process.cwd();
  const existing = findConfig(cwd);
  if (existing !== undefined) {
    process.stderr.write(`specweave: ${relative(cwd, existing)} already exists; init never overwrites a config (edit it, or remove it first)\n`);
    return 1;
  }
  for (const spec of given) {
    if (!existsSync(resolve(cwd, spec))) {
      process.stderr.write(`specweave: ${spec}: file not found (relative to ${cwd}, the working folder)\n`);
      return 1;
    }
  }
  const specs = given.length > 0 ? [...given] : await findSpecs(cwd);
  if (specs.length === 0) {
    process.stderr.write(`specweave: no OpenAPI or AsyncAPI document found in ${cwd} or its specs/ folder; name them: \`${COMMAND} init path/to/spec.yaml\`\n`);
    return 1;
  }
  const apis = apisFromInputs(specs.map((s) => s.split('\\').join('/')));
  const out = output ?? 'generated/api';
  const file = join(cwd, json ? 'specweave.config.json' : 'specweave.config.ts');
  const text = json ? jsonConfig(out, apis) : tsConfig(out, apis);
  await writeFile(file, text, { flag: 'wx' });
  process.stdout.write(
    `specweave: wrote ${relative(cwd, file)} for ${apis.length} API${apis.length > 1 ? 's' : ''} (${apis.map((a) => `${a.name}: ${a.spec}`).join(', ')}); generate with \`npx --no-install ${COMMAND}\`\n`,
  );
  return 0;
}

/** Documents in `dir` and `dir/specs`: named like one (`*.openapi.yaml`, `asyncapi.json`) or starting like one. */
async function findSpecs(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const folder of ['.', 'specs']) {
    const entries = await readdir(join(dir, folder), { withFileTypes: true }).catch(() => []);
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (!entry.isFile() || !DOCUMENT.test(entry.name) || CONFIG_FILES.includes(entry.name as never)) continue;
      if (/^(?:package(?:-lock)?|tsconfig.*|jsconfig)\.json$/.test(entry.name)) continue;
      const path = folder === '.' ? entry.name : `${folder}/${entry.name}`;
      if (NAMED.test(entry.name) || (await looksLikeApiDocument(join(dir, path)))) found.push(path);
    }
  }
  return found;
}

/** The first 4 kB has a top-level `openapi:`, `swagger:` or `asyncapi:` key. */
async function looksLikeApiDocument(file: string): Promise<boolean> {
  const handle = await open(file, 'r').catch(() => undefined);
  if (!handle) return false;
  try {
    const buffer = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return /^\s*\{?\s*["']?(?:openapi|swagger|asyncapi)["']?\s*:/m.test(buffer.subarray(0, bytesRead).toString('utf8'));
  } finally {
    await handle.close();
  }
}

function tsConfig(output: string, apis: ReadonlyArray<{ name: string; spec: string }>): string {
  const list = apis.map((a) => `    { name: ${JSON.stringify(a.name)}, spec: ${JSON.stringify(a.spec)} },`).join('\n');
  return `import { defineConfig } from 'specweave-gen';

// specweave-gen's config. Paths are relative to this file's folder.
// Generate: npx --no-install ${COMMAND}    Check in CI: npx --no-install ${COMMAND} --check
export default defineConfig({
  // The folder the client package is generated into (inside this project).
  output: ${JSON.stringify(output)},
  // The generated package's package.json (name defaults to the output folder's name).
  package: { name: ${JSON.stringify(apis.length === 1 ? `${apis[0]!.name}-client` : 'api-clients')}, version: "0.1.0" },
  // One entry per API: \`name\` is its folder and import path (\`<package>/<name>\`), \`spec\` its document.
  apis: [
${list}
  ],
  // Follow $refs to http(s) URLs / to files outside a spec's folder (both refused by default).
  allowRemoteRefs: false,
  allowOutsideRefs: false,
  // Treat a spec's warnings (usable, but breaking a rule of its standard) as errors.
  strict: false,
});
`;
}

function jsonConfig(output: string, apis: ReadonlyArray<{ name: string; spec: string }>): string {
  return `${JSON.stringify(
    {
      $schema: './node_modules/specweave-gen/schema/specweave.config.schema.json',
      output,
      package: { name: apis.length === 1 ? `${apis[0]!.name}-client` : 'api-clients', version: '0.1.0' },
      apis,
    },
    null,
    2,
  )}\n`;
}
