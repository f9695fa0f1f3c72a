import { expect, test } from "@playwright/test";
import { signIn } from "./support";

// Julien Bernard (teacher2) has not read that "Stories without borders" won last year's European Prize.
// (The settings change below is his only: later specs do not depend on how he hears of contact requests.)
test("the notification centre shows what is new, then read, and keeps how a teacher wants to hear of things", async ({ page }) => {
  await signIn(page, "teacher2@demo.opentwin.test");
  const nav = page.getByTestId("nav-notifications");
  // (Chromium reads the screen-reader brackets around the count with spaces: "Notifications ( 1 )"; other specs
  // may have told him more, such as a contact request.)
  await expect(nav).toHaveAccessibleName(/^Notifications \(\s*\d+\s*\)$/);
  await nav.click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Notifications");
  const prize = page.getByTestId("notification").filter({ hasText: "Stories without borders" });
  await expect(prize).toContainText(/“Stories without borders” has won the European Prize \d{4}/);
  await expect(prize).toContainText("New");

  // Opened once, it is read: no count in the header, no "New".
  await page.reload();
  await expect(page.getByTestId("nav-notifications")).toHaveAccessibleName("Notifications");
  await expect(page.getByTestId("notification").filter({ hasText: "Stories without borders" })).not.toContainText("New");

  // How Julien hears of contact requests: a daily summary instead of a mail each time.
  const settings = page.getByTestId("notification-settings");
  await expect(settings.getByLabel("Contact requests")).toHaveValue("immediate");
  await settings.getByLabel("Contact requests").selectOption({ label: "Daily e-mail summary" });
  await settings.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("notification-settings").getByLabel("Contact requests")).toHaveValue("daily");

});
