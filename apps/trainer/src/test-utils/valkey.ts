import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import { Redis } from 'ioredis';

/** The Redis-protocol server binary on PATH: `valkey-server` (Debian bookworm-backports), else `redis-server`. */
export function serverBinary(): string {
  for (const name of ['valkey-server', 'redis-server']) {
    for (const dir of (process.env['PATH'] ?? '').split(delimiter)) if (dir !== '' && existsSync(join(dir, name))) return join(dir, name);
  }
  throw new Error('The sweep tests need valkey-server (apt-get install -t bookworm-backports valkey-server) or redis-server (apt-get install redis-server) on PATH; .ci/run installs it.');
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * A throw-away Valkey/Redis server for tests: loopback only, its own folder, append-only file fsynced on every
 * write (so a kill -9 loses nothing), a password; stopped and started again on the same port and folder.
 */
export class TestServer {
  private process: ChildProcess | undefined;

  private constructor(
    readonly port: number,
    readonly dir: string,
    readonly password: string,
  ) {}

  /** Starts a server in `dir` on a free loopback port. */
  static async start(dir: string, password: string): Promise<TestServer> {
    const server = new TestServer(await freePort(), dir, password);
    await server.restart();
    return server;
  }

  /** The URL clients connect with (password included). */
  get url(): string {
    return `redis://:${this.password}@127.0.0.1:${this.port}`;
  }

  /** Starts the server (again) and waits until it answers. */
  async restart(): Promise<void> {
    const args = ['--bind', '127.0.0.1', '--port', String(this.port), '--dir', this.dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '', '--requirepass', this.password, '--logfile', 'server.log', '--daemonize', 'no'];
    this.process = spawn(serverBinary(), args, { stdio: 'ignore' });
    for (let i = 0; ; i++) {
      const client = new Redis(this.url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
      client.on('error', () => undefined);
      try {
        await client.connect();
        await client.ping();
        client.disconnect();
        return;
      } catch (error) {
        client.disconnect();
        if (i > 100) throw new Error(`the test server did not start on port ${this.port}: ${(error as Error).message} (see ${this.dir}/server.log)`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  /** Stops the server with `signal` (SIGKILL: a crash) and waits for it to exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const p = this.process;
    if (p == null || p.exitCode != null || p.signalCode != null) return;
    await new Promise<void>((resolve) => {
      p.on('exit', () => resolve());
      p.kill(signal);
    });
    this.process = undefined;
  }
}
