import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    // Only a guard against a hang: no verdict depends on time. The machine may be loaded (CI, shared
    // runners, `stress`), and a test that waits for its event must not fail because the event is slow.
    testTimeout: 900_000,
    hookTimeout: 900_000,
    // Integration tests spawn the CLI and servers; two cores, so keep parallelism modest.
    maxWorkers: 2,
  },
});
