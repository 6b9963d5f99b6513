// Baseline for the healthz benchmark: bare node:http answering "ok", no adapter, no middleware.
import * as http from "node:http";
const server = http.createServer((_req, res) => {
  res.writeHead(200, { "content-type": "text/plain; charset=utf-8" });
  res.end("ok");
});
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(JSON.stringify({ msg: "listening", port: typeof address === "object" && address ? address.port : 0 }) + "\n");
});
process.on("SIGTERM", () => process.exit(0));
