import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';

/** The `fetch` the OpenAI SDK is given for one teacher, and the sockets it keeps. */
export interface TeacherFetch {
  fetch: typeof fetch;
  /** Closes the idle keep-alive sockets (those in use close when their request ends). */
  close(): void;
}

/** An idle socket is closed after this long (undici's default; a server's shorter Keep-Alive hint wins). */
const IDLE_SOCKET_MS = 4_000;

/**
 * A fetch for the SDK on node:http with a keep-alive agent per teacher. Node's built-in
 * fetch (undici) builds a Request, clones its body into two web streams and sorts its
 * headers on every call: with dozens of replies landing at once that work is done one
 * reply after another, and every slot waits for it (about a third of the client's CPU
 * per answer went there). This one sends the SDK's string body in one write and hands
 * back the socket's chunks as they come. What the SDK sees is the same: a WHATWG
 * Response, a TypeError('fetch failed', { cause }) for a socket error, an AbortError
 * when its signal fires. A request on a reused idle socket that the server closed just
 * then ("socket hang up" before any byte of the answer) is sent once more on a new one.
 */
export function createTeacherFetch(options: { sockets: number }): TeacherFetch {
  const agentOptions = { keepAlive: true, timeout: IDLE_SOCKET_MS, maxFreeSockets: Math.max(256, options.sockets) };
  const http = new HttpAgent(agentOptions);
  const https = new HttpsAgent(agentOptions);
  const fetchOverHttp = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    if (input instanceof Request) throw new TypeError('createTeacherFetch takes a URL, not a Request');
    const url = typeof input === 'string' ? new URL(input) : input;
    const body = bodyOf(init.body);
    const headers = headersOf(init.headers, body);
    for (let attempt = 0; ; attempt++) {
      try {
        return await send(url, init.method ?? 'GET', headers, body, init.signal ?? null, url.protocol === 'https:' ? https : http);
      } catch (error) {
        if (!(error instanceof StaleSocketError) || attempt > 0) throw error instanceof StaleSocketError ? error.failure : error;
      }
    }
  };
  return {
    fetch: fetchOverHttp,
    close: () => {
      http.destroy();
      https.destroy();
    },
  };
}

/** A reused socket the server had closed: the request never reached it, so sending it again is safe. */
class StaleSocketError extends Error {
  constructor(readonly failure: TypeError) {
    super('stale keep-alive socket');
  }
}

function send(
  url: URL,
  method: string,
  headers: OutgoingHttpHeaders,
  body: Buffer | null,
  signal: AbortSignal | null,
  agent: HttpAgent,
): Promise<Response> {
  return new Promise<Response>((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const requestOf = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = requestOf(url, { method, headers, agent });
    let answered = false;
    const onAbort = () => {
      req.destroy();
      if (!answered) reject(abortReason(signal!));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (answered) return;
      signal?.removeEventListener('abort', onAbort);
      const failure = new TypeError('fetch failed', { cause: error });
      reject(req.reusedSocket && error.code === 'ECONNRESET' ? new StaleSocketError(failure) : failure);
    });
    req.on('response', (res) => {
      answered = true;
      const status = res.statusCode ?? 0;
      if (status < 200 || status > 599) {
        res.destroy();
        return reject(new TypeError('fetch failed', { cause: new Error(`the server answered with status ${status}`) }));
      }
      resolve(toResponse(res, signal, () => signal?.removeEventListener('abort', onAbort)));
    });
    req.end(body ?? undefined);
  });
}

/** The socket's answer as a WHATWG Response whose body reads the socket as it arrives (paused while nobody reads). */
function toResponse(res: IncomingMessage, signal: AbortSignal | null, done: () => void): Response {
  const status = res.statusCode ?? 0;
  const headers = new Headers();
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) headers.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
  if (status === 204 || status === 205 || status === 304) {
    res.resume();
    done();
    return new Response(null, { status, statusText: res.statusMessage ?? '', headers });
  }
  const source = decoded(res, headers.get('content-encoding'));
  let ended = false;
  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        source.on('data', (chunk: Buffer) => {
          controller.enqueue(chunk);
          if ((controller.desiredSize ?? 0) <= 0) source.pause();
        });
        source.on('end', () => {
          ended = true;
          done();
          controller.close();
        });
        const fail = (error: unknown) => {
          if (ended) return;
          ended = true;
          done();
          controller.error(signal?.aborted ? abortReason(signal) : new TypeError('terminated', { cause: error }));
        };
        source.on('error', fail);
        // A connection closed before the body's end is a cut answer, not its end.
        res.on('close', () => {
          if (!res.complete) fail(new Error('the connection closed before the end of the response'));
        });
      },
      pull() {
        source.resume();
      },
      cancel() {
        ended = true;
        done();
        res.destroy();
      },
    },
    // A few socket chunks ahead of the reader: pausing the socket after every chunk costs more than it saves.
    new CountQueuingStrategy({ highWaterMark: 16 }),
  );
  return new Response(body, { status, statusText: res.statusMessage ?? '', headers });
}

/** What fetch does for a compressed body (we never ask for one, but a server may send it anyway). */
function decoded(res: IncomingMessage, encoding: string | null): Readable {
  const codec = encoding?.trim().toLowerCase();
  const decoder =
    codec === 'gzip' || codec === 'x-gzip'
      ? createGunzip()
      : codec === 'deflate'
        ? createInflate()
        : codec === 'br'
          ? createBrotliDecompress()
          : null;
  if (!decoder) return res;
  res.on('error', (error) => decoder.destroy(error));
  return res.pipe(decoder);
}

function headersOf(init: RequestInit['headers'], body: Buffer | null): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  const given = init instanceof Headers ? init : new Headers(init);
  given.forEach((value, name) => (headers[name] = value));
  if (body) headers['content-length'] = body.length;
  return headers;
}

function bodyOf(body: RequestInit['body']): Buffer | null {
  if (body === null || body === undefined) return null;
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  throw new TypeError('createTeacherFetch sends string or byte bodies only');
}

function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new DOMException('This operation was aborted', 'AbortError');
}
