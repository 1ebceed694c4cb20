/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // No X-Powered-By: nothing to tell a scanner which framework answers (security headers: server/http/exposure.ts).
  poweredByHeader: false,
  // The custom server in server/ hosts Next; these Node-only packages must not be bundled.
  serverExternalPackages: ['ioredis', 'h5wasm', 'pino'],
};

export default nextConfig;
