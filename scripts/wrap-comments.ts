/**
 * Prettier leaves comments as written; this wraps every `//` or TSDoc ` * ` comment line longer than 120 columns at
 * its last space before the limit, continuing with the same prefix. Code examples in TSDoc are left alone.
 * Usage: npx tsx scripts/wrap-comments.ts [--check]   (--check: list long comment lines, exit 1 if any)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const LIMIT = 120;
const COMMENT = /^(\s*(?:\/\/|\*|\/\*\*)\s)(.*)$/;

/** The lines of `text` with long comment lines wrapped; `inExample` tracks TSDoc code examples. */
export function wrapComments(text: string): string[] {
  const out: string[] = [];
  let inExample = false;
  for (const line of text.split('\n')) {
    if (/^\s*\*\s*@example/.test(line)) inExample = true;
    else if (/^\s*\*\//.test(line) || /^\s*\*\s*@(?!example)/.test(line)) inExample = false;
    const match = COMMENT.exec(line);
    if (!match || inExample || line.length <= LIMIT) {
      out.push(line);
      continue;
    }
    const prefix = match[1].replace('/**', ' *');
    let rest = match[2];
    let head = match[1];
    while (head.length + rest.length > LIMIT) {
      const cut = rest.lastIndexOf(' ', LIMIT - head.length);
      if (cut <= 0) break;
      out.push((head + rest.slice(0, cut)).trimEnd());
      rest = rest.slice(cut + 1);
      head = prefix;
    }
    out.push(head + rest);
  }
  return out;
}

const files = execFileSync('git', ['ls-files', '*.ts', '*.mjs', '*.js'], { encoding: 'utf8' })
  .split('\n')
  .filter(Boolean);
const check = process.argv.includes('--check');
let long = 0;
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const wrapped = wrapComments(text).join('\n');
  if (wrapped === text) continue;
  if (check) {
    long++;
    console.log(`${file}: a comment line is longer than ${LIMIT} columns`);
  } else writeFileSync(file, wrapped);
}
if (check && long > 0) process.exit(1);
