import { expect, test, type Locator, type Page } from "@playwright/test";
import { DEMO_PASSWORD, hydrated } from "./support";

// One journey by keyboard alone: sign in, search partners, post on the Twinboard, send a chat message, report a
// post. No click anywhere; every element reached by Tab shows where the focus is. Addresses are typed as a person
// would type them into the address bar. Runs last (file name order): it posts, chats and reports on the demo.

/** Whether the focused element draws a visible focus indicator (an outline or a ring). */
async function focusIsVisible(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body) return "nothing has the focus";
    const style = getComputedStyle(element);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    const ring = style.boxShadow !== "none";
    return outline || ring ? null : `no visible focus on <${element.tagName.toLowerCase()}> ${element.textContent?.trim().slice(0, 40) ?? ""}`;
  });
}

/** Presses Tab (or Shift+Tab) until `target` has the focus, checking the focus is visible at every stop. */
async function tabTo(page: Page, target: Locator, { back = false, max = 80 } = {}) {
  for (let presses = 0; presses < max; presses += 1) {
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
    const problem = await focusIsVisible(page);
    expect(problem, `after ${presses + 1} presses of Tab`).toBeNull();
    if (await target.evaluate((element) => element === document.activeElement).catch(() => false)) return;
  }
  throw new Error(`Tab never reached ${target}`);
}

test("a teacher signs in, searches partners, posts, chats and reports by keyboard alone", async ({ page }) => {
  test.setTimeout(90_000);

  // The first Tab on a page reaches the skip link, which takes the focus past the navigation.
  await page.goto("/signin");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to main content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press("Enter");
  await tabTo(page, page.getByLabel("E-mail address"));
  await page.keyboard.type("teacher1@demo.opentwin.test");
  await tabTo(page, page.getByLabel("Password"));
  await page.keyboard.type(DEMO_PASSWORD);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/account$/);

  // Partner search through the main navigation.
  await tabTo(page, page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Partner search" }));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/partners/);
  await tabTo(page, page.getByLabel("Name, school or words"));
  await page.keyboard.type("Kuressaare");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/q=Kuressaare/);
  await expect(page.getByTestId("teacher-results")).toContainText("Kuressaare");

  // The Twinboard of the demo project.
  await page.goto("/projects/mine");
  await tabTo(page, page.getByTestId("my-projects").getByRole("link", { name: "Water in our towns" }));
  // The project's own link leads into its TwinSpace, on the Twinboard.
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/space$/);
  await hydrated(page);
  await tabTo(page, page.getByLabel("Share an update with the project"));
  await page.keyboard.type("Typed without a mouse: our keyboards work too.");
  await tabTo(page, page.getByRole("button", { name: "Publish", exact: true }));
  await page.keyboard.press("Enter");
  const posted = page.getByTestId("post").filter({ hasText: "Typed without a mouse: our keyboards work too." });
  await expect(posted).toBeVisible();

  // The chat: the message arrives through the websocket.
  await tabTo(page, page.getByRole("link", { name: "Chat", exact: true }));
  await page.keyboard.press("Enter");
  await hydrated(page);
  await expect(page.getByTestId("chat-status")).toHaveText("Live: new messages appear by themselves.");
  await tabTo(page, page.getByLabel("Message to the project's teachers"));
  await page.keyboard.type("Sent with the Enter key.");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("chat-messages")).toContainText("Sent with the Enter key.");

  // Reporting a post of the Twinboard.
  await tabTo(page, page.getByRole("link", { name: "Twinboard", exact: true }), { back: true });
  await page.keyboard.press("Enter");
  await hydrated(page);
  const other = page.getByTestId("post").filter({ hasText: "Greetings from Kuressaare!" });
  await tabTo(page, other.getByRole("link", { name: "Report", exact: true }));
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("reported")).toContainText("Greetings from Kuressaare!");
  await hydrated(page);
  await tabTo(page, page.getByLabel("Reason"));
  // A closed select is changed with the arrow keys.
  await page.keyboard.press("ArrowDown");
  await tabTo(page, page.getByLabel(/What is wrong/));
  await page.keyboard.type("Testing the report form by keyboard.");
  await tabTo(page, page.getByRole("button", { name: "Send the report" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status")).toHaveText("Thank you. The moderators will look at it.");
});
