import { expect, test } from "@playwright/test";
import { hydrated, signIn } from "./support";

// João Silva (Portugal, teacher9) and Kadri Tamm (Estonia, teacher10) are contacts who talk in the demo; João has
// not read Kadri's last message.
test("two contacts write to each other in private, live, with unread counts; a block closes the conversation", async ({ browser }) => {
  test.setTimeout(60_000);
  const joao = await (await browser.newContext()).newPage();
  const kadri = await (await browser.newContext()).newPage();
  await signIn(joao, "teacher9@demo.opentwin.test");
  await signIn(kadri, "teacher10@demo.opentwin.test");

  // The header tells João one message waits; the list shows whose.
  const nav = joao.getByTestId("nav-messages");
  // (Chromium reads the screen-reader brackets around the count with spaces: "Messages ( 1 )".)
  await expect(nav).toHaveAccessibleName(/^Messages \(\s*1\s*\)$/);
  await nav.click();
  const row = joao.getByTestId("conversation").filter({ hasText: "Kadri Tamm" });
  await expect(row).toContainText("I drafted the aims");
  await row.click();
  await expect(joao.getByRole("heading", { level: 1 })).toHaveText("Conversation with Kadri Tamm");
  await expect(joao.getByTestId("message")).toHaveCount(4);
  // Opened: nothing unread any more.
  await joao.reload();
  await expect(joao.getByTestId("nav-messages")).toHaveAccessibleName("Messages");
  await hydrated(joao);
  await expect(joao.getByTestId("chat-status")).toHaveText("Live: new messages appear by themselves.");

  await kadri.goto("/messages");
  await kadri.getByTestId("conversation").filter({ hasText: "João Silva" }).click();
  await hydrated(kadri);
  await expect(kadri.getByTestId("chat-status")).toHaveText("Live: new messages appear by themselves.");

  // A message reaches the other page without a reload, and the box empties.
  await joao.getByLabel("Your message").fill("The aims look good. Let us found it on Monday.");
  await joao.getByRole("button", { name: "Send" }).click();
  await expect(kadri.getByTestId("messages")).toContainText("The aims look good. Let us found it on Monday.");
  await expect(joao.getByLabel("Your message")).toHaveValue("");
  // Seen live is read: Kadri's header has nothing waiting after a reload.
  await kadri.reload();
  await expect(kadri.getByTestId("message")).toHaveCount(5);
  await expect(kadri.getByTestId("nav-messages")).toHaveAccessibleName("Messages");

  // An empty message is refused with a clear error from the server (the browser's own check bypassed).
  await joao.getByLabel("Your message").evaluate((box) => box.removeAttribute("required"));
  await joao.getByRole("button", { name: "Send" }).click();
  await expect(joao.getByRole("alert")).toContainText(/required|fill/i);

  // Away from the conversation, Kadri's header counts a new message as it arrives, without a reload.
  const conversation = kadri.url();
  await kadri.goto("/contacts");
  await expect(kadri.getByTestId("nav-messages")).toHaveAccessibleName("Messages");
  await joao.getByLabel("Your message").fill("One more thing: bring the timetable.");
  await joao.getByRole("button", { name: "Send" }).click();
  await expect(joao.getByLabel("Your message")).toHaveValue("");
  await expect(kadri.getByTestId("nav-messages")).toHaveAccessibleName(/^Messages \(\s*1\s*\)$/, { timeout: 10_000 });
  await kadri.goto(conversation);
  await hydrated(kadri);

  // Kadri blocks João: his page, reloaded, takes no new messages; she can lift it.
  await kadri.getByRole("button", { name: "Block" }).click();
  await expect(kadri.getByTestId("conversation-closed")).toContainText("You blocked this teacher");
  await joao.reload();
  await expect(joao.getByTestId("conversation-closed")).toHaveText("This conversation takes no new messages.");
  await expect(joao.getByLabel("Your message")).toHaveCount(0);
  await kadri.getByRole("button", { name: "Unblock" }).click();
  await expect(kadri.getByTestId("conversation-closed")).toHaveCount(0);
  await expect(kadri.getByLabel("Your message")).toBeVisible();
});

// Aino Virtanen (Finland, teacher13) and Olena Kovalenko (Ukraine, teacher12) take the same learning event but are not
// contacts yet: Aino can write to Olena only once Olena accepts her, and then starts the conversation herself.
test("a teacher starts a conversation with a new contact, who finds it waiting", async ({ browser }) => {
  test.setTimeout(60_000);
  const aino = await (await browser.newContext()).newPage();
  const olena = await (await browser.newContext()).newPage();
  await signIn(aino, "teacher13@demo.opentwin.test");
  await signIn(olena, "teacher12@demo.opentwin.test");

  await aino.goto("/partners?q=olena");
  await aino.getByTestId("teacher-results").getByRole("link", { name: /Olena Kovalenko/ }).click();
  await aino.getByRole("button", { name: "Ask to become contacts" }).click();
  await expect(aino.getByTestId("contact-state")).toContainText("You asked to become contacts");
  // Not a contact yet: she is not among those Aino may write to.
  await aino.goto("/messages");
  await expect(aino.getByRole("link", { name: "Olena Kovalenko" })).toHaveCount(0);

  await olena.goto("/contacts");
  await olena.getByTestId("incoming-requests").locator("li", { hasText: "Aino Virtanen" }).getByRole("button", { name: "Accept" }).click();
  await expect(olena.getByTestId("contact-list")).toContainText("Aino Virtanen");

  // Now Aino finds her among the contacts she has not written to, and writes first.
  await aino.goto("/messages");
  await aino.getByRole("region", { name: "Write to a contact" }).getByRole("link", { name: "Olena Kovalenko" }).click();
  await expect(aino.getByRole("heading", { level: 1 })).toHaveText("Conversation with Olena Kovalenko");
  await expect(aino.getByTestId("message")).toHaveCount(0);
  await hydrated(aino);
  await aino.getByLabel("Your message").fill("Hello Olena! Shall we plan a project on folk tales?");
  await aino.getByRole("button", { name: "Send" }).click();
  await expect(aino.getByLabel("Your message")).toHaveValue("");

  // Olena's header counts it; her list shows who wrote and what; Aino is no longer offered as someone to start with.
  await olena.goto("/");
  await expect(olena.getByTestId("nav-messages")).toHaveAccessibleName(/^Messages \(\s*1\s*\)$/);
  await olena.getByTestId("nav-messages").click();
  const row = olena.getByTestId("conversation").filter({ hasText: "Aino Virtanen" });
  await expect(row).toContainText("Shall we plan a project on folk tales?");
  await expect(olena.getByRole("region", { name: "Write to a contact" }).getByRole("link", { name: "Aino Virtanen" })).toHaveCount(0);
  await row.click();
  await expect(olena.getByTestId("message")).toHaveCount(1);
  await expect(olena.getByTestId("message")).toContainText("Hello Olena!");
});
