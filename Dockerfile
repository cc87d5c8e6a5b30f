# mockpos as a container: `mockpos serve` on every dialect's port, configured with MOCKPOS_*
# variables. The base is a build argument so an image builds on the official Node 24 slim image
# or on a local equivalent where no registry is reachable (scripts/docker-base.sh).
#
#   docker build -t mockpos .                                   # from the registry
#   bash scripts/docker-image.sh                                # no registry inside docker build
ARG BASE=node:24-slim

FROM ${BASE} AS build
WORKDIR /src
COPY . .
# A context made by scripts/docker-image.sh holds the production tree ready in prebuilt/
# (built on the host, production dependencies from the lock file); the repository as context
# is built here: every dependency to compile, then only the production ones kept.
RUN set -eu; \
    if [ -f prebuilt/package.json ]; then \
      mv prebuilt /app; \
    else \
      npm ci --no-audit --no-fund --ignore-scripts; \
      bash scripts/build.sh /app/dist; \
      cp package.json package-lock.json /app/; \
      cd /app && npm ci --omit=dev --no-audit --no-fund --ignore-scripts; \
    fi; \
    rm -f /app/package-lock.json; \
    node -e 'for (const d of ["vitest", "typescript", "@biomejs"]) if (require("fs").existsSync("/app/node_modules/" + d)) throw new Error(d + " is a dev dependency")'

FROM ${BASE}
ENV NODE_ENV=production \
    MOCKPOS_HOST=0.0.0.0 \
    MOCKPOS_PORT=8080 \
    MOCKPOS_ELYX_PORT=8082 \
    MOCKPOS_SINQRO_PORT=8083
WORKDIR /app
# Owned by root, run as `node`: the server cannot rewrite its own code.
COPY --from=build /app /app
RUN ln -s /app/dist/bin/mockpos.js /usr/local/bin/mockpos && mockpos --help >/dev/null
USER node
# generic (and the admin API, console, docs), Elyx-style, Sinqro-style. Per-location topologies
# listen on MOCKPOS_LOCATION_PORT_BASE + 1000 × dialect + location: publish those you use.
EXPOSE 8080 8082 8083
# No curl in a slim image: node asks the admin API on the main port.
HEALTHCHECK --interval=5s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.MOCKPOS_PORT}/__health`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node is PID 1 and handles SIGTERM itself: listeners closed, exit 0.
STOPSIGNAL SIGTERM
ENTRYPOINT ["mockpos", "serve"]
