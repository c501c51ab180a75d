import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { describeError, errorCode } from './describe-error';

export type ScriptPath = { ok: true; file: string; dir: string } | { ok: false; error: string };

/**
 * Resolves a script handler's target inside the scripts folder. Both sides go through realpath, so
 * `..`, absolute paths and symlinks pointing out of the folder are all caught by one check on the
 * final path; the returned real path is what gets executed, not the name that was checked.
 */
export async function resolveScript(scriptsDir: string, target: string): Promise<ScriptPath> {
  if (target.includes('\0')) return { ok: false, error: `script ${JSON.stringify(target)} is not a valid path` };
  let dir: string;
  try {
    dir = await realpath(scriptsDir);
  } catch (err) {
    return { ok: false, error: `HOOKLINE_SCRIPTS_DIR ${scriptsDir} is not usable: ${describeError(err)}` };
  }
  let file: string;
  try {
    file = await realpath(resolve(dir, target));
  } catch (err) {
    if (errorCode(err) === 'ENOENT' || errorCode(err) === 'ENOTDIR') {
      return { ok: false, error: `script ${target} does not exist in HOOKLINE_SCRIPTS_DIR` };
    }
    return { ok: false, error: `script ${target} cannot be resolved: ${describeError(err)}` };
  }
  const rel = relative(dir, file);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    return { ok: false, error: `script ${target} resolves outside HOOKLINE_SCRIPTS_DIR` };
  }
  const info = await stat(file);
  if (!info.isFile()) return { ok: false, error: `script ${target} is not a file` };
  return { ok: true, file, dir };
}
