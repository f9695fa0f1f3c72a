import { defineConfig } from "@playwright/test";
import { chromium } from "./chromium";

// Used by scripts/check-run-command.sh: the platform is already running, started by the README's run command
// (release build, fresh demo data); these tests only look at it as a newcomer would.
export default defineConfig({
  testDir: "./newcomer",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"]],
  use: {
    baseURL: process.env.NEWCOMER_URL ?? "http://127.0.0.1:3000",
    trace: "off",
    launchOptions: chromium,
  },
});
