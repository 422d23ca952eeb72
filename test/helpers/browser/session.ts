// One signed-in user of the local Teams client for the browser tests: a playground instance
// started with that user's config (the UI always sends as `currentUser`) and a chromium page on
// it. Also the failure report: screenshot, playground log, log panel and the bot's stderr.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { parse } from 'yaml';
import { z } from 'zod';
import { PROJECT_ROOT, startPlayground, type RunningBot, type RunningPlayground } from './processes';
import { TeamsClient } from './teams-client';

/** Screenshots of every scenario's final state, failure screenshots and the playground logs. */
export const SCREENSHOTS_DIR = path.join(PROJECT_ROOT, 'screenshots', 'e2e');

const PlaygroundConfigSchema = z.object({
  bot: z.object({ name: z.string() }),
  currentUser: z.object({ name: z.string(), userPrincipleName: z.string(), aadObjectId: z.string() }),
  groupChat: z.object({ name: z.string() }).optional(),
});

export interface Profile {
  /** Short name used in file names ("admin", "pilot"). */
  key: string;
  configPath: string;
  botName: string;
  user: { name: string; upn: string; aadObjectId: string };
  groupChatName?: string;
}

export function loadProfile(key: string, relativeConfigPath: string): Profile {
  const configPath = path.join(PROJECT_ROOT, relativeConfigPath);
  const config = PlaygroundConfigSchema.parse(parse(fs.readFileSync(configPath, 'utf8')));
  return {
    key,
    configPath,
    botName: config.bot.name,
    user: { name: config.currentUser.name, upn: config.currentUser.userPrincipleName, aadObjectId: config.currentUser.aadObjectId },
    groupChatName: config.groupChat?.name,
  };
}

export interface Session {
  profile: Profile;
  playground: RunningPlayground;
  client: TeamsClient;
  close(): Promise<void>;
}

export async function openSession(browser: Browser, bot: RunningBot, profile: Profile): Promise<Session> {
  const logFile = path.join(SCREENSHOTS_DIR, `m365agentsplayground-${profile.key}.log`);
  const playground = await startPlayground(profile.configPath, bot.endpoint, logFile);
  try {
    const client = await TeamsClient.open(browser, playground.url);
    await client.signedInAs(profile.user.name);
    return {
      profile,
      playground,
      client,
      close: async () => {
        await client.close().catch(() => undefined);
        await playground.stop();
      },
    };
  } catch (error) {
    await playground.stop();
    throw new Error(`${(error as Error).message}\n--- ${logFile} ---\n${playground.logTail()}`, { cause: error });
  }
}

/** Empties the screenshot folder, so what it holds after a run belongs to that run. */
export function resetScreenshots(): void {
  fs.rmSync(SCREENSHOTS_DIR, { recursive: true, force: true });
  fs.mkdirSync(SCREENSHOTS_DIR, { recursive: true });
}

export function screenshotPath(name: string): string {
  return path.join(SCREENSHOTS_DIR, `${name}.png`);
}

const slug = (title: string) => title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80);

/**
 * Writes what is needed to diagnose a failed scenario to stderr: a screenshot of the page in use,
 * the tails of the playground's log file and log panel, and the bot's stderr (also saved beside
 * the screenshots).
 */
export async function reportFailure(title: string, active: Session | undefined, sessions: Session[], bot: RunningBot | undefined): Promise<void> {
  const parts: string[] = [`\n==== diagnostics for failed test "${title}" ====`];
  if (active) {
    const file = path.join(SCREENSHOTS_DIR, `FAILED-${slug(title)}.png`);
    await active.client.page
      .screenshot({ path: file })
      .then(() => parts.push(`screenshot: ${file}`))
      .catch((error: Error) => parts.push(`screenshot failed: ${error.message}`));
  }
  for (const session of sessions) {
    const panel = await session.client.logPanelLines().catch((error: Error) => [`(log panel unreadable: ${error.message})`]);
    parts.push(
      `--- ${path.relative(PROJECT_ROOT, session.playground.logFile)} (last 30 lines) ---`,
      session.playground.logTail(30),
      `--- playground log panel as ${session.profile.user.name} (last 30 lines) ---`,
      panel.slice(-30).join('\n'),
    );
  }
  if (bot) {
    const botLog = path.join(SCREENSHOTS_DIR, 'bot-stderr.log');
    fs.writeFileSync(botLog, bot.process.lines.join('\n'));
    parts.push(`--- bot stderr (last 40 lines; all kept lines in ${path.relative(PROJECT_ROOT, botLog)}) ---`, bot.process.tail(40));
  }
  process.stderr.write(`${parts.join('\n')}\n`);
}
