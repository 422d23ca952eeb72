// Inside Teams (the personal tab "Migration"): the Teams theme, the user's locale and the SSO token
// come from TeamsJS. Loaded only when the page runs in a Teams frame, so a browser never fetches it.
import type { Language } from '../dialogs/types';

export type Theme = 'light' | 'dark' | 'contrast';

export interface TeamsHost {
  theme: Theme;
  lang: Language;
  token(): Promise<string>;
  onTheme(handler: (theme: Theme) => void): void;
}

const themeOf = (name: string | undefined): Theme => (name === 'dark' ? 'dark' : name === 'contrast' ? 'contrast' : 'light');

/** Whether the page was opened as the Teams tab (its content URL says so) or sits in a frame. */
export function maybeInTeams(): boolean {
  return new URLSearchParams(location.search).get('host') === 'teams' || window.parent !== window;
}

export async function connectTeams(timeoutMs = 5000): Promise<TeamsHost | undefined> {
  const teams = await import('@microsoft/teams-js');
  try {
    await Promise.race([teams.app.initialize(), new Promise((_, reject) => setTimeout(() => reject(new Error('no Teams host')), timeoutMs))]);
  } catch {
    return undefined;
  }
  const context = await teams.app.getContext();
  return {
    theme: themeOf(context.app.theme),
    lang: context.app.locale?.toLowerCase().startsWith('de') ? 'de' : 'en',
    token: () => teams.authentication.getAuthToken(),
    onTheme: (handler) => teams.app.registerOnThemeChangeHandler((name) => handler(themeOf(name))),
  };
}
