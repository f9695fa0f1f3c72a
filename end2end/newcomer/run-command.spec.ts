import { expect, test } from "@playwright/test";

// The platform as a newcomer sees it right after `./scripts/run.sh`: demo data, pages that hydrate.
const hydrated = (page: import("@playwright/test").Page) =>
  page.waitForFunction(() => (window as any).__opentwin_hydrated === true, null, { timeout: 30_000 });

test("the home page shows the demo's figures and hydrates", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (err) => errors.push(err.message));
  const response = await page.goto("/");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Find partners abroad. Learn together.");
  await expect(page.getByTestId("stat-teachers").locator("dd")).not.toHaveText("0");
  await hydrated(page);
  expect(errors).toEqual([]);
});

test("a demo teacher signs in, opens the Twinboard of a demo project and its live chat", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (err) => errors.push(err.message));
  await page.goto("/signin");
  await hydrated(page);
  await page.getByLabel("E-mail address").fill("teacher1@demo.opentwin.test");
  await page.getByLabel("Password").fill("opentwin-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await page.goto("/projects/mine");
  await page.getByTestId("my-projects").getByRole("link", { name: "Water in our towns" }).click();
  await hydrated(page);
  await expect(page.getByTestId("post").first()).toBeVisible();
  // The chat is an island: the browser bundle loads, hydrates it, and its socket connects.
  await page.getByRole("link", { name: "Chat" }).click();
  await hydrated(page);
  await expect(page.getByTestId("chat-status")).toHaveText("Live: new messages appear by themselves.");
  expect(errors).toEqual([]);
});
