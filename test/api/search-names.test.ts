import t from "tap";
import { createSearchNames } from "../../server/api/search-names.ts";
import { identityKey } from "../../server/auth/identity.ts";
import type { NameEntry } from "../../server/api/search-names.ts";
import { USERS } from "./harness.ts";

const names = (...ns: string[]): NameEntry[] => ns.map((name) => ({ name, namespace: "shop" }));

t.test("an entry is reused until its time is up, then listed again", async (t) => {
  let now = 0;
  let loads = 0;
  const cache = createSearchNames({ ttlMs: 15_000, clock: () => now });
  const load = async () => (loads++, names(`web-${loads}`));
  t.same(await cache.get("k", load), names("web-1"));
  now = 14_999;
  t.same(await cache.get("k", load), names("web-1"), "still fresh");
  now = 15_000;
  t.same(await cache.get("k", load), names("web-2"), "expired: listed again");
  t.equal(loads, 2);
});

t.test("keys never share entries; concurrent misses share one list; failures are not kept", async (t) => {
  const cache = createSearchNames({ clock: () => 0 });
  let loads = 0;
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const slow = async () => (loads++, await gate, names("a"));
  const both = Promise.all([cache.get("k", slow), cache.get("k", slow)]);
  release();
  t.same(await both, [names("a"), names("a")]);
  t.equal(loads, 1, "one list for two waiting searches");
  t.same(await cache.get("other", async () => names("b")), names("b"));
  await t.rejects(cache.get("failing", async () => Promise.reject(new Error("403"))));
  t.same(await cache.get("failing", async () => names("c")), names("c"), "the failure was not cached");
});

t.test("bounded by the names held: the oldest entries go first", async (t) => {
  const cache = createSearchNames({ maxNames: 5, clock: () => 0 });
  await cache.get("old", async () => names("1", "2", "3"));
  await cache.get("new", async () => names("4", "5", "6"));
  let reloaded = false;
  await cache.get("new", async () => ((reloaded = true), names()));
  t.notOk(reloaded, "the newest entry stayed");
  await cache.get("old", async () => ((reloaded = true), names()));
  t.ok(reloaded, "the oldest entry was dropped to stay within 5 names");
});

t.test("the identity key is what the apiserver sees: users and groups differ; a group with a comma is its own", async (t) => {
  const as = (user: string, groups: string[]) => identityKey({ ...USERS.reader, kube: { user, groups } });
  t.not(identityKey(USERS.reader), identityKey(USERS.writer));
  t.not(as("dana", ["devs"]), as("dana", ["ops"]));
  t.equal(as("dana", ["a", "b"]), as("dana", ["b", "a"]), "group order does not matter");
  t.not(as("dana", ["a,b"]), as("dana", ["a", "b"]), "one group named a,b is not the groups a and b");
  t.not(as("a|b", []), as("a", ["b"]));
});
