// A node:http server on 127.0.0.1 that serves test archives with Range support, and can drop a connection
// half way, ignore Range, redirect or answer 404, to test downloads end to end without internet.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How one path is served. */
export interface Route {
  body: Buffer;
  /** Drop the connection after this many body bytes on the first request. */
  dropFirstAfter?: number;
  /** Answer 200 with the whole body even to Range requests. */
  ignoreRange?: boolean;
  /** Redirect (302) to this path instead. */
  redirectTo?: string;
}

/** A running loopback server and the requests it saw. */
export interface Loopback {
  url: (path: string) => string;
  routes: Map<string, Route>;
  requests: { path: string; range?: string }[];
  close: () => Promise<void>;
}

/** Starts a server on 127.0.0.1 with an ephemeral port. */
export async function startLoopback(): Promise<Loopback> {
  const routes = new Map<string, Route>();
  const requests: { path: string; range?: string }[] = [];
  const served = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push({ path, ...(req.headers.range ? { range: req.headers.range } : {}) });
    const route = routes.get(path);
    if (!route) {
      res.writeHead(404).end('not found');
      return;
    }
    if (route.redirectTo) {
      res.writeHead(302, { location: route.redirectTo }).end();
      return;
    }
    const count = (served.get(path) ?? 0) + 1;
    served.set(path, count);
    const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    let start = 0;
    if (m && !route.ignoreRange) {
      start = Number(m[1]);
      if (start >= route.body.length) {
        res.writeHead(416, { 'content-range': `bytes */${route.body.length}` }).end();
        return;
      }
      res.writeHead(206, { 'content-length': route.body.length - start, 'content-range': `bytes ${start}-${route.body.length - 1}/${route.body.length}` });
    } else {
      res.writeHead(200, { 'content-length': route.body.length });
    }
    const body = route.body.subarray(start);
    if (route.dropFirstAfter !== undefined && count === 1) {
      res.write(body.subarray(0, route.dropFirstAfter), () => setTimeout(() => res.socket?.destroy(), 20));
      return;
    }
    res.end(body);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    routes,
    requests,
    close: () => new Promise((done) => server.close(() => done())),
  };
}
