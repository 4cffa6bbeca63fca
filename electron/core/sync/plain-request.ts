// One JSON request on Node's http(s) directly, for the transport's own calls (the watcher's
// long-polls, probes, pull rounds): measured on this 2-core machine, 0.5 ms of CPU per request
// against 0.9 ms through node-fetch and the re-streamed body that PouchDB's adapter needs
// (bench/many.ts: every edit costs each other workstation one long-poll answer). Same guarantees:
// an idle timeout that every received chunk re-arms, aborted with the transport's generation.
import http from 'node:http';
import https from 'node:https';
import { IdleTimeoutError, isNetworkError } from './network-errors';

export type PlainShared = {
  generation: AbortController;
  agents: { http: http.Agent; https: https.Agent };
  lastFailure: number;
  requests: number;
};

export type PlainAnswer = { status: number; text: string };

export function plainRequest(
  sh: PlainShared,
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
  timeoutMs: number,
): Promise<PlainAnswer> {
  sh.requests++;
  const https_ = url.startsWith('https:');
  const lib = https_ ? https : http;
  const agent = https_ ? sh.agents.https : sh.agents.http;
  return new Promise<PlainAnswer>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const finish = (err: unknown, answer?: PlainAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) {
        if (isNetworkError(err)) sh.lastFailure = Date.now();
        reject(err);
      } else resolve(answer!);
    };
    let req: http.ClientRequest;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const err = new IdleTimeoutError(timeoutMs);
        finish(err);
        req.destroy(err);
      }, timeoutMs);
    };
    try {
      req = lib.request(
        url,
        { method: init.method, headers: init.headers, agent, signal: sh.generation.signal },
        (res) => {
          arm();
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => {
            chunks.push(c);
            arm();
          });
          res.on('end', () =>
            finish(null, {
              status: res.statusCode ?? 0,
              text: Buffer.concat(chunks as unknown as Uint8Array[]).toString('utf8'),
            }),
          );
          res.on('error', (err) => finish(err));
          // The connection closed before the answer's end (a server or proxy gone mid-answer).
          res.on('close', () => {
            if (!res.complete) finish(Object.assign(new Error('connection closed mid-answer'), { code: 'ECONNRESET' }));
          });
        },
      );
    } catch (err) {
      finish(err); // e.g. an invalid URL
      return;
    }
    req.on('error', (err) => finish(err));
    arm();
    req.end(init.body);
  });
}
