# Lantern, production image. Build: docker build -t lantern .
# The scan simulator (docker-compose's demo profile) is a target of its own: docker build --target simulator .
FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 (the scan catalogue) compiles its native module when no prebuilt binary is reachable.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# Both compiled to plain JavaScript, then the devDependencies (tsx, TypeScript, the simulator's commander
# and ulid, bundled into it) are pruned.
RUN npm run build && npm run build:simulator && npm prune --omit=dev

# The scan simulator, for a try-out without a beamline: its compiled file and the production modules.
FROM node:20-bookworm-slim AS simulator
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/build/simulator ./build/simulator
USER node
ENTRYPOINT ["node", "--enable-source-maps", "build/simulator/cli.mjs"]

# Lantern (the last stage: what `docker build .` makes).
FROM node:20-bookworm-slim
ENV NODE_ENV=production PORT=3000 HOST=0.0.0.0 LANTERN_DATA_DIR=/var/lib/lantern
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
# Production modules as built above (the compiled catalogue module included): no compiler in this image.
COPY --from=build /app/node_modules ./node_modules
# The scan catalogue (SQLite): a volume, so that it outlives the container.
RUN mkdir -p /var/lib/lantern && chown node:node /var/lib/lantern
VOLUME /var/lib/lantern
COPY --from=build /app/.next ./.next
COPY --from=build /app/public ./public
COPY --from=build /app/next.config.mjs ./
COPY --from=build /app/build/server ./build/server
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:3000/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "--enable-source-maps", "build/server/main.mjs"]
