/**
 * Wraps the long lines of the doc comments in printed code at `DOC_WIDTH` columns, the way they
 * would be written by hand: one linear pass over the lines of a printed statement, touching only
 * the lines of `/** … *\/` comments (docText has neutralised every `*\/` inside a text, so a
 * comment ends where its printer ended it). A one-line comment that is too long becomes a block.
 *
 * Lines break at spaces only, never inside `` `code` `` or `{@link …}`; a word longer than the
 * width (a URL) stays whole on its own line. Lines in fenced code blocks, indented code and
 * Markdown tables are left as they are, since breaking them changes what they say.
 */
export const DOC_WIDTH = 100;

export function wrapDocComments(text: string, width = DOC_WIDTH): string {
  // Only the comments are looked at (most of a big file is code): from each `/**` that starts
  // its line to the end of the line its `*/` is on, and only when some line of it is too long.
  let out = '';
  let copied = 0;
  let end = 0;
  for (let open = text.indexOf('/**'); open >= 0; open = text.indexOf('/**', end)) {
    const close = text.indexOf('*/', open + 3);
    end = close < 0 ? text.length : close + 2;
    const lineStart = text.lastIndexOf('\n', open) + 1;
    if (text.slice(lineStart, open).trim() !== '') continue;
    const lineEnd = text.indexOf('\n', end);
    const blockEnd = lineEnd < 0 ? text.length : lineEnd;
    if (!hasLongLine(text, lineStart, blockEnd, width)) continue;
    out += text.slice(copied, lineStart) + wrapBlock(text.slice(lineStart, blockEnd), width);
    copied = blockEnd;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** One doc comment (whole lines, the first one opening it) with its long lines wrapped. */
function wrapBlock(block: string, width: number): string {
  const out: string[] = [];
  let inFence = false;
  for (const [i, line] of block.split('\n').entries()) {
    const trimmed = line.trimStart();
    const indent = line.slice(0, line.length - trimmed.length);
    if (i === 0) {
      const single = /^\/\*\*\s?(.*?)\s*\*\/$/.exec(trimmed);
      if (single && line.length > width) out.push(`${indent}/**`, ...wrapLine(single[1]!, `${indent} * `, width), `${indent} */`);
      else out.push(line);
      continue;
    }
    const content = trimmed.startsWith('* ') ? trimmed.slice(2) : undefined;
    const fence = content !== undefined && /^\s*(```|~~~)/.test(content);
    if (fence) inFence = !inFence;
    if (line.length <= width || content === undefined || inFence || fence || /^(\s{4}|\s*\|)/.test(content)) out.push(line);
    else out.push(...wrapLine(content, `${indent}* `, width));
  }
  return out.join('\n');
}

function hasLongLine(text: string, from: number, to: number, width: number): boolean {
  let start = from;
  for (let end = text.indexOf('\n', start); ; end = text.indexOf('\n', start)) {
    const stop = end < 0 || end > to ? to : end;
    if (stop - start > width) return true;
    if (stop === to) return false;
    start = end + 1;
  }
}

/**
 * One doc line as lines of at most `width` columns, each starting with `prefix`. A list item's
 * continuation lines are indented under its text (Markdown keeps them in the item).
 */
function wrapLine(content: string, prefix: string, width: number): string[] {
  const marker = /^(?:[-*+]|\d{1,3}[.)])\s+/.exec(content)?.[0] ?? '';
  const hang = ' '.repeat(marker.length);
  const words = breakableWords(content.slice(marker.length));
  const lines: string[] = [];
  let current = `${prefix}${marker}`;
  let empty = true;
  for (const word of words) {
    if (!empty && current.length + 1 + word.length > width) {
      lines.push(current);
      current = `${prefix}${hang}${word}`;
    } else {
      current = empty ? current + word : `${current} ${word}`;
    }
    empty = false;
  }
  lines.push(current);
  return lines;
}

/** The text split at its spaces, except spaces inside a code span or an inline tag. */
function breakableWords(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inCode = false;
  let inTag = false;
  // An unpaired backtick opens no code span (else the rest of the line could not break).
  const spans = (text.match(/`/g)?.length ?? 0) % 2 === 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '`' && spans) inCode = !inCode;
    else if (!inCode && c === '{' && text[i + 1] === '@') inTag = true;
    else if (inTag && c === '}') inTag = false;
    if (c === ' ' && !inCode && !inTag) {
      if (word !== '') words.push(word);
      word = '';
    } else word += c;
  }
  if (word !== '') words.push(word);
  return words;
}
