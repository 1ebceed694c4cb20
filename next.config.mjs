/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // The custom server in server/ hosts Next; these Node-only packages must not be bundled.
  serverExternalPackages: ['ioredis', 'h5wasm', 'pino'],
};

export default nextConfig;
