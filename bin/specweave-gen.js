#!/usr/bin/env node
// specweave-gen's command: the compiled CLI in dist/ (built by `npm run build`, run on prepare/prepack).
import '../dist/cli/main.js';
