// The Agents Playground's web client driven through Playwright and Debian chromium, as a small
// page object: open a conversation, type (with or without an @mention), wait for the bot's reply,
// click a card button, read what each card showed over time. Only the playground's stable
// selectors are used; every wait is on a DOM condition with its own deadline.
import fs from 'node:fs';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const SELECTORS = {
  composeBox: '[contenteditable="true"][role="textbox"][data-lexical-editor="true"]',
  sendButton: 'button[aria-label="Send Message"]',
  /** Every message the bot posted (text or card) is rendered in one of these. */
  botMessage: '.fai-OutputCard',
  card: '.ac-adaptiveCard',
  cardButton: '.ac-actionSet button',
  conversation: (name: string) => `button[role="treeitem"][aria-label="${name}"]`,
  mentionChoice: '#typeahead-menu [role="menuitem"]',
} as const;

/** How long one reply or card update may take before the test fails with the page's state. */
export const REPLY_TIMEOUT_MS = 30_000;

/** What functions run inside the page use of it (the test build has no DOM typings). */
interface PageElement {
  innerText: string;
  setAttribute(name: string, value: string): void;
}

/** Marks the messages of the conversation a test leaves (see openFreshConversation). */
const LEFT_BEHIND = 'data-lyncops-left-behind';
interface PageGlobals {
  document: { querySelectorAll(selector: string): ArrayLike<PageElement> };
  __cardTexts: string[][];
}

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) throw new Error(`${CHROMIUM_PATH} is missing: apt-get install -y chromium`);
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

// Runs in the page before its scripts: remembers every distinct text each card showed, so a test
// can tell that a card went through "queued"/"running" before its final state. Kept as source
// text: functions compiled on the test side may carry helpers the page does not have.
const RECORD_CARD_TEXTS = `
  window.__cardTexts = [];
  new MutationObserver(() => {
    document.querySelectorAll(${JSON.stringify(SELECTORS.card)}).forEach((card, index) => {
      const seen = (window.__cardTexts[index] = window.__cardTexts[index] || []);
      const text = card.innerText;
      if (seen[seen.length - 1] !== text) seen.push(text);
    });
  }).observe(document, { childList: true, subtree: true, characterData: true });
`;

export interface BotReply {
  /** Index among the bot's messages of the current conversation. */
  index: number;
  message: Locator;
  text: string;
}

export class TeamsClient {
  private constructor(readonly page: Page) {}

