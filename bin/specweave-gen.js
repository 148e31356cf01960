#!/usr/bin/env node
// specweave-gen's command: the compiled CLI in dist/ (built by `npm run build`, run on prepare/prepack).
// V8's code cache for the libraries it loads comes first (see src/cli/code-cache.ts).
import { defaultCodeCacheDir, enableCodeCache } from '../dist/cli/code-cache.js';

enableCodeCache(defaultCodeCacheDir());
await import('../dist/cli/main.js');
