import { expect, test } from "@playwright/test";
import { hydrated, newestMail, signIn, signOut } from "./support";

test("a teacher joins, confirms the address, waits, and is validated by their own country's NSO", async ({ page }) => {
  const email = `camille.${Date.now()}@lycee.example.fr`;
  const password = "a long enough password";

  await page.goto("/signup");
  await hydrated(page);
  await page.getByLabel("Your name").fill("Camille Laurent");
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("New password").fill(password);
  await page.getByLabel("Your role at school").selectOption("teacher");
  await page.getByLabel("Country").selectOption("FR");
  await page.getByLabel("Find your school").fill("victor");
  await page.getByTestId("school-hits").getByLabel(/Lycée Victor Hugo/).check();
  await page.getByRole("button", { name: "Create my account" }).click();
  await expect(page).toHaveURL(/\/signin\?registered=1$/);
  await expect(page.getByRole("status")).toContainText("We have sent you an e-mail");

  // The verification mail, read from the outbox.
  const mail = newestMail(email);
  expect(mail).toContain("Confirm your e-mail address");
  const link = mail.match(/http:\/\/\S+\/verify-email\?token=\S+/)![0];
  await page.goto(new URL(link).pathname + new URL(link).search);
  await expect(page.getByRole("status")).toContainText("Your e-mail address is confirmed");

  await signIn(page, email, password);
  await expect(page.getByTestId("account-status")).toContainText("Waiting for validation");
  await expect(page.getByTestId("account-status")).toContainText("National Support Organisation of France");
  await signOut(page);

  // Italy's moderator never sees a French sign-up.
  await signIn(page, "nso.it@demo.opentwin.test");
  await page.getByRole("link", { name: "Validation" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Validation of new members");
  await expect(page.getByTestId("validation-queue")).toContainText("Sofia Ricci");
  await expect(page.getByTestId("validation-queue")).not.toContainText("Camille Laurent");
  await signOut(page);

  // France's moderator validates.
  await signIn(page, "nso.fr@demo.opentwin.test");
  await page.goto("/support/validation");
  const card = page.getByTestId("validation-queue").locator("li", { hasText: "Camille Laurent" });
  await expect(card).toContainText("Lycée Victor Hugo");
  await card.getByRole("button", { name: "Validate" }).click();
  await expect(page.getByTestId("validation-queue")).not.toContainText("Camille Laurent");
  await signOut(page);

  await signIn(page, email, password);
  await expect(page.getByTestId("account-status")).toContainText("Validated");
  expect(newestMail(email)).toContain("has been validated");
});

test("a wrong password is refused with a message next to the form, also without JavaScript", async ({ browser }) => {
  for (const javaScriptEnabled of [true, false]) {
    const context = await browser.newContext({ javaScriptEnabled });
    const page = await context.newPage();
    await page.goto("/signin");
    if (javaScriptEnabled) await hydrated(page);
    await page.getByLabel("E-mail address").fill("nso.fr@demo.opentwin.test");
    await page.getByLabel("Password").fill("certainly not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert")).toContainText("The e-mail address or the password is wrong.");
    await context.close();
  }
});

test("signed-out visitors are asked to sign in instead of seeing the validation queue", async ({ page }) => {
  await page.goto("/support/validation");
  await expect(page.getByText("Please sign in to see this page.")).toBeVisible();
  await expect(page.getByTestId("validation-queue")).toHaveCount(0);
});

test("form errors are shown in the reader's language", async ({ browser }) => {
  const context = await browser.newContext({ locale: "fr-FR" });
  const page = await context.newPage();
  await page.goto("/signin");
  await hydrated(page);
  await page.getByLabel("Adresse e-mail").fill("nso.fr@demo.opentwin.test");
  await page.getByLabel("Mot de passe").fill("pas le bon mot de passe");
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page.getByRole("alert")).toContainText("L'adresse e-mail ou le mot de passe est incorrect.");
  await context.close();
});
