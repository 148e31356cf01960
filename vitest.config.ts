import { defineConfig } from 'vitest/config';

/**
 * Files that need a process of their own: a module mock (`vi.mock`, which a shared module
 * cache does not honour), or a bound on this process's memory or CPU (another file's heap and
 * threads in the same process would count against it).
 */
const ISOLATED = ['test/atomic-write.test.ts', 'test/attacks-channel.test.ts', 'test/attacks-generator.test.ts', 'test/scaling-attacks.test.ts'];

export default defineConfig({
  test: {
    // (include is each project's: a project's list is added to the root's.)
    exclude: ['test/consumer/**', 'node_modules/**'],
    // For a hang, not for speed: on a two-core machine shared with other work, a test that takes
    // 10 s alone has taken over 60 s. Tests that time themselves say so with their own bounds.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // expect.poll waits for an event (a server seeing a close, a file appearing): 1 s, the
    // default, was too short on a loaded machine; a poll that is never satisfied still fails.
    expect: { poll: { timeout: 15_000 } },
    // Two cores: keep worker count at two so spawned CLIs and servers do not starve.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: { name: 'isolated', include: ISOLATED, isolate: true },
      },
      {
        // The rest share each worker's module cache: the generator, TypeScript, ts-morph and the
        // parsers are loaded once per worker instead of once per file, and the validation
        // worker thread (with the AsyncAPI parser's rulesets built) stays up across files. On
        // the whole suite (819 tests, two cores, load ~2-6): CPU 697 s -> 486 s, wall 7:34 -> 4:18.
        extends: true,
        test: { name: 'shared', include: ['test/**/*.test.ts'], exclude: ISOLATED, isolate: false },
      },
    ],
  },
});
