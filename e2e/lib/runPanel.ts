/**
 * The Run panel (client/src/run/panel/) as the e2e scenarios drive it: the webview's own document, two frames
 * deep in the workbench (VS Code's webview host iframe, then the active frame that holds the page).
 */
import type { FrameLocator, Locator } from 'playwright-core';
import { until } from './until';
import type { Workbench } from './workbench';

export class RunPanel {
  constructor(readonly wb: Workbench) {}

  /** The page of the visible Run panel (the last webview opened). */
  get frame(): FrameLocator {
    return this.wb.page.locator('iframe.webview.ready').last().contentFrame().locator('iframe#active-frame').contentFrame();
  }

  field(label: string | RegExp): Locator {
    return this.frame.getByLabel(label);
  }

  get send(): Locator {
    return this.frame.locator('#send');
  }

  get result(): Locator {
    return this.frame.locator('#result');
  }

  /** Waits for the panel of `label` to show its form. */
  async waitForm(label: string): Promise<void> {
    await this.frame.locator('h1', { hasText: label }).waitFor({ state: 'visible', timeout: 30_000 });
  }

  async environment(name: string): Promise<void> {
    await this.frame.locator('#environment').selectOption(name);
  }

  /** Waits for a result heading whose text matches `status` ("200 OK", "401 Unauthorized"), after `count` earlier history entries. */
  async waitResult(status: RegExp, historyCount: number): Promise<string> {
    return until(
      `a response ${status} in the Run panel (history ${historyCount})`,
      async () => {
        const items = await this.frame.locator('#history li').count();
        const title = (
          await this.frame
            .locator('#result-title')
            .innerText({ timeout: 1000 })
            .catch(() => '')
        ).replace(/\s+/g, ' ');
        if (items === historyCount && status.test(title)) return title;
        throw new Error(`result '${title}', ${items} history entries`);
      },
      30_000,
      200,
    );
  }

  /** The panel's whole text (what a user can read in it). */
  async text(): Promise<string> {
    return this.frame.locator('body').innerText();
  }
}
