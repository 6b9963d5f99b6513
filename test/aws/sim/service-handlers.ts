/** EKS DescribeCluster (REST JSON) and Secrets Manager / SSM (JSON 1.1) for the simulator. */
import type { Reply, SimContext } from "./simulator.ts";

const jsonError = (status: number, code: string, message: string): Reply => ({
  status,
  body: JSON.stringify({ __type: code, message }),
  headers: { "content-type": "application/x-amz-json-1.1", "x-amzn-errortype": code },
  error: code,
});

export async function handleEks(ctx: SimContext): Promise<Reply> {
  const { sim, url } = ctx;
  const name = decodeURIComponent(url.pathname.slice("/clusters/".length));
  ctx.record("DescribeCluster", { name });
  const fault = sim.takeFault("DescribeCluster");
  if (fault) return jsonError(fault[0], fault[1], "injected fault");
  if (ctx.request.method !== "GET") return jsonError(405, "MethodNotAllowed", "use GET");
  const denied = await sim.authenticate(ctx, "eks");
  if (denied) return jsonError(denied.status, denied.code, denied.message);
  const cluster = sim.clusters.get(name);
  if (!cluster || cluster.region !== ctx.signed!.region) return jsonError(404, "ResourceNotFoundException", `No cluster found for name: ${name}.`);
  return {
    status: 200,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      cluster: {
        name: cluster.name,
        arn: `arn:aws:eks:${cluster.region}:${sim.ids.account}:cluster/${cluster.name}`,
        endpoint: cluster.endpoint,
        certificateAuthority: { data: cluster.caData },
        status: cluster.status ?? "ACTIVE",
        version: "1.33",
      },
    }),
  };
}

export async function handleJsonService(ctx: SimContext, target: string): Promise<Reply> {
  const { sim } = ctx;
  let input: Record<string, unknown> = {};
  try {
    input = JSON.parse(new TextDecoder().decode(ctx.body)) as Record<string, unknown>;
  } catch {
    // reported below as a validation error
  }
  if (target === "secretsmanager.GetSecretValue") {
    const id = String(input.SecretId ?? "");
    ctx.record("GetSecretValue", { SecretId: id });
    const fault = sim.takeFault("GetSecretValue");
    if (fault) return jsonError(fault[0], fault[1], "injected fault");
    const denied = await sim.authenticate(ctx, "secretsmanager");
    if (denied) return jsonError(denied.status, denied.code, denied.message);
    const secret = sim.secrets.get(id);
    if (!secret) return jsonError(400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
    const value = "string" in secret ? { SecretString: secret.string } : { SecretBinary: Buffer.from(secret.binary).toString("base64") };
    return { status: 200, headers: { "content-type": "application/x-amz-json-1.1" }, body: JSON.stringify({ Name: id, VersionId: "v1", ...value }) };
  }
  if (target === "AmazonSSM.GetParameter") {
    const name = String(input.Name ?? "");
    ctx.record("GetParameter", { Name: name, WithDecryption: String(input.WithDecryption ?? false) });
    const fault = sim.takeFault("GetParameter");
    if (fault) return jsonError(fault[0], fault[1], "injected fault");
    const denied = await sim.authenticate(ctx, "ssm");
    if (denied) return jsonError(denied.status, denied.code, denied.message);
    const p = sim.parameters.get(name);
    if (!p) return jsonError(400, "ParameterNotFound", "");
    const value = p.type === "SecureString" && input.WithDecryption !== true ? "AQICAHg-encrypted-blob" : p.value;
    return { status: 200, headers: { "content-type": "application/x-amz-json-1.1" }, body: JSON.stringify({ Parameter: { Name: name, Type: p.type, Value: value, Version: 1 } }) };
  }
  ctx.record(target, {});
  return jsonError(400, "UnknownOperationException", `unknown target ${target}`);
}
