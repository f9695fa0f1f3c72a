import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { DEMO_PASSWORD, hydrated } from "./support";

// Every page a person of each role reaches (signed out, teacher, pupil, NSO moderator, administrator), found by
// following the links of the pages already visited (one page per route shape), so a new page is checked as soon as
// something links to it. Reads only: runs on the unmodified demo.
// - WCAG 2.1 AA by axe-core, in English and in Arabic (right to left);
// - in Arabic, German, Polish, Ukrainian and Georgian: no sentence of the English interface left, and no text cut
//   off (a box that hides what it holds, or a page wider than the window).

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

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
    start: ["/", "/countries", "/countries/FR", "/languages", "/signup", "/signin", "/forgot-password", "/pupils/signin", "/projects", "/prizes", "/newsletter/unsubscribe?token=0", "/no/such/page"],
  },
  {
    name: "teacher",
    signIn: (page) => teacherSignIn(page, "teacher1@demo.opentwin.test"),
    start: ["/account", "/account/interests", "/partners", "/partners?q=science", "/contacts", "/projects", "/projects/new", "/projects/mine", "/labels/mine", "/schools/label", "/jury", "/notices", "/notifications", "/seminars", "/learning-events", "/newsletter", "/groups", "/groups/new"],
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
    start: ["/projects/mine", "/notifications"],
  },
  {
    name: "NSO moderator",
    signIn: (page) => teacherSignIn(page, "nso.fr@demo.opentwin.test"),
    start: ["/support/validation", "/support/projects", "/support/labels", "/moderation", "/moderation/log", "/account", "/seminars", "/seminars/new", "/learning-events", "/learning-events/new", "/groups"],
  },
  {
    name: "administrator",
    signIn: (page) => teacherSignIn(page, "admin@demo.opentwin.test"),
    start: ["/admin/roles", "/support/labels/european", "/support/prizes", "/moderation", "/account", "/newsletter", "/newsletter/new", "/support/theme"],
  },
];

/** The route a path belongs to: numbers and country codes stand for any. */
function shape(path: string): string {
  const [bare] = path.split("?");
  return bare.replace(/\/\d+/g, "/:id").replace(/^\/countries\/[A-Z]{2}$/, "/countries/:code");
}

/** Paths that are not pages to check: actions, downloads, language switches, sign out. */
function isPage(path: string): boolean {
  return (
    !/^\/(language\/|files\/|api\/|pictures\/|signout|pkg\/|chat\/|ws)/.test(path) &&
    !/\/(export|download)$/.test(path) &&
    !/\.(png|jpe?g|webp|pdf|txt|css|js|ics)$/.test(path)
  );
}

async function withLanguage(browser: Browser, language: string): Promise<BrowserContext> {
  const context = await browser.newContext();
  const url = new URL(test.info().project.use.baseURL ?? `http://127.0.0.1:${process.env.E2E_PORT ?? 3100}`);
  await context.addCookies([{ name: "i18n_pref_locale", value: language, domain: url.hostname, path: "/" }]);
  return context;
}

/** Sentences of the English interface (four words or more, without placeholders): none may appear elsewhere. */
const ENGLISH: string[] = Object.values(JSON.parse(readFileSync(resolve(__dirname, "../../app/locales/en.json"), "utf8")) as Record<string, string>)
  .filter((text) => !text.includes("{{") && text.trim().split(/\s+/).length >= 4)
  .map((text) => text.trim());

/** What is cut off on the page: boxes whose text overflows while they hide it, and a page wider than the window. */
async function cutOff(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    if (document.documentElement.scrollWidth > window.innerWidth + 1) {
      found.push(`the page is ${document.documentElement.scrollWidth}px wide in a ${window.innerWidth}px window`);
    }
    for (const element of Array.from(document.querySelectorAll<HTMLElement>("body *"))) {
      const style = getComputedStyle(element);
      const hides = ["hidden", "clip"].includes(style.overflowX) || style.textOverflow === "ellipsis";
      if (hides && element.innerText?.trim() && element.scrollWidth > element.clientWidth + 1 && element.clientWidth > 0) {
        // The visually hidden texts for screen readers (sr-only) are meant to be 1px wide.
        if (element.clientWidth <= 1) continue;
        found.push(`<${element.tagName.toLowerCase()}> "${element.innerText.trim().slice(0, 40)}" is cut off`);
      }
    }
    return found;
  });
}

type Check = (page: Page, path: string) => Promise<string[]>;

/** Visits every page the role reaches (at most 45 route shapes) and collects what `check` finds wrong. */
async function crawl(browser: Browser, role: Role, language: string, check: Check): Promise<{ pages: string[]; failures: string[] }> {
  const context = await withLanguage(browser, language);
  const page = await context.newPage();
  if (role.signIn) await role.signIn(page);
  const seen = new Set<string>();
  const queue = [...role.start];
  const failures: string[] = [];
  const pages: string[] = [];
  while (queue.length > 0 && pages.length < 45) {
    const path = queue.shift()!;
    if (seen.has(shape(path))) continue;
    seen.add(shape(path));
    const response = await page.goto(path);
    // A redirect to a page already checked (a page this person may not open) is not checked twice.
    const landed = new URL(page.url()).pathname + new URL(page.url()).search;
    if (landed !== path && seen.has(shape(landed)) && response?.status() !== 404) continue;
    seen.add(shape(landed));
    await expect(page.locator("html")).toHaveAttribute("lang", language);
    if (await page.locator("script[type=module]").count()) {
      await hydrated(page).catch(() => undefined);
    }
    pages.push(landed);
    failures.push(...(await check(page, landed)));
    const links = await page.locator("a[href^='/']:not([download])").evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute("href")!));
    for (const link of links) {
      if (isPage(link) && !seen.has(shape(link))) queue.push(link);
    }
  }
  await context.close();
  return { pages, failures };
}

const axe: Check = async (page, path) => {
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  return results.violations.map((violation) => {
    const where = violation.nodes.slice(0, 3).map((node) => node.target.join(" ")).join(" | ");
    return `${path}: ${violation.id} (${violation.impact}) ${violation.help} — ${where}`;
  });
};

const translated: Check = async (page, path) => {
  const text = await page.locator("body").innerText();
  const left = ENGLISH.filter((sentence) => text.includes(sentence)).map((sentence) => `${path}: English left: "${sentence}"`);
  const cut = (await cutOff(page)).map((problem) => `${path}: ${problem}`);
  return [...left, ...cut];
};

for (const role of ROLES) {
  for (const language of ["en", "ar"]) {
    test(`every page passes axe-core (WCAG 2.1 AA): ${role.name}, ${language}`, async ({ browser }) => {
      test.setTimeout(180_000);
      const { pages, failures } = await crawl(browser, role, language, axe);
      console.log(`axe, ${role.name}, ${language}: ${pages.length} pages: ${pages.join(" ")}`);
      expect(pages.length).toBeGreaterThan(3);
      expect(failures, failures.join("\n")).toEqual([]);
    });
  }
  test(`every page is translated and nothing is cut off: ${role.name}, in ar de pl uk ka`, async ({ browser }) => {
    test.setTimeout(240_000);
    const failures: string[] = [];
    for (const language of ["ar", "de", "pl", "uk", "ka"]) {
      const found = await crawl(browser, role, language, translated);
      expect(found.pages.length).toBeGreaterThan(3);
      failures.push(...found.failures.map((failure) => `${language} ${failure}`));
    }
    expect(ENGLISH.length).toBeGreaterThan(100);
    expect(failures, failures.join("\n")).toEqual([]);
  });
}
