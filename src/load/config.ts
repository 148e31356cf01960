import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { SpecError } from './errors.js';

export interface ApiEntry {
  /** Folder and import subpath of the API in the package: lowercase letters, digits, dashes. */
  name: string;
  /** Path of the document, relative to the project (as given in the config). */
  spec: string;
}

export interface Config {
  /** Folder of the config file; every path is relative to it. */
  root: string;
  /** Output folder, relative to root. */
  output: string;
  package: { name: string; version: string; description?: string; license?: string };
  apis: ApiEntry[];
  allowRemoteRefs: boolean;
  allowOutsideRefs: boolean;
  /** Warnings (a usable document that breaks a rule of its standard) are errors. */
  strict?: boolean;
  /** `package` (default): an npm package; `source`: plain .ts files for a folder of the user's project. */
  form?: 'package' | 'source';
  /** The command that regenerates the output in this project, as headers, README and --check name it. */
  regenerateCommand?: string;
}

const API_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const PACKAGE_NAME = /^(?:@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/;

/** Reads and checks `specweave.config.json`. */
export async function loadConfig(file: string): Promise<Config> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new SpecError(file, (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'config file not found' : `cannot be read: ${(error as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new SpecError(file, `invalid JSON: ${(error as Error).message}`);
  }
  const fail = (pointer: string, problem: string): never => {
    throw new SpecError(file, problem, { pointer });
  };
  if (data === null || typeof data !== 'object' || Array.isArray(data)) fail('', 'the config must be a JSON object');
  const c = data as Record<string, unknown>;
  const root = dirname(resolve(file));
  const output = typeof c['output'] === 'string' ? c['output'] : fail('/output', 'output must be a folder path');
  const outFull = resolve(root, output);
  const outRel = relative(root, outFull);
  if (outRel === '' || outRel.startsWith('..') || isAbsolute(outRel)) fail('/output', 'output must be a folder inside the project');
  const pkg = c['package'];
  if (pkg === null || typeof pkg !== 'object') fail('/package', 'package must be an object with name and version');
  const p = pkg as Record<string, unknown>;
  if (typeof p['name'] !== 'string' || !PACKAGE_NAME.test(p['name'])) fail('/package/name', 'package.name must be a valid npm package name');
  if (typeof p['version'] !== 'string' || !/^\d+\.\d+\.\d+(?:[-+][\w.-]+)?$/.test(p['version'])) fail('/package/version', 'package.version must be a semantic version');
  if (!Array.isArray(c['apis']) || c['apis'].length === 0) fail('/apis', 'apis must list at least one { name, spec }');
  const seen = new Set<string>();
  const apis = (c['apis'] as unknown[]).map((entry, i): ApiEntry => {
    const e = (entry ?? {}) as Record<string, unknown>;
    const name = e['name'];
    if (typeof name !== 'string' || !API_NAME.test(name)) fail(`/apis/${i}/name`, 'an API name must be lowercase letters and digits, words joined by dashes (it names a folder and an import path)');
    if (name === 'runtime') fail(`/apis/${i}/name`, '"runtime" is the name of the package\'s runtime folder');
    if (seen.has(name as string)) fail(`/apis/${i}/name`, `API name "${name}" is used twice`);
    seen.add(name as string);
    if (typeof e['spec'] !== 'string' || e['spec'] === '') fail(`/apis/${i}/spec`, 'spec must be the path of an OpenAPI or AsyncAPI document');
    return { name: name as string, spec: e['spec'] as string };
  });
  const config: Config = {
    root,
    output,
    package: { name: p['name'] as string, version: p['version'] as string },
    apis,
    allowRemoteRefs: c['allowRemoteRefs'] === true,
    allowOutsideRefs: c['allowOutsideRefs'] === true,
  };
  if (c['strict'] !== undefined && typeof c['strict'] !== 'boolean') fail('/strict', 'strict must be true or false');
  if (c['strict'] === true) config.strict = true;
  if (c['form'] !== undefined && c['form'] !== 'package' && c['form'] !== 'source') fail('/form', 'form must be "package" or "source"');
  if (c['form'] !== undefined) config.form = c['form'] as 'package' | 'source';
  if (c['regenerateCommand'] !== undefined && (typeof c['regenerateCommand'] !== 'string' || c['regenerateCommand'].trim() === '')) fail('/regenerateCommand', 'regenerateCommand must be a command line (a non-empty string)');
  if (typeof c['regenerateCommand'] === 'string') config.regenerateCommand = c['regenerateCommand'];
  if (typeof p['description'] === 'string') config.package.description = p['description'];
  if (typeof p['license'] === 'string') config.package.license = p['license'];
  return config;
}
