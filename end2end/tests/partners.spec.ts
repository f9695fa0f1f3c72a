import { expect, test } from "@playwright/test";
import { signIn } from "./support";

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("partner search is a plain form whose address holds the query", async ({ page }) => {
    await signIn(page, "teacher8@demo.opentwin.test");
    await page.goto("/partners");
    await page.getByLabel("Name, school or words").fill("lycee");
    await page.getByRole("group", { name: "Countries" }).getByLabel(/^France \(\d+\)$/).check();
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page).toHaveURL(/\/partners\?q=lycee&.*country=FR/);
    // Accents do not matter; the pending teacher of the same school never appears.
    const results = page.getByTestId("teacher-results");
    await expect(results).toContainText("Claire Martin");
    await expect(results).not.toContainText("Pierre Dubois");
    await expect(page.getByLabel("Name, school or words")).toHaveValue("lycee");
  });

  test("unknown filter values are ignored with a notice", async ({ page }) => {
    await signIn(page, "teacher8@demo.opentwin.test");
    await page.goto("/partners");
    const everyone = await page.getByTestId("teacher-total").textContent();
    const response = await page.goto("/partners?subject=alchemy&country=XX&q=%22*%22");
    expect(response?.status()).toBe(200);
    const notices = page.getByTestId("search-notices");
    await expect(notices).toContainText("“alchemy” is not a known subject");
    await expect(notices).toContainText("“XX” is not a known country");
    await expect(notices).toContainText("no letters or digits");
    // Nothing usable was asked for: everyone is shown.
    await expect(page.getByTestId("teacher-total")).toHaveText(everyone!);
  });
});
