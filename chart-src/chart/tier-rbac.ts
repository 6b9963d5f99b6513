// The tier RBAC data lives with the tier model in server/auth/tier-rbac.ts (shared with the demo cluster).
export * from "../../server/auth/tier-rbac.ts";
