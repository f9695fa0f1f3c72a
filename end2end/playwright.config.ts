import { defineConfig } from "@playwright/test";
import { chromium } from "./chromium";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// The server under test: scripts/e2e-server.sh starts the real binary on a fresh SQLite database seeded with
// the demo. Browsers are never downloaded: Debian's Chromium is driven headless.
const port = Number(process.env.E2E_PORT ?? 3100);
// The server's data directory; tests read the mail outbox from it through the server's CLI.
process.env.E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), "opentwin-e2e-"));
process.env.E2E_PORT = String(port);

export default defineConfig({
  testDir: "./tests",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "off",
    launchOptions: chromium,
  },
  webServer: {
    command: `bash ../scripts/e2e-server.sh ${port}`,
    url: `http://127.0.0.1:${port}/readyz`,
    timeout: 120_000,
    reuseExistingServer: false,
    env: { E2E_DATA_DIR: process.env.E2E_DATA_DIR! },
    stdout: "pipe",
    stderr: "pipe",
  },
});
