/**
 * Keeps a generated block of a README in step with the latest results: the text between
 * `<!-- name:start -->` and `<!-- name:end -->` is replaced; the rest of the file is untouched.
 * When the markers are missing, `fallbackHeading` + the block is appended at the end.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export function replaceBlock(file: string, name: string, body: string, fallbackHeading: string): void {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const block = `${start}\n${body.trim()}\n${end}`;
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  const next =
    i !== -1 && j > i
      ? text.slice(0, i) + block + text.slice(j + end.length)
      : `${text.trimEnd()}${text ? '\n\n' : ''}${fallbackHeading}\n\n${block}\n`;
  writeFileSync(file, next);
}
