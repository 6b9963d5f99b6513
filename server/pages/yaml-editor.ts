/** The YAML editor page for one object; without JavaScript it shows the YAML read-only. */
import { html } from "htm/preact";
import { clusterShell, errorBox, shell } from "./layout.ts";
import type { PageEnv, PageView } from "./page.ts";
import { clusterChrome, KIND_ID } from "./resource-list.ts";

const enc = encodeURIComponent;

export async function yamlEditorPage(env: PageEnv, cluster: string, kindId: string, namespace: string, name: string): Promise<PageView> {
  const chrome = await clusterChrome(env, cluster);
  if (!KIND_ID.test(kindId)) {
    const content = html`<h1>Unknown kind</h1><p>"${kindId}" is not a resource kind.</p>`;
    return { title: "Not found", status: 404, body: await shell(env, { crumbs: [{ label: cluster }], clusters: chrome.clusters, cluster, kinds: chrome.kinds, content }) };
  }
  const entry = chrome.kinds.find((k) => k.id === kindId);
  const label = entry?.label ?? kindId.split("/").pop()!;
  const result = await env.api(`/api/clusters/${enc(cluster)}/resources/${kindId}/${enc(namespace)}/${enc(name)}/yaml`);
  const text = !result.ok ? undefined : typeof result.data === "string" ? result.data : typeof (result.data as { yaml?: unknown })?.yaml === "string" ? (result.data as { yaml: string }).yaml : undefined;
  const listHref = `/clusters/${enc(cluster)}/${kindId}?sel=${enc(`${namespace === "_" ? "" : namespace}/${name}`)}`;
  const content = html`<div class="list-head"><h1>Edit ${name}</h1><span class="muted">${label}${namespace !== "_" ? ` in ${namespace}` : ""}</span></div>
    ${!result.ok ? errorBox("Could not load the YAML", result) : text === undefined ? html`<div class="error-box">The YAML answer had an unexpected shape.</div>` : env.clientIsland(
      "yaml-editor",
      { cluster, kind: kindId, ns: namespace === "_" ? "" : namespace, name, yaml: text, backHref: listHref, nonce: env.nonce },
      html`<pre class="mono editor-fallback">${text}</pre>`,
    )}`;
  const body = await clusterShell(env, chrome, cluster, [{ label, href: `/clusters/${enc(cluster)}/${kindId}` }, { label: name }], { activeKind: kindId, mainClass: "page-list", content });
  return { title: `Edit ${name}`, body, preload: [env.runtime.assets.url("islands/yaml-editor.js")], styleNonce: true, styleAttributes: true };
}
