/**
 * Driving VS Code's workbench (served by code-server) in Debian's Chromium with playwright-core: the command
 * palette, quick input, editor, Problems panel, tree views and dialogs, read from the DOM.
 */
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type FrameLocator, type Locator, type Page } from 'playwright-core';
import { CHROMIUM, SCREENSHOTS } from './paths';
import { until } from './until';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export interface Problem {
  /** Path relative to the workspace folder, e.g. `agents/order-desk.agent.yaml`. */
  file: string;
  severity: 'error' | 'warning' | 'info';
  code: string;
  message: string;
  line: number;
  column: number;
}

/** What a scenario keeps as `file:line:col severity code`, for assertions and failure messages. */
export function problemKey(p: Problem): string {
  return `${p.file}:${p.line}:${p.column} ${p.severity} ${p.code}`;
}

const nbsp = /\u00a0/g;

export class Workbench {
  /** `gotoAt`: Date.now() when the page started loading the workbench URL (the start of first-diagnostics timing). */
  private constructor(
    readonly browser: Browser,
    readonly page: Page,
    readonly gotoAt: number,
  ) {}

  /** A browser with a fresh profile (playwright-core gives every launch a new temporary one) on `url`. */
  static async open(url: string, beforeGoto?: (page: Page) => Promise<void>): Promise<Workbench> {
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    try {
      const context = await browser.newContext({ viewport: { width: 1500, height: 950 } });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      await beforeGoto?.(page);
      const gotoAt = Date.now();
      await page.goto(url);
      const wb = new Workbench(browser, page, gotoAt);
      await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 45_000 });
      await page.locator('.explorer-folders-view, .activitybar').first().waitFor({ timeout: 30_000 });
      return wb;
    } catch (e) {
      await browser.close();
      throw e;
    }
  }

  async close(): Promise<void> {
    await this.browser.close();
  }

  /** Saves `e2e/screenshots/<name>.png`; returns its path. Never throws (it runs in failure paths too). */
  async screenshot(name: string): Promise<string | undefined> {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const file = path.join(SCREENSHOTS, `${name}.png`);
    try {
      await this.page.screenshot({ path: file, timeout: 10_000 });
      return file;
    } catch {
      return undefined;
    }
  }

  // --- quick input (command palette, quick open, quick picks, input boxes) ------------------------------

  get quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  async waitQuickInput(title?: string | RegExp): Promise<void> {
    await this.quickInput.waitFor({ state: 'visible' });
    if (title !== undefined) {
      await until(`a quick input titled ${title}`, async () => {
        const t = await this.quickInputTitle();
        if (typeof title === 'string' ? t.includes(title) : title.test(t)) return true;
        throw new Error(`title is '${t}'`);
      });
    }
  }

  async quickInputTitle(): Promise<string> {
    return (
      await this.quickInput
        .locator('.quick-input-title')
        .innerText()
        .catch(() => '')
    )
      .replace(nbsp, ' ')
      .trim();
  }

  /** The rows of the open quick pick: their labels (aria-label), in order. */
  async quickPickRows(): Promise<string[]> {
    return this.quickInput
      .locator('.quick-input-list .monaco-list-row')
      .evaluateAll((rows) =>
        rows.sort((a, b) => Number(a.getAttribute('data-index')) - Number(b.getAttribute('data-index'))).map((r) => r.getAttribute('aria-label') ?? ''),
      );
  }

  /** Waits for an input box titled `title`, types `text` and presses Enter; returns the box's input type. */
  async answerInput(title: string | RegExp, text: string): Promise<string> {
    await this.waitQuickInput(title);
    const box = this.quickInput.locator('.quick-input-box input');
    const type = (await box.getAttribute('type')) ?? 'text';
    await box.fill(text);
    await this.page.keyboard.press('Enter');
    await until(
      `the input box '${title}' to close`,
      async () =>
        !(await this.quickInput.isVisible()) ||
        !(title instanceof RegExp ? title.test(await this.quickInputTitle()) : (await this.quickInputTitle()).includes(title)),
    );
    return type;
  }

  /** Types into the quick input's box (replacing what is there). */
  async typeInQuickInput(text: string): Promise<void> {
    const box = this.quickInput.locator('.quick-input-box input');
    await box.waitFor({ state: 'visible' });
    await box.fill(text);
  }

  /**
   * Waits for a row whose label starts with `label` (or is exactly it, or satisfies the predicate) and
   * picks it with a click.
   */
  async pick(label: string | ((rowLabel: string) => boolean), opts: { exact?: boolean } = {}): Promise<void> {
    const matches = typeof label === 'function' ? label : (l: string) => (opts.exact ? l === label || l.startsWith(`${label},`) : l.startsWith(label));
    const what = typeof label === 'function' ? 'a matching quick pick item' : `quick pick item '${label}'`;
    const chosen = await until(what, async () => {
      const rows = await this.quickPickRows();
      const hit = rows.find(matches);
      if (hit !== undefined) return hit;
      throw new Error(`rows: ${JSON.stringify(rows.slice(0, 12))}`);
    });
    // By its exact label, resolved when clicking: the list re-renders its rows while it filters.
    await this.quickInput
      .locator(`.quick-input-list .monaco-list-row[aria-label="${chosen.replace(/["\\]/g, '\\$&')}"]`)
      .first()
      .click();
    await until(`the quick pick to move on from ${what}`, async () => !(await this.quickInput.isVisible()) || !(await this.quickPickRows()).some(matches));
  }

  /** Runs a command from the palette (F1) by its full label, e.g. `Stellar Kit: Run Action in Environment`. */
  async command(label: string): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('F1');
    await this.waitQuickInput();
    await this.typeInQuickInput(`>${label}`);
    await this.pick(label, { exact: true });
  }

  /** Opens a workspace file by its relative path through Quick Open, and waits for its tab to be active. */
  async openFile(relPath: string): Promise<void> {
    const name = path.basename(relPath);
    const isFile = (l: string) => l.startsWith(`${name} `) || l.startsWith(`${name},`) || l === name;
    for (let attempt = 1; ; attempt++) {
      await this.page.keyboard.press('Escape');
      await this.page.keyboard.press('Control+P');
      await this.waitQuickInput();
      await this.typeInQuickInput(relPath);
      // Recently opened entries show first and file search results arrive later, reordering the list: pick
      // only once it has settled.
      await this.settledQuickPickRows(isFile);
      await this.pick(isFile);
      try {
        await this.waitActiveTab(name, 5000);
        break;
      } catch (e) {
        if (attempt === 3) throw e;
      }
    }
    await this.page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor();
  }

  /** The quick pick rows once unchanged for `quietMs`, holding a row that satisfies `has`. */
  async settledQuickPickRows(has: (row: string) => boolean, quietMs = 300): Promise<string[]> {
    let last = '';
    let since = Date.now();
    return until(
      'the quick pick list to settle',
      async () => {
        const rows = await this.quickPickRows();
        const key = JSON.stringify(rows);
        if (key !== last) {
          last = key;
          since = Date.now();
          return false;
        }
        if (!rows.some(has)) throw new Error(`rows: ${key}`);
        return Date.now() - since >= quietMs ? rows : false;
      },
      10_000,
      50,
    );
  }

  // --- editor -------------------------------------------------------------------------------------------

  async activeTab(): Promise<string> {
    return (
      (await this.page
        .locator('.tabs-container .tab.active')
        .first()
        .getAttribute('aria-label')
        .catch(() => null)) ?? ''
    );
  }

  async waitActiveTab(name: string, timeoutMs = 10_000): Promise<void> {
    await until(
      `the active editor tab to be ${name}`,
      async () => {
        const t = await this.activeTab();
        if (t.startsWith(name)) return true;
        throw new Error(`active tab: '${t}'`);
      },
      timeoutMs,
    );
  }

  /** Moves the cursor of the active editor to a 1-based line and column (Go to Line/Column). */
  async goTo(line: number, column: number): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('Control+G');
    await this.waitQuickInput();
    await this.typeInQuickInput(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.quickInput.waitFor({ state: 'hidden' });
    await until(`the cursor at ${line}:${column}`, async () => {
      const s = await this.statusBarText();
      if (s.includes(`Ln ${line}, Col ${column}`)) return true;
      throw new Error(`status bar: ${s}`);
    });
  }

  async statusBarText(): Promise<string> {
    return (await this.page.locator('.part.statusbar').innerText()).replace(nbsp, ' ');
  }

  /** The text of the active editor's rendered lines (Monaco renders only the visible ones). */
  async visibleEditorText(): Promise<string> {
    const editor = this.page.locator('.editor-group-container.active .editor-instance .monaco-editor .view-lines').first();
    return editor.evaluate((el) =>
      [...el.querySelectorAll('.view-line')]
        .map((l) => ({ top: parseFloat((l as HTMLElement).style.top || '0'), text: (l as HTMLElement).innerText }))
        .sort((a, b) => a.top - b.top)
        .map((l) => l.text.replace(/\u00a0/g, ' '))
        .join('\n'),
    );
  }

  /** Replaces the rest of the current line from the cursor with `text`, typed key by key. */
  async replaceToLineEnd(text: string): Promise<void> {
    await this.page.keyboard.press('Shift+End');
    await this.page.keyboard.type(text);
  }

  /** Opens the quick fix menu at the cursor (Ctrl+.) and applies the fix whose title contains `title`. */
  async applyQuickFix(title: string): Promise<string[]> {
    await this.page.keyboard.press('Control+Period');
    const widget = this.page.locator('.action-widget');
    await widget.waitFor({ state: 'visible' });
    const rows = widget.locator('.monaco-list-row.action');
    const titles = await until(`the quick fix '${title}'`, async () => {
      const all = (await rows.evaluateAll((rs) => rs.map((r) => r.getAttribute('aria-label') ?? ''))).filter(Boolean);
      if (all.some((t) => t.includes(title))) return all;
      throw new Error(`fixes offered: ${JSON.stringify(all)}`);
    });
    // The keyboard, not a click: the widget's pointer block swallows synthetic clicks.
    await until(
      `the quick fix '${title}' focused`,
      async () => {
        const focused =
          (await widget
            .locator('.monaco-list-row.action.focused')
            .getAttribute('aria-label')
            .catch(() => null)) ?? '';
        if (focused.includes(title)) return true;
        await this.page.keyboard.press('ArrowDown');
        return false;
      },
      5000,
      50,
    );
    await this.page.keyboard.press('Enter');
    await widget.waitFor({ state: 'hidden' });
    return titles;
  }

  /**
   * Measures, inside the page, the time from the last key pressed to the first moment `selector`'s text
   * contains `needle`: what a user sees, without the test's own polling delay. Call before typing; the returned
   * function resolves to the milliseconds (or undefined while the text has not appeared).
   */
  async startLatencyProbe(selector: string, needle: string): Promise<() => Promise<number | undefined>> {
    const id = `probe${Date.now()}`;
    await this.page.evaluate(
      ({ id, selector, needle }) => {
        const state = { key: 0, seen: 0 };
        (window as unknown as Record<string, unknown>)[id] = state;
        document.addEventListener(
          'keydown',
          () => {
            if (!state.seen) state.key = performance.now();
          },
          true,
        );
        // No named functions in page code: tsx (esbuild keepNames) would wrap them in a helper the page lacks.
        const observer = new MutationObserver(() => {
          if (!state.seen && state.key && document.querySelector(selector)?.textContent?.includes(needle)) {
            state.seen = performance.now();
            observer.disconnect();
          }
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
      },
      { id, selector, needle },
    );
    return async () =>
      this.page.evaluate((id) => {
        const s = (window as unknown as Record<string, { key: number; seen: number }>)[id];
        return s.seen ? Math.round(s.seen - s.key) : undefined;
      }, id);
  }

  get suggestWidget(): Locator {
    return this.page.locator('.editor-widget.suggest-widget');
  }

  /** Triggers completion at the cursor (Ctrl+Space); the labels of the suggestions, in order, once settled. */
  async suggestions(has: (labels: string[]) => boolean = (l) => l.length > 0): Promise<string[]> {
    await this.page.keyboard.press('Control+Space');
    await this.suggestWidget.waitFor({ state: 'visible' });
    return until('the suggestions', async () => {
      const labels = await this.suggestWidget
        .locator('.monaco-list-row')
        .evaluateAll((rows) =>
          rows
            .sort((a, b) => Number(a.getAttribute('data-index')) - Number(b.getAttribute('data-index')))
            .map((r) => (r.querySelector('.label-name')?.textContent ?? '').trim()),
        );
      if (has(labels)) return labels;
      throw new Error(`suggestions: ${JSON.stringify(labels)}`);
    });
  }

  /** Shows the hover at the cursor (editor.action.showHover) and returns its text. */
  async hoverAtCursor(has: (text: string) => boolean): Promise<string> {
    await this.command('Show or Focus Hover');
    const hover = this.page.locator('.monaco-hover:not(.hidden)').first();
    await hover.waitFor({ state: 'visible' });
    return until('the hover', async () => {
      const t = (await hover.innerText()).replace(nbsp, ' ');
      if (has(t)) return t;
      throw new Error(`hover: ${t}`);
    });
  }

  /**
   * The whole text of the active editor, read page by page (Monaco renders only the visible lines): lines are
   * keyed by the line numbers rendered next to them.
   */
  async editorText(): Promise<string> {
    const editor = this.page.locator('.editor-group-container.active .editor-instance .monaco-editor').first();
    await editor.locator('.view-lines').click({ position: { x: 5, y: 5 } });
    await this.page.keyboard.press('Control+Home');
    const lines = new Map<number, string>();
    for (let page = 0; page < 100; page++) {
      const visible = await editor.evaluate((el) => {
        const tops = new Map<number, number>();
        for (const n of el.querySelectorAll('.margin-view-overlays .line-numbers'))
          tops.set(Math.round(parseFloat((n.parentElement as HTMLElement).style.top || '0')), Number(n.textContent));
        return [...el.querySelectorAll('.view-lines .view-line')].map(
          (l) =>
            [tops.get(Math.round(parseFloat((l as HTMLElement).style.top || '0'))) ?? 0, (l as HTMLElement).innerText.replace(/\u00a0/g, ' ')] as [
              number,
              string,
            ],
        );
      });
      const before = lines.size;
      for (const [n, text] of visible) if (n > 0) lines.set(n, text);
      if (page > 0 && lines.size === before) break;
      await this.page.keyboard.press('PageDown');
    }
    await this.page.keyboard.press('Control+Home');
    const max = Math.max(0, ...lines.keys());
    return Array.from({ length: max }, (_, i) => lines.get(i + 1) ?? '').join('\n');
  }

  // --- Problems panel -----------------------------------------------------------------------------------

  /** Shows the Problems panel (idempotent, unlike Ctrl+Shift+M which toggles). */
  async showProblems(): Promise<void> {
    if (await this.page.locator('.markers-panel').isVisible()) return;
    await this.command('View: Focus Problems (Errors, Warnings, Infos)');
    await this.page.locator('.markers-panel').waitFor({ state: 'visible' });
  }

  /** The findings the Problems panel lists (related-information rows left out). */
  async problems(): Promise<Problem[]> {
    await this.showProblems();
    return this.page.locator('.markers-panel').evaluate((panel) => {
      const rows = [...panel.querySelectorAll('.monaco-list-row')].sort((a, b) => Number(a.getAttribute('data-index')) - Number(b.getAttribute('data-index')));
      const out: { file: string; severity: 'error' | 'warning' | 'info'; code: string; message: string; line: number; column: number }[] = [];
      let file = '';
      for (const row of rows) {
        const label = row.getAttribute('aria-label') ?? '';
        const header = /problems? in file (.+?)(?: of folder (.+))?$/.exec(label);
        if (header) {
          file = header[2] ? `${header[2]}/${header[1]}` : header[1];
          continue;
        }
        const code = row.querySelector('.marker-code');
        if (!code) continue;
        const icon = row.querySelector('.marker-icon');
        const where = /Ln (\d+), Col (\d+)/.exec(row.querySelector('.marker-line')?.textContent ?? '');
        out.push({
          file,
          severity: icon?.classList.contains('error') ? 'error' : icon?.classList.contains('warning') ? 'warning' : 'info',
          code: (code.textContent ?? '').trim(),
          message: (row.querySelector('.marker-message')?.textContent ?? '').trim(),
          line: where ? Number(where[1]) : 0,
          column: where ? Number(where[2]) : 0,
        });
      }
      return out;
    });
  }

  /** Waits until the Problems panel satisfies `ok`; the failure names the problems last seen. */
  async waitProblems(what: string, ok: (ps: Problem[]) => boolean, timeoutMs = 30_000, intervalMs = 100): Promise<Problem[]> {
    return until(
      what,
      async () => {
        const ps = await this.problems();
        if (ok(ps)) return ps;
        throw new Error(`problems: ${JSON.stringify(ps.map(problemKey))}`);
      },
      timeoutMs,
      intervalMs,
    );
  }

  /**
   * The problems once the list has not changed for `quietMs` (the server publishes file by file, so "exactly
   * these" needs a settled list, not just the first ones to arrive).
   */
  async settledProblems(quietMs = 1500, timeoutMs = 30_000): Promise<Problem[]> {
    let last = '';
    let since = Date.now();
    return until(
      `the Problems panel to settle for ${quietMs} ms`,
      async () => {
        const ps = await this.problems();
        const key = JSON.stringify(ps.map(problemKey));
        if (key !== last) {
          last = key;
          since = Date.now();
          return false;
        }
        return Date.now() - since >= quietMs ? ps : false;
      },
      timeoutMs,
      200,
    );
  }

  // --- side bar, trees, dialogs, notifications -------------------------------------------------------------

  /** Opens a view container of the activity bar by its title (e.g. `Stellar`). */
  async openViewContainer(title: string): Promise<void> {
    // With a badge the label reads `Stellar - 2 bindings need attention`.
    const item = this.page.locator(`.activitybar a.action-label[aria-label="${title}"], .activitybar a.action-label[aria-label^="${title} - "]`).first();
    await item.waitFor();
    const checked =
      (await item
        .locator('xpath=..')
        .getAttribute('aria-checked')
        .catch(() => null)) ??
      (await item
        .locator('xpath=..')
        .getAttribute('aria-selected')
        .catch(() => null));
    // The item, not its label: a badge drawn over the label takes the click otherwise (the badge is inside the item).
    if (checked !== 'true') await item.locator('xpath=..').click();
    await this.page.locator(`.sidebar .composite.title h2[title], .sidebar .title-label h2`).first().waitFor();
  }

  /** A view pane of the side bar by its title (`Integrations`). */
  pane(title: string): Locator {
    return this.page.locator('.sidebar .pane').filter({ has: this.page.locator(`.pane-header[aria-label="${title} Section"]`) });
  }

  /** The visible rows of a tree view pane: `label | description`, in order, with depth and expansion. */
  async treeRows(title: string): Promise<{ label: string; description: string; level: number; expanded: boolean | undefined; icon: string }[]> {
    return this.pane(title)
      .locator('.monaco-list-row')
      .evaluateAll((rows) =>
        rows
          .sort((a, b) => Number(a.getAttribute('data-index')) - Number(b.getAttribute('data-index')))
          .map((r) => ({
            label: (r.querySelector('.label-name')?.textContent ?? '').trim(),
            description: (r.querySelector('.label-description')?.textContent ?? '').trim(),
            level: Number(r.getAttribute('aria-level') ?? 0),
            expanded: r.getAttribute('aria-expanded') === null ? undefined : r.getAttribute('aria-expanded') === 'true',
            icon: [...(r.querySelector('.custom-view-tree-node-item-icon')?.classList ?? [])].find((c) => c.startsWith('codicon-')) ?? '',
          })),
      );
  }

  /** A tree row by its label (and, to tell apart equal labels, the label of a row above it). */
  treeRow(title: string, label: string): Locator {
    return this.pane(title)
      .locator('.monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }) });
  }

  async expandTreeRow(title: string, label: string, nth = 0): Promise<void> {
    const row = this.treeRow(title, label).nth(nth);
    await row.waitFor();
    if ((await row.getAttribute('aria-expanded')) === 'false') await row.locator('.monaco-tl-twistie').click();
    await until(`'${label}' expanded in ${title}`, async () => (await row.getAttribute('aria-expanded')) === 'true');
  }

  async collapseTreeRow(title: string, label: string, nth = 0): Promise<void> {
    const row = this.treeRow(title, label).nth(nth);
    if ((await row.getAttribute('aria-expanded')) === 'true') await row.locator('.monaco-tl-twistie').click();
    await until(`'${label}' collapsed in ${title}`, async () => (await row.getAttribute('aria-expanded')) === 'false');
  }

  /** Expands a collapsed view pane of the side bar by its title. */
  async expandPane(title: string): Promise<void> {
    const header = this.page.locator(`.sidebar .pane-header[aria-label="${title} Section"]`);
    await header.waitFor();
    if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
    await until(`the ${title} pane expanded`, async () => (await header.getAttribute('aria-expanded')) === 'true');
  }

  /**
   * The page of an open webview: VS Code puts each in two nested iframes, its host frame (in a layer above the
   * panes, not inside them) and the content frame inside that. `nth` counts the webviews shown.
   */
  webview(nth = 0): FrameLocator {
    return this.page.locator('iframe.webview.ready').nth(nth).contentFrame().locator('iframe#active-frame').contentFrame();
  }

  get dialog(): Locator {
    return this.page.locator('.monaco-dialog-box');
  }

  /** Everything on screen, as text (for "never shown" assertions). */
  async screenText(): Promise<string> {
    return (await this.page.locator('body').innerText()).replace(nbsp, ' ');
  }
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
