import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Every relative link in README.md and docs/ must work in a fresh clone: its path must
 * name a file or folder inside the repository (relative to the markdown file), and its
 * `#anchor` must match a heading of the target (GitHub's slugs). External links
 * (http, https, mailto) are not fetched.
 */

const repositoryRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

interface Link {
  line: number;
  target: string;
}

interface MarkdownLine {
  number: number;
  text: string;
}

/** The lines outside fenced code blocks, with inline code spans blanked out. */
function proseLines(markdown: string): MarkdownLine[] {
  const lines: MarkdownLine[] = [];
  let fence: string | undefined;
  markdown.split(/\r?\n/).forEach((text, index) => {
    const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(text)?.[1];
    if (fence !== undefined) {
      if (marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
      return;
    }
    if (marker !== undefined) {
      fence = marker;
      return;
    }
    lines.push({ number: index + 1, text: text.replace(/(`+)[^`]*?\1/g, '') });
  });
  return lines;
}

function linksOf(markdown: string): Link[] {
  const links: Link[] = [];
  for (const { number, text } of proseLines(markdown)) {
    for (const match of text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      links.push({ line: number, target: match[1]! });
    }
    const definition = /^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?/.exec(text);
    if (definition) links.push({ line: number, target: definition[1]! });
  }
  return links;
}

/** GitHub's heading anchor: lower case, punctuation but `-` and `_` dropped, each space a `-`. */
function slugOf(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // links and images: their text
    .replace(/`([^`]*)`/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/\*+/g, '')
    .trim();
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\s-]/gu, '')
    .replace(/\s/g, '-');
}

const isParagraph = (line: string) => line.trim() !== '' && !/^\s{0,3}([-*+]|\d+[.)])\s/.test(line);

function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const add = (heading: string) => {
    const slug = slugOf(heading);
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  };
  // Headings are read from the raw lines (code spans kept), outside fences.
  let previous = '';
  let fence: string | undefined;
  for (const text of markdown.split(/\r?\n/)) {
    const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(text)?.[1];
    if (fence !== undefined) {
      if (marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
      previous = '';
      continue;
    }
    if (marker !== undefined) {
      fence = marker;
      previous = '';
      continue;
    }
    const atx = /^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(text);
    if (atx) add(atx[1]!);
    else if (/^\s{0,3}(=+|-+)\s*$/.test(text) && isParagraph(previous)) add(previous); // a setext heading
    for (const html of text.matchAll(/<a\s+[^>]*(?:name|id)="([^"]+)"/g)) anchors.add(html[1]!);
    previous = atx ? '' : text;
  }
  return anchors;
}

/** What is wrong with each relative link of one markdown file of the repository. */
function brokenLinks(file: string, markdown: string, root: string = repositoryRoot): string[] {
  const problems: string[] = [];
  const where = relative(root, file);
  for (const { line, target } of linksOf(markdown)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // http(s), mailto: not fetched
    const hash = target.indexOf('#');
    const pathPart = decodeURIComponent(hash === -1 ? target : target.slice(0, hash));
    const anchor = hash === -1 ? undefined : decodeURIComponent(target.slice(hash + 1));
    const resolved = pathPart === '' ? file : pathPart.startsWith('/') ? join(root, pathPart) : resolve(dirname(file), pathPart);
    const report = (reason: string) => problems.push(`${where}:${line}: (${target}) ${reason}`);
    const inside = relative(root, resolved);
    if (inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
      report('points outside the repository');
      continue;
    }
    if (pathPart !== '' && !existsSync(resolved)) {
      report('no such file or folder');
      continue;
    }
    if (anchor === undefined) continue;
    if (pathPart !== '' && (statSync(resolved).isDirectory() || !resolved.endsWith('.md'))) {
      if (!/^L\d+(-L\d+)?$/.test(anchor)) report('anchor on a file that has no headings');
      continue;
    }
    const targetMarkdown = resolved === file ? markdown : readFileSync(resolved, 'utf8');
    if (!anchorsOf(targetMarkdown).has(anchor)) report(`no heading #${anchor} in ${relative(root, resolved)}`);
  }
  return problems;
}

function markdownFilesUnder(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return markdownFilesUnder(path);
    return entry.name.endsWith('.md') ? [path] : [];
  });
}

const documents = [join(repositoryRoot, 'README.md'), ...markdownFilesUnder(join(repositoryRoot, 'docs'))];

describe('links in README.md and docs/', () => {
  it('finds the README and the docs pages', () => {
    expect(documents.map((file) => relative(repositoryRoot, file))).toContain(join('docs', 'README.md'));
  });

  it.each(documents.map((file) => [relative(repositoryRoot, file), file]))('%s: every relative link and anchor resolves', (_name, file) => {
    expect(brokenLinks(file, readFileSync(file, 'utf8'))).toEqual([]);
  });
});

describe('the link checker', () => {
  const page = join(repositoryRoot, 'docs', 'example.md');
  const markdown = [
    '# Access control',
    '## Pipeline trend: as-at snapshots, time travel and change',
    '## Tests',
    '## Tests',
    'Good: [a](#access-control), [b](#pipeline-trend-as-at-snapshots-time-travel-and-change),',
    '[c](#tests-1), [d](../README.md), [e](../infra/), [f](https://example.com/x#y).',
    'Bad: [g](#hardening), [h](missing.md), [i](../../shared/DOMAIN.md), [j](../README.md#no-such-heading).',
    '`[k](not-a-link.md)`',
    '```',
    '[l](inside-a-code-block.md)',
    '```',
  ].join('\n');

  it('reports missing files, anchors and paths outside the repository, and nothing else', () => {
    const problems = brokenLinks(page, markdown);
    expect(problems.map((problem) => /\((.*?)\)/.exec(problem)?.[1])).toEqual([
      '#hardening',
      'missing.md',
      '../../shared/DOMAIN.md',
      '../README.md#no-such-heading',
    ]);
  });

  it('slugs headings as GitHub does', () => {
    expect(slugOf('Backfill: importing existing deals with their history')).toBe('backfill-importing-existing-deals-with-their-history');
    expect(slugOf('Identity: a new user pool, or an existing issuer')).toBe('identity-a-new-user-pool-or-an-existing-issuer');
    expect(slugOf('`npm start`: the local runtime')).toBe('npm-start-the-local-runtime');
    expect(slugOf('CORS, routes and access logs')).toBe('cors-routes-and-access-logs');
  });
});
