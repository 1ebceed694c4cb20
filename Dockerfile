# Lantern, production image. Build: docker build -t lantern .
FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 (the scan catalogue) compiles its native module when no prebuilt binary is reachable.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

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
# The simulator (demo profile) runs from source with tsx.
COPY --from=build /app/lib ./lib
COPY --from=build /app/scripts ./scripts
COPY --from=build /app/server ./server
COPY --from=build /app/tsconfig.json ./
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:3000/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "--enable-source-maps", "build/server/main.mjs"]
