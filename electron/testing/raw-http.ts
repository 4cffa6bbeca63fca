// Raw HTTP over TCP for tests that send what no HTTP client would: malformed escapes, odd
// methods, huge or foreign headers. Resolves with the status line's code once the response's
// headers are in (or null if none came before the timeout or the socket closed).
import net from 'node:net';

export type RawAnswer = { status: number | null; head: string };

export function rawRequest(port: number, request: string, timeoutMs = 5000): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let data = '';
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(data);
      resolve({ status: m?.[1] ? Number(m[1]) : null, head: data.split('\r\n\r\n')[0] ?? '' });
    };
    const timer = setTimeout(finish, timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      data += chunk.toString('latin1');
      if (data.includes('\r\n\r\n')) finish();
    });
    // The server may close first (e.g. after a 400): what arrived is the answer.
    socket.on('error', finish);
    socket.on('close', finish);
    socket.write(request);
  });
}

/** A GET for `target` (sent as is) with the given Host header and Connection: close. */
export function rawGet(port: number, target: string, host = `127.0.0.1:${port}`, extra = ''): Promise<RawAnswer> {
  return rawRequest(port, `GET ${target} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n${extra}\r\n`);
}
