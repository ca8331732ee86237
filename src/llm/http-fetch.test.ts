import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createTeacherFetch, type TeacherFetch } from './http-fetch.js';

const open: { server: Server; http: TeacherFetch }[] = [];
afterEach(async () => {
  for (const { server, http } of open.splice(0)) {
    http.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function serve(
  handle: (req: IncomingMessage, res: ServerResponse, nth: number, body: string) => void,
): Promise<{ url: string; http: TeacherFetch }> {
  let nth = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += String(chunk)));
    req.on('end', () => handle(req, res, ++nth, body));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const http = createTeacherFetch({ sockets: 4 });
  open.push({ server, http });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/chat/completions`, http };
}

describe('the teacher fetch', () => {
  it('sends the body and headers, reuses the socket, and reads the answer as a Response', async () => {
    const sockets = new Set<unknown>();
    const { url, http } = await serve((req, res) => {
      sockets.add(req.socket);
      res.writeHead(201, { 'content-type': 'application/json', 'x-seen': String(req.headers['x-sample']) });
      res.end(JSON.stringify({ length: req.headers['content-length'] }));
    });
    for (let i = 0; i < 3; i++) {
      const response = await http.fetch(url, { method: 'POST', headers: new Headers({ 'x-sample': String(i) }), body: 'héllo' });
      expect(response.status).toBe(201);
      expect(response.headers.get('x-seen')).toBe(String(i));
      expect(await response.json()).toEqual({ length: '6' });
    }
    expect(sockets.size).toBe(1);
  });

  it('sends a request again on a new socket when the idle one it reused was closed by the server', async () => {
    const { url, http } = await serve((req, res, nth) => {
      // The second request lands on a socket the server drops at once, as one closing an idle socket would.
      if (nth === 2) return req.socket.destroy();
      res.end(`answer ${nth}`);
    });
    expect(await (await http.fetch(url, { method: 'POST', body: 'a' })).text()).toBe('answer 1');
    expect(await (await http.fetch(url, { method: 'POST', body: 'b' })).text()).toBe('answer 3');
  });

  it('fails like fetch: a refused connection is a TypeError with the socket error as cause', async () => {
    const { url, http } = await serve((_req, res) => res.end());
    const closed = url.replace(/:\d+\//, ':1/');
    const error = await http.fetch(closed, { method: 'POST', body: 'x' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TypeError);
    expect(((error as TypeError).cause as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
  });

  it('errors the body when the connection is cut in the middle of the answer', async () => {
    const { url, http } = await serve((req, res) => {
      res.writeHead(200, { 'content-length': '1000' });
      res.write('only the start');
      setTimeout(() => req.socket.destroy(), 20);
    });
    const response = await http.fetch(url, { method: 'POST', body: 'x' });
    await expect(response.text()).rejects.toThrow();
  });

  it('rejects with an AbortError when the signal fires before the answer, and errors the body after it', async () => {
    const { url, http } = await serve((_req, res, _nth, body) => {
      if (body === 'hang') return; // never answers
      res.writeHead(200);
      res.write('partial');
    });
    const before = new AbortController();
    const waiting = http.fetch(url, { method: 'POST', body: 'hang', signal: before.signal });
    setTimeout(() => before.abort(), 20);
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });

    const during = new AbortController();
    const response = await http.fetch(url, { method: 'POST', body: 'x', signal: during.signal });
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value as Uint8Array)).toBe('partial');
    during.abort();
    await expect(reader.read()).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('decodes a gzip body a server sends unasked', async () => {
    const { url, http } = await serve((_req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip' });
      res.end(gzipSync('{"ok":true}'));
    });
    expect(await (await http.fetch(url, { method: 'POST', body: 'x' })).json()).toEqual({ ok: true });
  });
});
