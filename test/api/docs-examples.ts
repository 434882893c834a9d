/** The ```ts examples of docs/api.md, each with the ```text block that follows it (what it must print). */
export interface DocExample {
  /** The heading the example is under, e.g. `Load a scenario`. */
  title: string;
  code: string;
  expected: string;
}

/**
 * Splits a Markdown page into its ```ts blocks, each paired with the ```text block right after it; a ts block without
 * one is an error (every example states what it prints).
 *
 * @example examplesOf(readFileSync('docs/api.md', 'utf8')).length;
 */
export function examplesOf(markdown: string): DocExample[] {
  const fence = /^### (.+)$|^```(\w*)\n([\s\S]*?)^```$/gm;
  const examples: DocExample[] = [];
  let title = '';
  let pending: { title: string; code: string } | undefined;
  for (const match of markdown.matchAll(fence)) {
    if (match[1] !== undefined) {
      title = match[1];
      continue;
    }
    const [, , language, body] = match;
    if (language === 'ts') {
      if (pending) throw new Error(`docs example "${pending.title}" has no \`\`\`text block after it`);
      pending = { title, code: body };
    } else if (language === 'text' && pending) {
      examples.push({ ...pending, expected: body });
      pending = undefined;
    }
  }
  if (pending) throw new Error(`docs example "${pending.title}" has no \`\`\`text block after it`);
  return examples;
}
