/** Bench (not a test): EKS token mint rate, uncached and through the cache. Prints one JSON line. */
import { EksTokenCache, mintEksToken } from "../../server/aws/eks-token.ts";

const credentials = { accessKeyId: "ASIABENCHBENCHBENCH1", secretAccessKey: "bench-secret-bench-secret-bench-secret00", sessionToken: "IQoJ" + "x".repeat(600) };
const N = Number(process.argv[2] ?? 5000);

let start = performance.now();
for (let i = 0; i < N; i++) await mintEksToken({ credentials, clusterName: "prod", region: "eu-west-1", env: {}, now: Date.now() });
const mintMs = performance.now() - start;

const cache = new EksTokenCache();
start = performance.now();
for (let i = 0; i < N; i++) await cache.get({ credentials, clusterName: "prod", region: "eu-west-1", env: {} });
const cachedMs = performance.now() - start;

console.log(JSON.stringify({ bench: "eks-token", n: N, mintPerSecond: Math.round(N / (mintMs / 1000)), cachedPerSecond: Math.round(N / (cachedMs / 1000)), minted: cache.minted }));
