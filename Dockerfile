# syntax=docker/dockerfile:1
# sahelwatch as a container: `docker compose up -d` (see docker-compose.yml), or
#   docker build -t sahelwatch . && docker run -e REDIS_URL=redis://… -p 8080:8080 sahelwatch

# 1. Build: every dependency, TypeScript compiled to dist/.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Scripts off: `prepare` would build before the sources are here; the build is the next step.
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY workers ./workers
# The build also snapshots the gazetteer from data/ (dist/src/extraction/gazetteer-snapshot.json).
COPY data ./data
RUN npm run build

# 2. Run: production dependencies only, the compiled build and the data it reads.
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    # The console must listen on the container's interface for a published port to reach it;
    # protect it with SAHELWATCH_HTTP_TOKEN or SAHELWATCH_HTTP_USER/PASSWORD.
    SAHELWATCH_HTTP_HOST=0.0.0.0 \
    SAHELWATCH_HTTP_PORT=8080
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: no TypeScript here to run `prepare`; dist/ comes from the build stage.
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY data ./data
COPY indicators ./indicators
COPY web ./web
COPY examples ./examples
COPY sahelwatch.yaml ./
# Not root: the image's `node` user (uid 1000) owns nothing but what it writes (outbox/, and the
# embedded record in data/db unless DATABASE_URL names a PostgreSQL server).
RUN mkdir -p outbox data/db && chown node:node outbox data/db
USER node
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.SAHELWATCH_HTTP_PORT || 8080}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Exec form: node is PID 1 and receives `docker stop`'s SIGTERM itself (it handles SIGTERM and
# SIGINT: running jobs finish within 25 s). No shell in between.
ENTRYPOINT ["node", "--max-old-space-size=512", "--max-semi-space-size=4", "bin/sahelwatch.js"]
CMD ["start"]
