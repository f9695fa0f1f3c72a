import { expect, type Page } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { resolve } from "node:path";

const root = resolve(__dirname, "../..");

/** Resolves once the wasm bundle has hydrated the page. */
export async function hydrated(page: Page) {
  await page.waitForFunction(() => (window as any).__opentwin_hydrated === true, null, { timeout: 20_000 });
}

/** The newest mail to `to`, as the operator reads it with `server outbox`. */
export function newestMail(to: string): string {
  const server = process.env.E2E_SERVER_BIN ?? resolve(process.env.CARGO_TARGET_DIR ?? resolve(root, "target"), "release/server");
  return execFileSync(server, ["outbox", "--to", to, "--limit", "1"], {
    cwd: root,
    env: {
      ...process.env,
      OPENTWIN_DATA_DIR: process.env.E2E_DATA_DIR!,
      OPENTWIN_LOG: "error",
    },
  }).toString();
}

export const DEMO_PASSWORD = "opentwin-demo";

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/signin");
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/account$/);
}

/** A pupil signs in with the username and password their teacher gave them; they land on their projects. */
export async function signInAsPupil(page: Page, username: string, password = DEMO_PASSWORD) {
  await page.goto("/pupils/signin");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/projects\/mine$/);
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
}
