import t from "tap";
import { endpointVariable, resolveEndpoint } from "../../server/aws/endpoints.ts";
import { getParameter } from "../../server/aws/secrets.ts";
import { loadPlatform } from "../../server/platform/load.ts";
import { startAwsSimulator } from "./sim/simulator.ts";

t.test("endpoints: service variable, then AWS_ENDPOINT_URL, then the regional default", async (t) => {
  t.equal(endpointVariable("secretsmanager"), "AWS_ENDPOINT_URL_SECRETS_MANAGER");
  t.equal(resolveEndpoint("sts", "eu-west-1", {}), "https://sts.eu-west-1.amazonaws.com");
  t.equal(resolveEndpoint("eks", "cn-north-1", {}), "https://eks.cn-north-1.amazonaws.com.cn");
  t.equal(resolveEndpoint("ssm", "eu-west-1", { AWS_ENDPOINT_URL: "http://127.0.0.1:1/" }), "http://127.0.0.1:1");
  t.equal(resolveEndpoint("ssm", "eu-west-1", { AWS_ENDPOINT_URL: "http://127.0.0.1:1", AWS_ENDPOINT_URL_SSM: "http://127.0.0.1:2" }), "http://127.0.0.1:2");
});

t.test("bounded retries with jitter on 5xx and throttling, none on 4xx", async (t) => {
  const sim = await startAwsSimulator();
  t.teardown(() => sim.close());
  const user = sim.addUser("u");
  sim.putParameter("/p", "v");
  const deps = { env: { AWS_ENDPOINT_URL: sim.url }, retries: 2, retryBaseMs: 1 };
  sim.failNext("GetParameter", 500, "InternalServerError", 2);
  t.equal(await getParameter(deps, user, "eu-west-1", "/p"), "v", "third attempt succeeds");
  t.equal(sim.callsOf("GetParameter").length, 3);
  sim.failNext("GetParameter", 400, "ThrottlingException", 5);
  await t.rejects(getParameter(deps, user, "eu-west-1", "/p"), /400 ThrottlingException/);
  t.equal(sim.callsOf("GetParameter").length, 6, "1 + 2 retries, then the error");
  sim.faults.clear();
  await t.rejects(getParameter(deps, user, "eu-west-1", "/missing"), /ParameterNotFound/);
  t.equal(sim.callsOf("GetParameter").length, 7, "no retry on a client error");
});

t.test("per-attempt timeout", async (t) => {
  const platform = await loadPlatform();
  const hanging = await platform.serve((request) => new Promise<Response>((resolve) => request.signal.addEventListener("abort", () => resolve(new Response("")))), { hostname: "127.0.0.1", port: 0 });
  t.teardown(() => hanging.close(0));
  const deps = { env: { AWS_ENDPOINT_URL: `http://127.0.0.1:${hanging.port}` }, retries: 1, retryBaseMs: 1, timeoutMs: 100 };
  await t.rejects(getParameter(deps, { accessKeyId: "AKIA", secretAccessKey: "s" }, "eu-west-1", "/p"), /no response Timeout\): no answer within 100 ms/);
});
