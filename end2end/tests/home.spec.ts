import { expect, test } from "@playwright/test";
import { hydrated } from "./support";

// Runs before signup-and-validation.spec.ts (files run in name order), on the unmodified demo.
// The demo database: 46 countries, 12 schools, 13 validated teachers (2 more wait), 4 approved projects (1 waits).
const DEMO = { countries: "46", schools: "12", teachers: "13", projects: "4" };


test("the home page renders the live figures of the seeded database", async ({ page }) => {
  const response = await page.goto("/");
  expect(response?.status()).toBe(200);
  await expect(page).toHaveTitle(/OpenTwin/);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.locator('meta[name="description"]')).toHaveAttribute("content", /46 countries/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Find partners abroad. Learn together.");
  await expect(page.getByTestId("stat-countries").locator("dd")).toHaveText(DEMO.countries);
  await expect(page.getByTestId("stat-schools").locator("dd")).toHaveText(DEMO.schools);
  await expect(page.getByTestId("stat-teachers").locator("dd")).toHaveText(DEMO.teachers);
  await expect(page.getByTestId("stat-projects").locator("dd")).toHaveText(DEMO.projects);
  await expect(page.getByRole("navigation", { name: "Main navigation" })).toBeVisible();
  await expect(page.getByRole("main")).toBeVisible();
});

test("the language switcher brings the reader back to the same page in that language, and remembers it", async ({ page }) => {
  // Pages are rendered on the server (islands): the switch is a page load that comes back to where the reader was.
  await page.goto("/countries");
  await hydrated(page);
  await page.getByTestId("language-switcher").click();
  await expect(page).toHaveURL(/\/languages\?back=%2Fcountries$/);
  // Every language in its own name, marked with its language for screen readers.
  await expect(page.getByTestId("languages").getByRole("link")).toHaveCount(36);
  await expect(page.getByTestId("lang-uk")).toHaveText("Українська");
  await expect(page.getByTestId("lang-uk")).toHaveAttribute("lang", "uk");
  await expect(page.getByTestId("lang-en")).toHaveAttribute("aria-current", "true");
  await page.getByTestId("lang-fr").click();
  await expect(page).toHaveURL(/\/countries$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Pays participants");
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  await expect(page.getByTestId("language-switcher")).toHaveText("Français");
  // The choice is remembered: the server renders French on the next visit.
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Trouvez des partenaires à l'étranger. Apprenez ensemble.");
  await expect(page.getByTestId("stat-teachers").locator("dt")).toHaveText("enseignants validés");
});

test("the language links bring back the whole address, its query included", async ({ page }) => {
  await page.goto("/projects?q=water&age=from_7_to_11");
  await page.getByTestId("language-switcher").click();
  await page.getByTestId("lang-de").click();
  await expect(page).toHaveURL(/\/projects\?q=water&age=from_7_to_11$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "de");
  await page.goto("/language/en?back=/");
});

test("Arabic pages are laid out right to left", async ({ page }, testInfo) => {
  await page.goto("/language/ar?back=/countries");
  await expect(page.locator("html")).toHaveAttribute("lang", "ar");
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  // The header starts on the right: the platform's name sits right of the navigation.
  const name = await page.getByRole("banner").getByRole("link").first().boundingBox();
  const nav = await page.getByRole("navigation").first().boundingBox();
  expect(name && nav && name.x > nav.x).toBeTruthy();
  await page.screenshot({ path: testInfo.outputPath("countries-ar.png"), fullPage: true });
});

test("pages in German, Polish, Ukrainian, Georgian and Arabic hold no English sentence", async ({ page }) => {
  // Sentences of the English home and countries pages that every translation must have replaced.
  const english = ["Find partners abroad", "How it works", "Participating countries", "Skip to main content", "Teachers own their projects"];
  for (const code of ["de", "pl", "uk", "ka", "ar"]) {
    for (const path of ["/", "/countries", "/signin", "/signup"]) {
      await page.goto(`/language/${code}?back=${path}`);
      await expect(page.locator("html")).toHaveAttribute("lang", code);
      const text = await page.locator("body").innerText();
      for (const sentence of english) {
        expect(text, `${code} ${path}`).not.toContain(sentence);
      }
    }
  }
});

test("the browser's preferred language is used on a first visit", async ({ browser }) => {
  const context = await browser.newContext({ locale: "fr-FR" });
  const page = await context.newPage();
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  await expect(page.getByRole("link", { name: "Pays", exact: true })).toBeVisible();
  await context.close();
});

test("without JavaScript the language links and navigation still work", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/countries");
  await page.getByTestId("language-switcher").click();
  await page.getByTestId("lang-fr").click();
  await expect(page).toHaveURL(/\/countries$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Pays participants");
  await context.close();
});

test("the countries index lists every participating country", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "Countries", exact: true }).click();
  await expect(page).toHaveURL(/\/countries$/);
  await expect(page.getByTestId("countries-table").locator("tr")).toHaveCount(46);
  const georgia = page.getByTestId("countries-table").locator("tr", { hasText: "Georgia" });
  await expect(georgia).toContainText("eTwinning Plus");
  await expect(georgia).toContainText("Partner Support Agency of Georgia");

  // France in numbers: the demo has 2 French schools, 2 validated French teachers (a third waits), 2 projects.
  await page.getByRole("link", { name: "France", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("France in numbers");
  await expect(page.getByTestId("country-schools").locator("dd")).toHaveText("2");
  await expect(page.getByTestId("country-teachers").locator("dd")).toHaveText("2");
  await expect(page.getByTestId("country-projects").locator("dd")).toHaveText("2");
  await expect(page.getByTestId("growth-table")).toBeVisible();
  expect((await page.goto("/countries/XX"))?.status()).toBe(404);
});

test("an unknown address answers 404 with a way back", async ({ page }) => {
  const response = await page.goto("/no/such/page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
  await page.getByRole("link", { name: "Back to the home page" }).click();
  await expect(page).toHaveURL(/\/$/);
});

test("health and readiness probes answer", async ({ request }) => {
  expect((await request.get("/healthz")).status()).toBe(200);
  const ready = await request.get("/readyz");
  expect(ready.status()).toBe(200);
  expect(await ready.text()).toBe("ready");
});
