// Finds the Chromium the e2e tests drive, in this order: `DS_STREAM_CHROMIUM`, a system Chromium
// (Debian's is the better-tested one), else the headless build bundled in the `@sparticuz/chromium`
// devDependency, unpacked offline to the temp folder, so `npm install && npm test` needs nothing else.
// Each candidate is run with `--version` before it is used: a path that exists but cannot start
// (a half-written unpack, a missing shared library) is caught here, with a message, not in a test.
import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

/** Where the browser came from. @internal */
export type ChromiumOrigin = 'DS_STREAM_CHROMIUM' | 'system' | '@sparticuz/chromium';

/** A Chromium that answered `--version`. @internal */
export interface ChromiumBuild {
  executablePath: string;
  origin: ChromiumOrigin;
  /** What `--version` printed, e.g. `Chromium 153.0.8010.0`. */
  version: string;
  /** Environment the browser needs on top of this process's (library and font paths). */
  env: Record<string, string>;
}

/** Executable names looked up on PATH after `/usr/bin/chromium`. @internal */
export const SYSTEM_CHROMIUM_NAMES: readonly string[] = ['chromium', 'chromium-browser', 'google-chrome'];

const HOW_TO_INSTALL =
  'Install one of: `apt-get install -y chromium` (Debian/Ubuntu; `.ci/run` does this as root), ' +
  '`npm install` (brings the @sparticuz/chromium devDependency, used when no system Chromium is found), ' +
  'or set DS_STREAM_CHROMIUM to a Chromium executable.';

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The system Chromium: `/usr/bin/chromium`, else the first of {@link SYSTEM_CHROMIUM_NAMES} on PATH;
 * `null` when there is none or `DS_STREAM_NO_SYSTEM_CHROMIUM=1` hides it (to test the fallback).
 * @internal
 */
export function systemChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.DS_STREAM_NO_SYSTEM_CHROMIUM === '1') return null;
  if (executable('/usr/bin/chromium')) return '/usr/bin/chromium';
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of SYSTEM_CHROMIUM_NAMES) {
    for (const dir of dirs) {
      const path = join(dir, name);
      if (executable(path)) return path;
    }
  }
  return null;
}

/** Runs `path --version`; resolves with its first line, rejects with what it printed on failure. */
function versionOf(path: string, env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    // Generous: the first start of a 200 MB binary on a busy machine reads it from disk.
    execFile(
      path,
      ['--version'],
      { env: { ...process.env, ...env }, timeout: 60_000 },
      (err, out, errOut) => {
        const line = String(out).trim().split('\n')[0] ?? '';
        if (err || !/\d+\.\d+/.test(line))
          reject(new Error(`${err?.message ?? ''} ${String(errOut).trim()}`));
        else resolve(line);
      },
    );
  });
}

/** The bundled headless Chromium, unpacked (once per machine) to the temp folder and checked. */
async function sparticuzChromium(): Promise<ChromiumBuild> {
  let mod: typeof import('@sparticuz/chromium');
  try {
    mod = await import('@sparticuz/chromium');
  } catch (e) {
    throw new Error(
      `No system Chromium, and @sparticuz/chromium is not installed (${String(e)}). ${HOW_TO_INSTALL}`,
    );
  }
  const chromium = mod.default;
  const env: Record<string, string> = {};
  // Its fontconfig file lists the temp folder's fonts; a machine with its own fontconfig keeps that.
  if (!existsSync('/etc/fonts/fonts.conf')) env.FONTCONFIG_PATH = join(tmpdir(), 'fonts');
  const major = packageMajor();
  let lastError = '';
  // Two unpacks at most; the library path is added at most once on top.
  for (let unpacks = 0; unpacks < 2; ) {
    let executablePath: string;
    try {
      executablePath = await chromium.executablePath();
    } catch (e) {
      throw new Error(`@sparticuz/chromium could not unpack its browser (${String(e)}). ${HOW_TO_INSTALL}`);
    }
    try {
      const version = await versionOf(executablePath, env);
      if (version.includes(` ${major}.`))
        return { executablePath, origin: '@sparticuz/chromium', version, env };
      lastError = `${executablePath} is ${version}, not the package's ${major}`;
    } catch (e) {
      lastError = String(e);
    }
    if (/shared libraries/.test(lastError) && env.LD_LIBRARY_PATH === undefined) {
      // Missing NSS/NSPR/expat (a machine without any browser): the package carries them for
      // Amazon Linux; unpack them and put them first on the library path.
      const lib = join(await mod.inflate(join(packageBin(), 'al2023.tar.br')), 'lib');
      env.LD_LIBRARY_PATH = [lib, process.env.LD_LIBRARY_PATH].filter(Boolean).join(delimiter);
      continue;
    }
    // Anything else is a broken unpack (interrupted, or another version's binary in the temp
    // folder): the package reuses whatever file is there, so remove it and unpack once more.
    rmSync(executablePath, { force: true });
    unpacks++;
  }
  throw new Error(`The @sparticuz/chromium browser does not start: ${lastError}. ${HOW_TO_INSTALL}`);
}

/** The package's folder (its build/index.js is what `require.resolve` finds). */
function packageDir(): string {
  return join(dirname(createRequire(import.meta.url).resolve('@sparticuz/chromium')), '..');
}

const packageBin = () => join(packageDir(), 'bin');

/** The Chromium major version the package bundles (its own major version). */
function packageMajor(): string {
  const { version } = JSON.parse(readFileSync(join(packageDir(), 'package.json'), 'utf8')) as {
    version: string;
  };
  return version.split('.')[0] ?? version;
}

let found: Promise<ChromiumBuild> | null = null;

/**
 * The Chromium to drive (resolved once per process). Throws, saying how to install one, when none
 * is found or starts: a skipped browser test proves nothing.
 * @internal
 */
export function findChromium(): Promise<ChromiumBuild> {
  found ??= (async (): Promise<ChromiumBuild> => {
    const configured = process.env.DS_STREAM_CHROMIUM;
    const [path, origin] = configured
      ? [configured, 'DS_STREAM_CHROMIUM' as const]
      : [systemChromium(), 'system' as const];
    if (path === null) return sparticuzChromium();
    if (!executable(path))
      throw new Error(`DS_STREAM_CHROMIUM=${path} is not an executable. ${HOW_TO_INSTALL}`);
    try {
      return { executablePath: path, origin, version: await versionOf(path, {}), env: {} };
    } catch (e) {
      throw new Error(`Chromium at ${path} (${origin}) does not start: ${String(e)}. ${HOW_TO_INSTALL}`);
    }
  })();
  found.catch(() => {
    found = null;
  });
  return found;
}

/** One line naming the browser, for the test output. @internal */
export function describeChromium(b: ChromiumBuild): string {
  return `${b.version} (${b.origin}: ${b.executablePath})`;
}
