import t from "tap";
import { h } from "preact";
import { render } from "preact-render-to-string";
import { escapeJsonForScript, island } from "../../server/pages/island.ts";

t.test("props JSON cannot break out of its script element", async (t) => {
  const evil = { a: "</script><script>alert(1)</script>", b: "<!-- x", c: "a&b\u2028\u2029", n: 5, nested: [{ s: "</SCRIPT >" }] };
  const text = escapeJsonForScript(evil);
  t.notMatch(text, /<\/script/i);
  t.notMatch(text, /<!--/);
  t.notMatch(text, /[<>\u2028\u2029]/);
  t.same(JSON.parse(text), evil, "the escaped text parses back to the same value");
});

t.test("the boundary: a props script and a root with the server-rendered markup", async (t) => {
  const html = render(island("resource-list", { x: "</script>" }, h("p", null, "first rows")));
  t.match(html, /^<div class="island" data-island="resource-list"><script type="application\/json">\{"x":"\\u003c\/script\\u003e"\}<\/script><div data-island-root><p>first rows<\/p><\/div><\/div>$/);
  const client = render(island("terminal", {}, null, true));
  t.match(client, /data-client-only/);
  t.throws(() => island("../evil", {}), /bad island name/);
  t.throws(() => island("Upper", {}), /bad island name/);
});
