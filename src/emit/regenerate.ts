/**
 * The command that regenerates the output in the user's project, as file headers, the README and
 * `--check` name it. No imports: the CLI uses it before loading the generator.
 */

/**
 * The command named when the config names none: the locally installed bin `specweave-gen` (`--no-install`, so
 * `npx` can never fetch some other package of that name) reading the project's config.
 */
export const DEFAULT_REGENERATE_COMMAND = 'npx --no-install specweave-gen';

/** The configured command, else the default. */
export function regenerateCommand(config: { regenerateCommand?: string | undefined }): string {
  return config.regenerateCommand ?? DEFAULT_REGENERATE_COMMAND;
}

/** Text as Markdown inline code on one line, between backtick runs longer than any inside it. */
export function inlineCode(text: string): string {
  const t = oneLine(text);
  const ticks = '`'.repeat(Math.max(0, ...[...t.matchAll(/`+/g)].map((m) => m[0].length)) + 1);
  return t.startsWith('`') || t.endsWith('`') ? `${ticks} ${t} ${ticks}` : `${ticks}${t}${ticks}`;
}

/** Control characters and line separators as spaces (the text goes on one comment line). */
export function oneLine(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: replacing control characters is the point
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ');
}
