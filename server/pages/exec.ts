/** The exec page: a terminal into one container (xterm.js and its stylesheet load only here). */
import { html } from "htm/preact";
import { clusterShell, errorBox } from "./layout.ts";
import type { PageEnv, PageView } from "./page.ts";
import { clusterChrome } from "./resource-list.ts";

const enc = encodeURIComponent;
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

export async function execPage(env: PageEnv, cluster: string, namespace: string, name: string): Promise<PageView> {
  const [chrome, pod] = await Promise.all([clusterChrome(env, cluster), env.api(`/api/clusters/${enc(cluster)}/resources/pods/${enc(namespace)}/${enc(name)}`)]);
  const obj = pod.ok && isObj(pod.data) && isObj(pod.data.object) ? pod.data.object : {};
  const spec = isObj(obj.spec) ? obj.spec : {};
  const meta = isObj(obj.metadata) ? obj.metadata : {};
  const containers = (Array.isArray(spec.containers) ? spec.containers : []).filter(isObj).map((c) => String(c.name ?? "")).filter(Boolean);
  const annotations = isObj(meta.annotations) ? meta.annotations : {};
  const preferred = env.ctx.url.searchParams.get("container") ?? String(annotations["kubectl.kubernetes.io/default-container"] ?? "");
  const container = containers.includes(preferred) ? preferred : (containers[0] ?? "");
  const css = env.runtime.vendor.packages.get("@xterm/xterm");
  const content = html`<div class="list-head"><h1>Shell: ${name}</h1><span class="muted">${namespace} · ${cluster}</span>
      <a class="button" href=${`/clusters/${enc(cluster)}/pods?sel=${enc(`${namespace}/${name}`)}`}>Back to the pod</a></div>
    ${!pod.ok ? errorBox("Pod unavailable", pod) : !css ? html`<div class="error-box">The terminal is not installed on this server (@xterm/xterm).</div>` : env.clientIsland(
      "terminal",
      { cluster, ns: namespace, name, container, containers, command: env.ctx.url.searchParams.get("command") ?? undefined },
      html`<p class="muted">The terminal needs JavaScript.</p>`,
    )}`;
  const body = await clusterShell(env, chrome, cluster, [{ label: "Pods", href: `/clusters/${enc(cluster)}/pods` }, { label: name }], { activeKind: "pods", mainClass: "page-list", content });
  return {
    title: `Shell · ${name}`,
    body,
    preload: [env.runtime.assets.url("islands/terminal.js")],
    stylesheets: css ? [`/vendor/@xterm/xterm@${css.version}/css/xterm.css`] : [],
    // xterm.js writes its renderer theme as <style> elements with no way to pass a nonce: this page alone
    // allows inline styles. Scripts stay as strict as everywhere else.
    styleSrc: ["'unsafe-inline'"],
  };
}
