import { expect, test } from "@playwright/test";
import { resolve } from "node:path";
import { signIn, signOut } from "./support";

test("a teacher fills in My interests and others find them by those interests", async ({ page }) => {
  // Julien Bernard (France) says what he wants to work on.
  await signIn(page, "teacher2@demo.opentwin.test");
  await page.getByRole("link", { name: "My interests" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("My interests");
  // A picture first: a plain form post, answered by a redirect back here.
  await page.getByLabel("Choose a picture").setInputFiles(resolve(__dirname, "../fixtures/picture.png"));
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByText("Your picture is saved.")).toBeVisible();
  await expect(page.getByTestId("my-picture")).toBeVisible();
  await page.getByLabel("A project idea").fill("A shared maths trail through our two towns");
  await page.getByRole("group", { name: "Subjects", exact: true }).getByLabel("Mathematics").check();
  await page.getByRole("group", { name: "Pupils' ages" }).getByLabel("16 to 19").check();
  await page.getByRole("group", { name: "Languages for collaboration" }).getByLabel("German").check();
  await page.getByLabel("Looking for partners now").check();
  await page.getByRole("button", { name: "Save" }).click();
  // (A section of the page may be loading again at that moment: it has a status of its own.)
  await expect(page.getByRole("status").filter({ hasText: "Your interests are saved." })).toBeVisible();
  await signOut(page);

  // Anna Schmidt (Germany) adds mathematics to her interests: her dashboard suggests Julien.
  await signIn(page, "teacher8@demo.opentwin.test");
  await page.getByRole("link", { name: "My interests" }).click();
  await page.getByRole("group", { name: "Subjects", exact: true }).getByLabel("Mathematics").check();
  await page.getByRole("button", { name: "Save" }).click();
  // (A section of the page may be loading again at that moment: it has a status of its own.)
  await expect(page.getByRole("status").filter({ hasText: "Your interests are saved." })).toBeVisible();
  await page.goto("/account");
  await expect(page.getByTestId("suggestions")).toContainText("Julien Bernard");

  // She searches by subject and finds him.
  await page.goto("/partners?subject=mathematics&looking_now=on");
  await expect(page.getByLabel("Subject")).toHaveValue("mathematics");
  // Each option says how many teachers choosing it would give.
  await expect(page.getByLabel("Subject").locator('option[value="mathematics"]')).toHaveText("Mathematics (1)");
  await expect(page.getByTestId("teacher-total")).toHaveText("1 teacher found");
  const results = page.getByTestId("teacher-results");
  await expect(results.getByRole("link")).toHaveCount(1);
  // His picture shows on his card, square, for a validated teacher.
  const picture = results.locator("img");
  await expect(picture).toHaveAttribute("src", /^\/pictures\/\d+\?v=\d+$/);
  await expect.poll(() => picture.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight].join("x"))).toBe("256x256");
  await results.getByRole("link", { name: /Julien Bernard/ }).click();
  const interests = page.getByTestId("interests");
  await expect(interests).toContainText("Looking for partners now");
  await expect(interests).toContainText("A shared maths trail through our two towns");
  await expect(interests.getByRole("list", { name: "Subjects", exact: true })).toContainText("Mathematics");
  await expect(interests.getByRole("list", { name: "Languages for collaboration" })).toContainText("German");

  // She asks him to become a contact, and he accepts.
  await page.getByRole("button", { name: "Ask to become contacts" }).click();
  await expect(page.getByTestId("contact-state")).toContainText("You asked to become contacts");
  await signOut(page);
  await signIn(page, "teacher2@demo.opentwin.test");
  await page.getByRole("link", { name: "Contacts", exact: true }).click();
  await page.getByTestId("incoming-requests").locator("li", { hasText: "Anna Schmidt" }).getByRole("button", { name: "Accept" }).click();
  await expect(page.getByTestId("contact-list")).toContainText("Anna Schmidt");
});
