import { expect, test } from "@playwright/test";
import { hydrated, signIn } from "./support";

// Claire (France) and Giulia (Italy) founded the demo project "Water in our towns".
test("two teachers in two browsers see each other's chat messages live, and a reload keeps them", async ({ browser }) => {
  test.setTimeout(60_000);
  const claire = await (await browser.newContext()).newPage();
  const giulia = await (await browser.newContext()).newPage();
  for (const [page, email] of [[claire, "teacher1@demo.opentwin.test"], [giulia, "teacher3@demo.opentwin.test"]] as const) {
    await signIn(page, email);
    await page.goto("/projects/mine");
    await page.getByTestId("my-projects").getByRole("link", { name: "Water in our towns" }).click();
    await page.getByRole("link", { name: "Chat" }).click();
    await hydrated(page);
    await expect(page.getByTestId("chat-status")).toHaveText("Live: new messages appear by themselves.");
  }

  await claire.getByLabel("Message to the project's teachers").fill("Ciao Giulia, shall we call on Friday?");
  await claire.getByRole("button", { name: "Send" }).click();
  // Giulia's page shows it without being reloaded.
  await expect(giulia.getByTestId("chat-messages")).toContainText("Ciao Giulia, shall we call on Friday?");
  await expect(claire.getByLabel("Message to the project's teachers")).toHaveValue("");

  await giulia.getByLabel("Message to the project's teachers").fill("Bonjour Claire, Friday at 10 works!");
  await giulia.getByRole("button", { name: "Send" }).click();
  await expect(claire.getByTestId("chat-messages")).toContainText("Bonjour Claire, Friday at 10 works!");

  // The messages are stored: a fresh page has them.
  await claire.reload();
  await expect(claire.getByTestId("chat-message")).toHaveCount(2);
  await expect(claire.getByTestId("chat-message").last()).toContainText("Giulia Romano");
});
