import { randomInt } from 'node:crypto';
import { createServer } from 'node:net';

/**
 * Ports are picked below the kernel's ephemeral range (32768 and up on Linux), so no outgoing connection can
 * take one between the moment it is picked and the moment its server binds it. Each vitest worker
 * (VITEST_POOL_ID) picks from its own slice and a process never hands a port out twice, so test files running
 * side by side cannot be given the same port either.
 */
const FIRST_PORT = 20_000;
const SLICE_SIZE = 3_000;
const SLICES = 4;
const ATTEMPTS = 100;
const handedOut = new Set<number>();

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A TCP port that is free on 127.0.0.1 right now and that this process has not handed out before. */
export async function freePort(): Promise<number> {
  const slice = Number(process.env.VITEST_POOL_ID ?? 0) % SLICES;
  const sliceStart = FIRST_PORT + slice * SLICE_SIZE;
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const port = sliceStart + randomInt(SLICE_SIZE);
    if (handedOut.has(port) || !(await canListen(port))) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error(`no free port in ${sliceStart}–${sliceStart + SLICE_SIZE - 1} after ${ATTEMPTS} tries`);
}
