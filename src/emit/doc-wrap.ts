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
  // Fast path: nothing to do unless some line is long.
  if (!hasLongLine(text, width)) return text;
  const lines = text.split('\n');
  const out: string[] = [];
  let inComment = false;
  let inFence = false;
  for (const line of lines) {
    const trimmed = line.trimStart();
    const indent = line.slice(0, line.length - trimmed.length);
    if (!inComment) {
      if (trimmed.startsWith('/**')) {
        const single = /^\/\*\*\s?(.*?)\s*\*\/$/.exec(trimmed);
        if (single) {
          if (line.length > width) out.push(`${indent}/**`, ...wrapLine(single[1]!, `${indent} * `, width), `${indent} */`);
          else out.push(line);
          continue;
        }
        inComment = true;
        inFence = false;
      }
      out.push(line);
      continue;
    }
    if (trimmed.startsWith('*/')) {
      inComment = false;
      out.push(line);
      continue;
    }
    const content = trimmed.startsWith('* ') ? trimmed.slice(2) : undefined;
    if (content !== undefined && /^\s*(```|~~~)/.test(content)) inFence = !inFence;
    if (line.length <= width || content === undefined || inFence || /^(\s{4}|\s*\|)/.test(content) || /^\s*(```|~~~)/.test(content)) {
      out.push(line);
      continue;
    }
    out.push(...wrapLine(content, `${indent}* `, width));
  }
  return out.join('\n');
}

function hasLongLine(text: string, width: number): boolean {
  let start = 0;
  for (let end = text.indexOf('\n'); ; end = text.indexOf('\n', start)) {
    const stop = end < 0 ? text.length : end;
    if (stop - start > width) return true;
    if (end < 0) return false;
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
