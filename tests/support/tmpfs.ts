/**
 * A small tmpfs, mounted for a test that needs a disk that fills up (tests run as root in CI). On a
 * machine where it cannot be mounted, `mountTmpfs` says why, and the test skips with that line.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Tmpfs {
  dir: string;
  /** Fills the device with one file, leaving about `leaveBytes` free (rounded to its pages). */
  fill(leaveBytes?: number): void;
  /** Deletes the filling file: the space is back. */
  unfill(): void;
  unmount(): void;
}

export function mountTmpfs(sizeBytes: number): Tmpfs | string {
  const dir = mkdtempSync(join(tmpdir(), 'openings-tmpfs-'));
  const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes}`, 'tmpfs', dir], { encoding: 'utf8' });
  if (mount.error || mount.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return `cannot mount a tmpfs here (${(mount.error?.message ?? mount.stderr).trim()}); this test needs root, as in CI`;
  }
  const filler = join(dir, 'filler');
  return {
    dir,
    fill(leaveBytes = 0) {
      const fd = openSync(filler, 'w');
      const chunk = Buffer.alloc(64 * 1024);
      let written = 0;
      try {
        for (;;) written += writeSync(fd, chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      }
      if (leaveBytes > 0) ftruncateSync(fd, Math.max(0, written - leaveBytes));
      closeSync(fd);
    },
    unfill() {
      rmSync(filler, { force: true });
    },
    unmount() {
      spawnSync('umount', ['-l', dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
