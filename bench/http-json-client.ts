/** A JSON client for the local HTTP API over keep-alive connections, as an integration would hold them. */
import { Agent, request } from 'node:http';

export interface JsonResponse {
  readonly status: number;
  readonly text: string;
}

export class HttpJsonClient {
  private readonly agent: Agent;
  private readonly base: URL;

  constructor(
    baseUrl: string,
    maxSockets: number,
    /** Sent with every request (the caller's token). */
    private readonly defaultHeaders: Readonly<Record<string, string>> = {},
  ) {
    this.base = new URL(baseUrl);
    this.agent = new Agent({ keepAlive: true, maxSockets });
  }

  send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<JsonResponse> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body), 'utf8');
    return new Promise((resolve, reject) => {
      const outgoing = request(
        {
          agent: this.agent,
          host: this.base.hostname,
          port: this.base.port,
          method,
          path,
          headers: {
            accept: 'application/json',
            ...(payload ? { 'content-type': 'application/json', 'content-length': payload.byteLength } : {}),
            ...this.defaultHeaders,
            ...headers,
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          response.on('error', reject);
        },
      );
      outgoing.on('error', reject);
      outgoing.end(payload);
    });
  }

  /** Like send, but a status of 300 or more is an error carrying the problem document. */
  async sendOk(method: string, path: string, body?: unknown): Promise<JsonResponse> {
    const response = await this.send(method, path, body);
    if (response.status >= 300) throw new Error(`${method} ${path} answered ${response.status}: ${response.text.slice(0, 500)}`);
    return response;
  }

  close(): void {
    this.agent.destroy();
  }
}
