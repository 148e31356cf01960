import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
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
  },
});
