import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { DEMO_PASSWORD, hydrated } from "./support";

// WCAG 2.1 AA, checked by axe-core on every page a person of each role reaches, in English and in Arabic (right to
// left). Pages are found by following the links of the pages already visited (one page per route shape), so a new
// page is checked as soon as something links to it. Reads only: runs on the unmodified demo.

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const LANGUAGES = ["en", "ar"] as const;

type Role = { name: string; signIn?: (page: Page) => Promise<void>; start: string[] };

async function teacherSignIn(page: Page, email: string) {
  await page.goto("/signin");
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(DEMO_PASSWORD);
  await page.locator('form button[type="submit"]').first().click();
  await expect(page).toHaveURL(/\/account$/);
}

const ROLES: Role[] = [
  {
    name: "signed out",
    start: ["/", "/countries", "/countries/FR", "/languages", "/signup", "/signin", "/forgot-password", "/pupils/signin", "/projects", "/no/such/page"],
  },
  {
    name: "teacher",
    signIn: (page) => teacherSignIn(page, "teacher1@demo.opentwin.test"),
    start: ["/account", "/account/interests", "/partners", "/partners?q=science", "/contacts", "/projects", "/projects/new", "/projects/mine", "/notices"],
  },
  {
    name: "pupil",
    signIn: async (page) => {
      await page.goto("/pupils/signin");
      await page.locator('input[name="username"]').fill("emma.d");
      await page.locator('input[name="password"]').fill(DEMO_PASSWORD);
      await page.locator('form button[type="submit"]').first().click();
      await expect(page).toHaveURL(/\/projects\/mine$/);
    },
    start: ["/projects/mine"],
  },
  {
    name: "NSO moderator",
    signIn: (page) => teacherSignIn(page, "nso.fr@demo.opentwin.test"),
    start: ["/support/validation", "/support/projects", "/moderation", "/moderation/log", "/account"],
  },
  {
    name: "administrator",
    signIn: (page) => teacherSignIn(page, "admin@demo.opentwin.test"),
    start: ["/admin/roles", "/moderation", "/account"],
  },
];

/** The route a path belongs to: numbers and country codes stand for any. */
function shape(path: string): string {
  const [bare] = path.split("?");
  return bare.replace(/\/\d+/g, "/:id").replace(/^\/countries\/[A-Z]{2}$/, "/countries/:code");
}

/** Paths that are not pages to check: actions, downloads, language switches, sign out. */
function isPage(path: string): boolean {
  return !/^\/(language\/|files\/|api\/|pictures\/|signout|pkg\/|chat\/|ws)/.test(path) && !/\.(png|jpe?g|webp|pdf|txt|css|js)$/.test(path);
}

async function withLanguage(browser: Browser, language: string): Promise<BrowserContext> {
  const context = await browser.newContext();
  const url = new URL(test.info().project.use.baseURL ?? `http://127.0.0.1:${process.env.E2E_PORT ?? 3100}`);
  await context.addCookies([{ name: "i18n_pref_locale", value: language, domain: url.hostname, path: "/" }]);
  return context;
}

for (const role of ROLES) {
  for (const language of LANGUAGES) {
    test(`every page passes axe-core (WCAG 2.1 AA): ${role.name}, ${language}`, async ({ browser }) => {
      test.setTimeout(180_000);
      const context = await withLanguage(browser, language);
      const page = await context.newPage();
      if (role.signIn) await role.signIn(page);

      const seen = new Set<string>();
      const queue = [...role.start];
      const failures: string[] = [];
      let checked = 0;
      while (queue.length > 0 && checked < 45) {
        const path = queue.shift()!;
        const key = shape(path);
        if (seen.has(key)) continue;
        seen.add(key);
        const response = await page.goto(path);
        // Only pages this person may open; a redirect to another page counts as that page.
        const landed = new URL(page.url()).pathname + new URL(page.url()).search;
        if (landed !== path && seen.has(shape(landed)) && response?.status() !== 404) continue;
        seen.add(shape(landed));
        await expect(page.locator("html")).toHaveAttribute("lang", language);
        if (await page.locator("script[type=module], link[rel=modulepreload]").count()) {
          await hydrated(page).catch(() => undefined);
        }
        const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
        checked += 1;
        for (const violation of results.violations) {
          const where = violation.nodes.slice(0, 3).map((node) => node.target.join(" ")).join(" | ");
          failures.push(`${landed}: ${violation.id} (${violation.impact}) ${violation.help} — ${where}`);
        }
        const links = await page.locator("a[href^='/']").evaluateAll((anchors) =>
          anchors.map((anchor) => anchor.getAttribute("href")!),
        );
        for (const link of links) {
          if (isPage(link) && !seen.has(shape(link))) queue.push(link);
        }
      }
      console.log(`${role.name}, ${language}: ${checked} pages checked: ${[...seen].sort().join(" ")}`);
      expect(checked).toBeGreaterThan(3);
      expect(failures, failures.join("\n")).toEqual([]);
      await context.close();
    });
  }
}
