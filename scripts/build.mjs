/**
 * `npm run build` (and `npm install`, through `prepare`): compiles the program into `dist/` with esbuild,
 * so `npm start` runs plain JavaScript instead of compiling TypeScript in the process.
 *
 * What every start needs (the database layer, the schema checks, the plan files' YAML, the calendar, the
 * scheduler's cron) is bundled with the program: one file loads faster, and in less memory, than the
 * hundreds of small modules those packages ship. Everything else (native modules, the platform SDKs, the
 * document and chart libraries, which are loaded only when used) stays in node_modules.
 *
 * Plain JavaScript, so that it runs before anything is built.
 */
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** Packages bundled into the program: pure JavaScript that every start loads. */
const BUNDLED = new Set(['drizzle-orm', 'zod', 'yaml', 'node-cron']);

/**
 * zod carries its messages in 60-odd languages, which would sit in memory for the life of the process;
 * the bot speaks Vietnamese, and English in its code. Only those two are built in.
 */
const ZOD_LOCALES = ['en', 'vi'];

/** @type {import('esbuild').Plugin} */
const onlyUsedLocales = {
  name: 'only-used-locales',
  setup(b) {
    b.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => ({
      contents: ZOD_LOCALES.map((l) => `export { default as ${l} } from './${l}.js';`).join('\n'),
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};

/**
 * What identifies this build: its sources and its locked dependencies. Caches the program keeps (the parsed
 * plan files) are valid for one build only.
 */
function buildId() {
  const hash = createHash('sha256');
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else hash.update(relative(root, path)).update(readFileSync(path));
    }
  };
  walk(join(root, 'src'));
  hash.update(readFileSync(join(root, 'package-lock.json')));
  return hash.digest('hex').slice(0, 16);
}

export async function buildDist() {
  rmSync(join(root, 'dist'), { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    entryPoints: {
      main: 'src/main.ts',
      'cli/invite': 'src/cli/invite.ts',
      'cli/backup': 'src/cli/backup.ts',
      'cli/zaloLogin': 'src/cli/zaloLogin.ts',
      // Beside the chunks, where src/documents/inspect.ts looks for it.
      'inspect.worker': 'src/documents/inspect.worker.ts',
    },
    outdir: 'dist',
    bundle: true,
    // Shared code in chunks, and every `await import()` of the program (a channel, the exports) its own
    // file, loaded only when it is used.
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: Object.keys(pkg.dependencies).filter((name) => !BUNDLED.has(name)),
    // Bundled CommonJS packages may still `require` Node's own modules.
    banner: {
      js: "import { createRequire as __planbotRequire } from 'node:module'; const require = __planbotRequire(import.meta.url);",
    },
    plugins: [onlyUsedLocales],
    define: { 'process.env.PLANBOT_BUILD': JSON.stringify(buildId()) },
    legalComments: 'none',
    minifyWhitespace: true,
    logLevel: 'warning',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  buildDist().catch((err) => {
    process.stderr.write(`build failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
