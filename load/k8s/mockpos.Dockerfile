# The simulator as an image, for the shards of load/k8s/shards.yaml: Node 24 runs the TypeScript
# sources as they are (type stripping), with the runtime dependencies only. From the repository root:
#   docker build -f load/k8s/mockpos.Dockerfile -t <registry>/mockpos:<tag> .
FROM node:24-slim
WORKDIR /mockpos
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts
COPY bin/ bin/
COPY contracts/ contracts/
COPY simulator/ simulator/
COPY scenarios/ scenarios/
COPY connector/ connector/
COPY conformance/ conformance/
COPY verify/ verify/
COPY pact/ pact/
USER node
ENTRYPOINT ["node", "bin/mockpos.ts"]
CMD ["serve", "--host", "0.0.0.0"]
