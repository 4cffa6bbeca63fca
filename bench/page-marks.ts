// When the sign-in form and the first patient row appeared, as the page itself saw them. Waiting
// for them from the bench (Playwright's locator.waitFor) polls with a back-off that reaches 500 ms
// between looks: at 1,000,000 documents the row was in the page ~400 ms after the click and the
// bench saw it ~880 ms after, so every cold-start figure read that way was up to half a second late.
import type { Page } from 'playwright';

type Marks = { signInShown?: number; clicked?: number; firstRow?: number };

// A string, not a function: tsx names functions through a helper the page does not have.
const WATCH = `(() => {
  const marks = {};
  window.__cwMarks = marks;
  const now = () => performance.timeOrigin + performance.now();
  const observer = new MutationObserver(() => {
    if (marks.signInShown === undefined && document.querySelector('form.session-form')) marks.signInShown = now();
    if (marks.firstRow === undefined && document.querySelector('[role="listbox"] [role="option"]')) {
      marks.firstRow = now();
      observer.disconnect();
    }
  });
  document.addEventListener('click', () => { if (marks.clicked === undefined) marks.clicked = now(); }, { capture: true });
  observer.observe(document, { childList: true, subtree: true, attributes: true });
})();`;

/** Before the page loads: notes each moment in epoch ms (one clock with the bench's Date.now()). */
export async function watchMarks(page: Page): Promise<void> {
  await page.addInitScript({ content: WATCH });
}

export async function readMarks(page: Page): Promise<Required<Marks>> {
  const m = await page.evaluate(() => (window as unknown as { __cwMarks: Marks }).__cwMarks);
  if (m.signInShown === undefined || m.clicked === undefined || m.firstRow === undefined)
    throw new Error(`the page did not note every moment: ${JSON.stringify(m)}`);
  return m as Required<Marks>;
}
