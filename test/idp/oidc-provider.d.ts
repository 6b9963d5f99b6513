// Minimal typing for the test-only OpenID provider (the package ships no declarations).
declare module "oidc-provider" {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  type Any = any;
  const Provider: Any;
  export default Provider;
  export const errors: Any;
}
