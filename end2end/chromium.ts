// How the browser suites start Chromium: Debian's, headless, never downloaded, without the background
// connections this machine's closed network refuses.
export const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
};
