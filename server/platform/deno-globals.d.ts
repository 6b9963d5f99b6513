// The slice of Deno's API the platform seam uses, so tsc on Node can check deno.ts.
declare namespace Deno {
  interface HttpClient {
    close(): void;
  }
  interface ServeHandlerInfo {
    remoteAddr: { hostname: string; port: number };
  }
  interface HttpServer {
    finished: Promise<void>;
    shutdown(): Promise<void>;
    addr: { hostname: string; port: number };
  }
  function serve(
    options: {
      port: number;
      hostname?: string;
      cert?: string;
      key?: string;
      signal?: AbortSignal;
      onListen?: (addr: { hostname: string; port: number }) => void;
    },
    handler: (request: Request, info: ServeHandlerInfo) => Response | Promise<Response>,
  ): HttpServer;
  function upgradeWebSocket(request: Request, options?: { protocol?: string }): { socket: WebSocket; response: Response };
  function createHttpClient(options: { caCerts?: string[]; cert?: string; key?: string }): HttpClient;
  const env: { get(name: string): string | undefined };
}
