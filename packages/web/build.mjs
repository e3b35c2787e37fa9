// Builds the web interface into dist/: hashed, minified assets under dist/assets and one HTML
// file per page, composed from src/layout.html. Prints the gzipped JavaScript size per page.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { HINT_MAX_LENGTH } from 'zephr';

const root = dirname(fileURLToPath(import.meta.url));
const src = join(root, 'src');
const dist = join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, 'assets'), { recursive: true });

const result = await build({
  entryPoints: {
    create: join(src, 'scripts', 'create.ts'), reveal: join(src, 'scripts', 'reveal.ts'), session: join(src, 'scripts', 'session.ts'),
    signin: join(src, 'scripts', 'signin.ts'), account: join(src, 'scripts', 'account.ts'), device: join(src, 'scripts', 'device.ts'),
    plans: join(src, 'scripts', 'plans.ts'), admin: join(src, 'scripts', 'admin.ts'), styles: join(src, 'styles.css'),
    fulfil: join(src, 'scripts', 'fulfil.ts'), ask: join(src, 'scripts', 'ask.ts'),
  },
  outdir: join(dist, 'assets'),
  entryNames: '[name]-[hash]',
  bundle: true, format: 'esm', platform: 'browser', target: ['chrome110', 'firefox115', 'safari16'],
  minify: true, legalComments: 'none', metafile: true, write: true,
});

// entry name → public URL of its hashed output
const assets = {};
for (const [out, meta] of Object.entries(result.metafile.outputs)) {
  if (!meta.entryPoint) continue;
  const name = basename(meta.entryPoint).replace(/\.(ts|css)$/, '');
  assets[name] = `/assets/${basename(out)}`;
}

const layout = readFileSync(join(src, 'layout.html'), 'utf8');
const pages = [
  { file: 'index.html', body: 'create.html', title: 'Share a secret once', script: 'create' },
  { file: 'reveal.html', body: 'reveal.html', title: 'A secret for you', script: 'reveal' },
  { file: 'fulfil.html', body: 'fulfil.html', title: 'A request for a secret', script: 'fulfil' },
  { file: 'ask.html', body: 'ask.html', title: 'Request a secret', script: 'ask' },
  { file: 'docs.html', body: 'docs.html', title: 'Documentation' },
  { file: 'signin.html', body: 'signin.html', title: 'Sign in', script: 'signin' },
  { file: 'account.html', body: 'account.html', title: 'Your account', script: 'account' },
  { file: 'device.html', body: 'device.html', title: 'Sign in the CLI', script: 'device' },
  { file: 'plans.html', body: 'plans.html', title: 'Plans', script: 'plans' },
  { file: 'admin.html', body: 'admin.html', title: 'Admin', script: 'admin' },
  { file: '404.html', body: '404.html', title: 'Not found' },
];
const sizes = {};
for (const page of pages) {
  // Every page's header shows who is signed in (session.ts); a page's own script comes first.
  const scripts = [page.script, 'session'].filter(Boolean).map((name) => `<script type="module" src="${assets[name]}"></script>`).join('\n');
  const html = layout
    .replace('{{title}}', page.title)
    .replace('{{css}}', assets.styles)
    .replace('{{scripts}}', scripts)
    .replace('{{main}}', readFileSync(join(src, 'pages', page.body), 'utf8').trim())
    // Field rules come from protocol/rules.json through the zephr package, never typed into a page.
    .replaceAll('{{hint_max_length}}', String(HINT_MAX_LENGTH));
  writeFileSync(join(dist, page.file), html);
  const js = page.script ? readFileSync(join(dist, assets[page.script].slice(1))) : Buffer.alloc(0);
  sizes[page.file] = { js_bytes: js.length, js_gzip_bytes: js.length ? gzipSync(js, { level: 9 }).length : 0 };
}
writeFileSync(join(dist, 'sizes.json'), JSON.stringify(sizes, null, 2) + '\n');
for (const [page, s] of Object.entries(sizes)) console.log(`web: ${page.padEnd(12)} JS ${(s.js_gzip_bytes / 1024).toFixed(1)} KB gzipped (${(s.js_bytes / 1024).toFixed(1)} KB raw)`);
