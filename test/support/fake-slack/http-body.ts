import type { IncomingMessage, ServerResponse } from 'node:http';

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * A Web API call's arguments, read the way Slack reads them: the query string plus a form-encoded
 * body (what @slack/web-api sends; nested values arrive JSON-encoded as strings) or a JSON body.
 * `undefined` when the body is not what its content type says.
 */
export function parseArgs(
  contentType: string,
  body: string,
  query: URLSearchParams,
): Record<string, unknown> | undefined {
  const args: Record<string, unknown> = Object.fromEntries(query);
  if (body === '') return args;
  if (contentType.includes('application/json')) {
    try {
      const parsed: unknown = JSON.parse(body);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
      return { ...args, ...(parsed as Record<string, unknown>) };
    } catch {
      return undefined;
    }
  }
  return { ...args, ...Object.fromEntries(new URLSearchParams(body)) };
}

/**
 * The bytes of an upload: @slack/web-api posts them as multipart/form-data, other clients send
 * them raw. For multipart, the file part (the one with a filename) or else the first part.
 */
export function extractUploadedBytes(contentType: string, raw: Buffer): Buffer {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!contentType.includes('multipart/form-data') || !boundary) return raw;
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const parts: Array<{ headers: string; body: Buffer }> = [];
  let start = raw.indexOf(delimiter);
  while (start !== -1) {
    const next = raw.indexOf(delimiter, start + delimiter.length);
    if (next === -1) break;
    // Each part: delimiter CRLF headers CRLF CRLF body CRLF, then the next delimiter.
    const part = raw.subarray(start + delimiter.length + 2, next - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd !== -1)
      parts.push({ headers: part.subarray(0, headerEnd).toString('utf8'), body: part.subarray(headerEnd + 4) });
    start = next;
  }
  const file = parts.find((p) => /filename=/i.test(p.headers)) ?? parts[0];
  return file ? Buffer.from(file.body) : raw;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}
