import { expect, test, type Page } from "@playwright/test";
import { resolve } from "node:path";
import { hydrated, newestMail, signIn, signInAsPupil, signOut } from "./support";

// Julien Bernard (France, teacher2) and Marco Esposito (Italy, teacher4) are in no demo project together.
const JULIEN = "teacher2@demo.opentwin.test";
const MARCO = "teacher4@demo.opentwin.test";

async function becomeContacts(page: Page) {
  await signIn(page, JULIEN);
  await page.goto("/partners?q=marco");
  await page.getByTestId("teacher-results").getByRole("link", { name: /Marco Esposito/ }).click();
  await page.getByRole("button", { name: "Ask to become contacts" }).click();
  await expect(page.getByTestId("contact-state")).toContainText("You asked to become contacts");
  await signOut(page);
  await signIn(page, MARCO);
  await page.goto("/contacts");
  await page.getByTestId("incoming-requests").locator("li", { hasText: "Julien Bernard" }).getByRole("button", { name: "Accept" }).click();
  await expect(page.getByTestId("contact-list")).toContainText("Julien Bernard");
  await signOut(page);
}

test("two teachers found a project, both support organisations approve, pupils sign in and take part", async ({ page }) => {
  // The platform's main journey, from contact to TwinSpace: long by nature.
  test.setTimeout(120_000);
  await becomeContacts(page);

  // Julien founds the project with Marco.
  await signIn(page, JULIEN);
  await page.getByRole("link", { name: "My projects" }).click();
  await page.getByRole("link", { name: "Found a project" }).click();
  await hydrated(page);
  const form = page.getByTestId("found-form");
  await form.getByLabel("Title").fill("Bridges of our towns");
  await form.getByLabel("Summary").fill("Pupils photograph and measure the bridges of Lyon and Palermo.");
  await form.getByLabel("Co-founder").selectOption({ label: "Marco Esposito (Italy)" });
  await form.getByLabel("English").check();
  await form.getByLabel("12 to 15").check();
  await form.getByLabel("Mathematics").check();
  await form.getByLabel("Number of pupils").fill("40");
  await form.getByLabel("Aims").fill("Use geometry outdoors and compare two cities.");
  // A missing subject is refused with the reason next to the list.
  await form.getByLabel("Mathematics").uncheck();
  await form.getByRole("button", { name: "Send to my co-founder" }).click();
  await expect(form.getByRole("alert").filter({ hasText: "Choose at least one." })).toBeVisible();
  await form.getByLabel("Mathematics").check();
  await form.getByRole("button", { name: "Send to my co-founder" }).click();
  await expect(page).toHaveURL(/\/projects\/mine\?founded=\d+$/);
  await expect(page.getByRole("status").filter({ hasText: "Your project was founded" })).toBeVisible();
  await expect(page.getByTestId("my-projects")).toContainText("Waiting for Marco Esposito to accept.");
  expect(newestMail("teacher4@demo.opentwin.test")).toContain("Bridges of our towns");
  await signOut(page);

  // Marco accepts.
  await signIn(page, MARCO);
  await page.getByRole("link", { name: "My projects" }).click();
  await page.getByTestId("cofounding-requests").locator("li", { hasText: "Bridges of our towns" }).getByRole("button", { name: "Accept and co-found" }).click();
  await expect(page.getByTestId("my-projects")).toContainText("Bridges of our towns");
  await signOut(page);

  // Each country's support organisation approves.
  for (const nso of ["nso.fr@demo.opentwin.test", "nso.it@demo.opentwin.test"]) {
    await signIn(page, nso);
    await page.getByRole("link", { name: "Project approvals" }).click();
    const proposal = page.getByTestId("approval-queue").locator("li", { hasText: "Bridges of our towns" });
    await expect(proposal).toContainText("Use geometry outdoors and compare two cities.");
    await proposal.getByRole("button", { name: "Approve" }).click();
    await expect(page.getByText("Bridges of our towns")).toHaveCount(0);
    await signOut(page);
  }
  expect(newestMail(JULIEN)).toContain("TwinSpace is open");

  // The TwinSpace is open: Julien posts on the Twinboard and creates logins for two pupils.
  await signIn(page, JULIEN);
  await page.goto("/projects/mine");
  await page.getByTestId("my-projects").getByRole("link", { name: "Bridges of our towns" }).click();
  await expect(page).toHaveURL(/\/projects\/\d+\/space$/);
  await hydrated(page);
  await page.getByLabel("Share an update with the project").fill("Welcome! Photograph one bridge this week.");
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByTestId("twinboard").getByTestId("post").first()).toContainText("Photograph one bridge this week.");
  // A post's like, pin and delete are buttons of one form, each sending to its own server function.
  await page.getByLabel("Share an update with the project").fill("A draft to take back.");
  await page.getByRole("button", { name: "Publish" }).click();
  const draft = page.getByTestId("post").filter({ hasText: "A draft to take back." });
  const welcome = page.getByTestId("post").filter({ hasText: "Photograph one bridge this week." });
  await expect(page.getByTestId("post").first()).toContainText("A draft to take back.");
  await welcome.getByRole("button", { name: "Like · 0" }).click();
  await expect(welcome.getByRole("button", { name: "Unlike · 1" })).toHaveAttribute("aria-pressed", "true");
  await welcome.getByRole("button", { name: "Pin to the top" }).click();
  await expect(welcome.getByRole("button", { name: "Unpin" })).toBeVisible();
  await expect(page.getByTestId("post").first()).toContainText("Pinned");
  await expect(page.getByTestId("post").first()).toContainText("Photograph one bridge this week.");
  await draft.getByRole("button", { name: "Delete" }).click();
  await expect(draft).toHaveCount(0);
  await expect(welcome.getByRole("button", { name: "Unlike · 1" })).toBeVisible();
  // Corrected on its own page, then back at the post.
  await welcome.getByRole("link", { name: "Edit" }).click();
  await expect(page).toHaveURL(/\/space\/posts\/\d+\/edit$/);
  await page.getByLabel("Your post").fill("Welcome! Photograph one bridge this week. Any bridge will do.");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(/\/space#post-\d+$/);
  await expect(welcome).toContainText("Any bridge will do.");
  await expect(welcome).toContainText("edited");
  await page.getByRole("link", { name: "Pupils" }).click();
  await hydrated(page);
  await page.getByLabel("Pupils' names").fill("Léa Moreau\nHugo Petit");
  await page.getByRole("button", { name: "Create the logins" }).click();
  const sheet = page.getByTestId("login-sheet");
  await expect(sheet).toContainText("Léa M.");
  await expect(sheet).toContainText("Hugo P.");
  const username = (await sheet.getByTestId("username").first().textContent())!.trim();
  const password = (await sheet.getByTestId("password").first().textContent())!.trim();
  expect(username).toMatch(/^lea\.m\d+$/);
  await expect(page.getByTestId("pupils")).toContainText(username);
  // Materials: a picture on a slow connection shows its progress; a file whose content does not match its
  // name is refused.
  await page.getByRole("link", { name: "Materials" }).click();
  await hydrated(page);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 40 * 1024 });
  await page.getByLabel("File", { exact: true }).setInputFiles(resolve(__dirname, "../fixtures/picture.png"));
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByTestId("upload-progress")).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "The file was added." })).toBeVisible({ timeout: 20_000 });
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await expect(page.getByTestId("material").filter({ hasText: "picture.png" }).locator("img")).toBeVisible();
  await hydrated(page);
  await page.getByLabel("File", { exact: true }).setInputFiles({ name: "bridge.png", mimeType: "image/png", buffer: Buffer.from("this is not a picture") });
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "does not match its name" })).toBeVisible();
  await expect(page.getByTestId("material")).toHaveCount(1);

  // A discussion in the forum, for the pupils to answer.
  await page.getByRole("link", { name: "Forum" }).click();
  await page.getByLabel("Title").fill("Which bridge will you photograph?");
  await page.getByLabel("Message").fill("Tell us its name and why you chose it.");
  await page.getByRole("button", { name: "Start the discussion" }).click();
  await expect(page).toHaveURL(/\/space\/forum\/\d+$/);
  await signOut(page);

  // Marco hears of it in his notification centre: one line for the Twinboard however many posts, one for the
  // materials, one for the new discussion (newest first), each leading to what is new.
  await signIn(page, MARCO);
  await page.goto("/notifications");
  const news = page.getByTestId("notification").filter({ hasText: "There is something new in the TwinSpace of “Bridges of our towns”" });
  await expect(news).toHaveCount(3);
  await expect(news.first().getByRole("link")).toHaveAttribute("href", /\/space\/forum\/\d+$/);
  await news.last().getByRole("link").click();
  await expect(page).toHaveURL(/\/projects\/\d+\/space$/);
  await signOut(page);

  // Léa signs in on the pupils' page and comments on the Twinboard.
  await signInAsPupil(page, username, password);
  await expect(page.getByRole("link", { name: "Found a project" })).toHaveCount(0);
  await page.getByTestId("my-projects").getByRole("link", { name: "Bridges of our towns" }).click();
  await hydrated(page);
  const post = page.getByTestId("post").filter({ hasText: "Photograph one bridge this week." });
  await post.getByPlaceholder("Write a comment").fill("I will take the Pont Bonaparte!");
  await post.getByRole("button", { name: "Comment" }).click();
  await expect(post.getByTestId("comment")).toContainText("Léa M.");
  await expect(post.getByTestId("comment")).toContainText("I will take the Pont Bonaparte!");
  // Pupils see no pupils' logins and cannot pin.
  await expect(page.getByRole("link", { name: "Pupils" })).toHaveCount(0);
  await expect(post.getByRole("button", { name: "Pin to the top" })).toHaveCount(0);
  // In the forum Léa replies, but she cannot start a discussion, and the teachers' chat is not hers.
  await expect(page.getByRole("link", { name: "Chat" })).toHaveCount(0);
  await page.getByRole("link", { name: "Forum" }).click();
  await expect(page.getByRole("button", { name: "Start the discussion" })).toHaveCount(0);
  await page.getByRole("link", { name: "Which bridge will you photograph?" }).click();
  await hydrated(page);
  await page.getByLabel("Your reply").fill("The Pont Bonaparte, because it is the oldest.");
  await page.getByRole("button", { name: "Reply" }).click();
  await expect(page.getByTestId("reply")).toContainText("The Pont Bonaparte, because it is the oldest.");
  await expect(page.getByTestId("reply")).toContainText("Léa M.");
  await signOut(page);

  // The public page shows the two countries, without pupils.
  await page.goto("/projects");
  await page.getByRole("link", { name: "Bridges of our towns" }).click();
  await expect(page.getByTestId("project-countries")).toContainText("France · 1");
  await expect(page.getByTestId("project-countries")).toContainText("Italy · 1");
  await expect(page.getByText("Léa")).toHaveCount(0);
});
