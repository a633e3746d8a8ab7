/** The sync thread's body (see sync-thread.ts): fdatasync each descriptor it is sent, timed. */
import { fdatasyncSync } from "node:fs";
import { parentPort } from "node:worker_threads";

parentPort?.on("message", ({ id, fd }: { id: number; fd: number }) => {
  const start = performance.now();
  try {
    fdatasyncSync(fd);
    parentPort?.postMessage({ id, seconds: (performance.now() - start) / 1000 });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    parentPort?.postMessage({
      id,
      seconds: (performance.now() - start) / 1000,
      error: { message: err.message, code: err.code },
    });
  }
});
