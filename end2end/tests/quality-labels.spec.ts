import { expect, test } from "@playwright/test";
import { readFileSync } from "node:fs";
import { signIn, signOut } from "./support";

const CRITERIA = [
  "Collaboration between partner schools",
  "Use of technology",
  "Pedagogical innovation",
  "Curricular integration",
  "Results, impact and documentation",
];

test("a teacher applies for a Quality Label, the support organisation awards it, the certificate is downloaded and verified", async ({ page }) => {
  test.setTimeout(120_000);

  // Giulia Romano (Italy) applies for "Water in our towns", a demo project where pupils have posted.
  await signIn(page, "teacher3@demo.opentwin.test");
  await page.goto("/projects");
  await page.getByRole("link", { name: "Water in our towns" }).click();
  await page.getByTestId("apply-label").click();
  const form = page.getByTestId("label-form");
  for (const criterion of CRITERIA) {
    await form.getByLabel(criterion).fill(`What our pupils did: ${criterion}.`);
  }
  // A link outside the TwinSpace is refused, with the reason next to the field and the answers kept.
  await form.getByLabel("Evidence in the TwinSpace").fill("https://elsewhere.example/our-project");
  await form.getByRole("button", { name: "Send the application" }).click();
  await expect(page.getByTestId("label-form")).toContainText("must be a link into this project's TwinSpace");
  await expect(page.getByTestId("label-form").getByLabel("Use of technology")).toHaveValue("What our pupils did: Use of technology.");
  const spacePath = new URL(page.url()).pathname.replace(/\/label$/, "/space");
  await page.getByTestId("label-form").getByLabel("Evidence in the TwinSpace").fill(`${spacePath}\n${spacePath}/forum`);
  await page.getByTestId("label-form").getByRole("button", { name: "Send the application" }).click();
  await expect(page).toHaveURL(/\/labels\/mine\?applied=1$/);
  await expect(page.getByRole("status").filter({ hasText: "Your application has been sent" })).toBeVisible();
  await expect(page.getByTestId("my-label-applications")).toContainText("Waiting for assessment");
  await signOut(page);

  // The French support organisation awards Claire Martin's application, waiting in its queue from the demo.
  await signIn(page, "nso.fr@demo.opentwin.test");
  await page.getByRole("link", { name: "Quality Labels", exact: true }).click();
  const application = page.getByTestId("label-queue").locator("li", { hasText: "Claire Martin" });
  await expect(application).toContainText("Water in our towns");
  await expect(page.getByTestId("label-queue")).not.toContainText("Giulia Romano");
  const assessment = application.getByTestId("assessment-form");
  for (const criterion of [...CRITERIA, "Data protection, copyright and e-safety"]) {
    await assessment.getByLabel(new RegExp(`^${criterion.replace(/[(),]/g, ".")}`)).selectOption("4");
  }
  await assessment.getByLabel(/^Comment · Collaboration/).fill("Pupils planned every measurement together.");
  await assessment.getByRole("button", { name: "Award the label" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Your decision has been saved" })).toBeVisible();
  await expect(page.getByTestId("label-queue")).toHaveCount(0);
  await signOut(page);

  // Claire reads her scores, downloads the certificate and checks it on its public page.
  await signIn(page, "teacher1@demo.opentwin.test");
  await page.goto("/labels/mine");
  const mine = page.getByTestId("my-label-applications").locator("li", { hasText: "Water in our towns" });
  await expect(mine.getByTestId("label-status")).toHaveText("Awarded");
  await expect(mine.getByTestId("label-scores")).toContainText("Pupils planned every measurement together.");
  const [download] = await Promise.all([page.waitForEvent("download"), mine.getByTestId("certificate-download").click()]);
  const pdf = readFileSync((await download.path())!);
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  await mine.getByRole("link", { name: "Public verification page" }).click();
  await expect(page.getByTestId("certificate-genuine")).toBeVisible();
  await expect(page.getByTestId("certificate-holder")).toHaveText("Claire Martin");
  await signOut(page);

  // Anyone sees the label on the project and finds labelled projects in the directory.
  await page.goto("/projects?labelled=1");
  const list = page.getByTestId("project-list");
  await expect(list).toContainText("Water in our towns");
  await expect(list).toContainText("Stories without borders");
  await expect(list).not.toContainText("Bread and festivals");
  await list.getByRole("link", { name: "Stories without borders" }).click();
  await expect(page.getByTestId("badge-eql")).toBeVisible();
  await expect(page.getByTestId("badge-nql").first()).toBeVisible();
});

test("last year's European Prize winners are public, and the eTwinning School shows on its teachers", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "Prizes", exact: true }).click();
  await page.getByTestId("prize-years").getByRole("link").first().click();
  const winners = page.getByTestId("prize-winners");
  await expect(winners).toContainText("Pupils aged 7 to 11");
  await winners.getByRole("link", { name: "Stories without borders" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Stories without borders");

  // Agnieszka Nowak's school in Kraków is an eTwinning School; her profile lists her labels and prize.
  await signIn(page, "teacher1@demo.opentwin.test");
  await page.goto("/partners?q=agnieszka");
  const card = page.getByTestId("teacher-results").getByRole("link", { name: /Agnieszka Nowak/ });
  await expect(card.getByTestId("badge-school")).toBeVisible();
  await card.click();
  await expect(page.getByTestId("teacher-recognition")).toContainText("European Prize");
  await expect(page.getByTestId("teacher-recognition")).toContainText("National Quality Label");
});