  /** Opens the playground in a fresh browser context; only localhost is reachable from the page. */
  static async open(browser: Browser, url: string): Promise<TeamsClient> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'en-US' });
    // The client asks a CDN for Segoe UI; nothing may wait on the network.
    await context.route('**/*', (route) => {
      const host = new URL(route.request().url()).hostname;
      return host === 'localhost' || host === '127.0.0.1' ? route.continue() : route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    await page.addInitScript({ content: RECORD_CARD_TEXTS });
    await page.goto(url);
    await page.locator(SELECTORS.composeBox).waitFor({ timeout: REPLY_TIMEOUT_MS });
    // The log panel says "Connected." once the playground reached the bot's endpoint.
    await page.getByText('Connected.', { exact: true }).first().waitFor({ timeout: REPLY_TIMEOUT_MS });
    return new TeamsClient(page);
  }

  /** The name the header shows for the signed-in user (the config's currentUser). */
  async signedInAs(name: string): Promise<void> {
    await this.page.getByText(name, { exact: true }).first().waitFor({ timeout: REPLY_TIMEOUT_MS });
  }

  /**
   * Opens a conversation of the side bar not used yet on this page, and waits until the messages
   * of the conversation shown before are gone. Those are marked first and waited for by mark, not
   * by position: the bot may greet the new conversation before the old pane is torn down, and its
   * welcome then sits where the old first message was.
   */
  async openFreshConversation(name: string): Promise<void> {
    await this.botMessages().evaluateAll((messages, mark) => {
      for (const message of messages as unknown as PageElement[]) message.setAttribute(mark, '');
    }, LEFT_BEHIND);
    await this.page.click(SELECTORS.conversation(name));
    await this.page.locator(`[${LEFT_BEHIND}]`).first().waitFor({ state: 'detached', timeout: REPLY_TIMEOUT_MS });
  }

  botMessages(): Locator {
    return this.page.locator(SELECTORS.botMessage);
  }

  async type(text: string): Promise<void> {
    await this.page.locator(SELECTORS.composeBox).click();
    await this.page.keyboard.type(text);
  }

  async send(text: string): Promise<void> {
    await this.type(text);
    await this.page.click(SELECTORS.sendButton);
  }

  /** Types "@", picks `who` from the mention list (a real `<at>` mention), then the text, and sends. */
  async sendMentioning(who: string, text: string): Promise<void> {
    await this.type('@');
    await this.page.locator(SELECTORS.mentionChoice, { hasText: who }).first().click();
    await this.page.keyboard.type(` ${text}`);
    await this.page.click(SELECTORS.sendButton);
  }

  /** Sends `text` and waits for a new bot message whose text matches `expected`. */
  async ask(text: string, expected: RegExp, send: () => Promise<void> = () => this.send(text)): Promise<BotReply> {
    const before = await this.botMessages().count();
    await send();
    return this.waitForBotMessage(before, expected, `reply to "${text}"`);
  }

  /** Waits until a bot message at index >= `from` matches `expected`. */
  async waitForBotMessage(from: number, expected: RegExp, what: string): Promise<BotReply> {
    try {
      const handle = await this.page.waitForFunction(
        ({ selector, from, source, flags }) => {
          const { document } = globalThis as unknown as PageGlobals;
          const messages = Array.from(document.querySelectorAll(selector)).slice(from);
          const index = messages.findIndex((m) => new RegExp(source, flags).test(m.innerText));
          // An object, so that a match at index 0 still counts as truthy.
          return index < 0 ? false : { index: from + index };
        },
        { selector: SELECTORS.botMessage, from, source: expected.source, flags: expected.flags },
        { timeout: REPLY_TIMEOUT_MS },
      );
      const { index } = (await handle.jsonValue()) as { index: number };
      const message = this.botMessages().nth(index);
      return { index, message, text: await message.innerText() };
    } catch (error) {
      const seen = (await this.botMessages().allInnerTexts()).slice(from);
      throw new Error(`no ${what} matching ${expected} within ${REPLY_TIMEOUT_MS} ms; new bot messages: ${JSON.stringify(seen)}`, { cause: error });
    }
  }

  /** Waits until the bot message at `index` matches `expected` (a card edited in place). */
  async waitForUpdate(index: number, expected: RegExp, what: string): Promise<string> {
    const reply = await this.waitForBotMessage(index, expected, what);
    if (reply.index !== index) throw new Error(`${what} arrived as a new message (#${reply.index}) instead of editing #${index}`);
    return reply.text;
  }

  /** Clicks the card button titled `title` inside the given bot message. */
  async clickCardButton(message: Locator, title: string): Promise<void> {
    await message.locator(`${SELECTORS.cardButton}[aria-label="${title}"]`).click();
  }

  /** Every distinct text the n-th card of this page showed, oldest first. */
  async cardHistory(cardIndex: number): Promise<string[]> {
    return this.page.evaluate((i) => (globalThis as unknown as PageGlobals).__cardTexts[i] ?? [], cardIndex);
  }

  /** Forgets recorded card texts (card indexes restart when another conversation is opened). */
  async resetCardHistory(): Promise<void> {
    await this.page.evaluate(() => {
      (globalThis as unknown as PageGlobals).__cardTexts = [];
    });
  }

  /** Index of the card inside `message` among all cards on the page. */
  async cardIndexOf(message: Locator): Promise<number> {
    return message
      .locator(SELECTORS.card)
      .first()
      .evaluate((card: PageElement, selector) => Array.from((globalThis as unknown as PageGlobals).document.querySelectorAll(selector)).indexOf(card), SELECTORS.card);
  }

  /** The lines of the playground's log panel (traffic between playground and bot, with status codes). */
  async logPanelLines(): Promise<string[]> {
    const text = await this.page.locator('body').innerText();
    return text.split('\n').filter((line) => /^\[\d{1,2}:\d{2}:\d{2}\s?[AP]M\]/.test(line.trim()));
  }

  async screenshot(file: string, focus?: Locator): Promise<void> {
    if (focus) await focus.scrollIntoViewIfNeeded().catch(() => undefined);
    await this.page.screenshot({ path: file });
  }

  async close(): Promise<void> {
    await this.page.context().close();
  }
}
