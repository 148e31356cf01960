/**
 * After `tsc` (npm run build): the compiled generator loads ts-morph with `require` instead of
 * `import`. ts-morph is CommonJS; importing it from an ES module makes Node 20 scan its 950 kB
 * source for export names (cjs-module-lexer) on every run, ~200 ms of CPU, while `require`
 * does not scan. The sources keep their typed `import … from 'ts-morph'`; here, in dist/ only,
 * each such import is pointed at dist/ts-morph.js, which requires ts-morph and re-exports the
 * names imported (each checked to exist). Run from the sources (tsx, tests), nothing changes.
 * Then the runtime files and the standards' validators are compiled into dist/ (see the end).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const shim = join(dist, 'ts-morph.js');
const names = new Set(['ts']);
const STATIC = /^import \{([^}]*)\} from 'ts-morph';$/gm;
const DYNAMIC = /\bimport\('ts-morph'\)/g;

function walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) walk(full);
    else if (entry.name.endsWith('.js') && full !== shim) rewrite(full);
  }
}

function rewrite(file) {
  const text = readFileSync(file, 'utf8');
  let target = relative(dirname(file), shim).split(sep).join('/');
  if (!target.startsWith('.')) target = `./${target}`;
  const out = text
    .replace(STATIC, (_all, list) => {
      for (const part of list.split(',')) {
        const name = part.trim().split(/\s+as\s+/)[0];
        if (name) names.add(name);
      }
      return `import {${list}} from '${target}';`;
    })
    .replace(DYNAMIC, `import('${target}')`);
  if (out !== text) writeFileSync(file, out);
}

walk(dist);
const tsMorph = createRequire(import.meta.url)('ts-morph');
const missing = [...names].filter((n) => !(n in tsMorph));
if (missing.length > 0) throw new Error(`postbuild: ts-morph has no export ${missing.join(', ')}`);
const list = [...names].sort().join(', ');
writeFileSync(
  shim,
  `// Written by scripts/postbuild.mjs: ts-morph through require (no export scan of its source on each run).\nimport { createRequire } from 'node:module';\n\nconst tsMorph = createRequire(import.meta.url)('ts-morph');\nexport const { ${list} } = tsMorph;\n`,
);

// The runtime files compiled once here, not on a user's first run (src/emit/runtime-files.ts).
const { prebuildRuntime } = await import('../dist/emit/runtime-files.js');
prebuildRuntime();

// The standards' JSON-schema validators compiled here, not on every run (src/load/precompiled.ts).
const { writeValidators } = await import('./precompile-validators.mjs');
await writeValidators(join(dist, 'load', 'precompiled'));
