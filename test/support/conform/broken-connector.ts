// A connector process with one deliberate defect (the breakage named as the first argument),
// serving the driver protocol and the Sinqro webhook intake on $MOCKPOS_CONTROL_PORT: what
// `mockpos conform --connector` starts, as it would start a connector written by anyone.
import { clockFromSetting } from "../../../connector/clock.ts";
import { driverApp } from "../../../connector/driver/server.ts";
import { BREAKAGES, type Breakage, broken } from "../../../connector/engine/broken.ts";
import { Engine } from "../../../connector/engine/index.ts";
import { listen } from "../../../simulator/server.ts";

const breakage = process.argv[2] as Breakage;
if (!(breakage in BREAKAGES)) {
  process.stderr.write(`broken-connector: name a breakage: ${Object.keys(BREAKAGES).join(", ")}\n`);
  process.exit(2);
}
const engine = new Engine({ clock: (setting) => clockFromSetting(setting), broken: broken(breakage) });
const app = driverApp(engine);
const intake = engine.webhookHandler("sinqro");
app.post("/webhooks/sinqro", (c) => intake(c.req.raw));
const server = await listen(
  { fetch: (request: Request) => app.fetch(request) },
  { port: Number(process.env.MOCKPOS_CONTROL_PORT) },
);
process.stdout.write(`broken-connector (${breakage}) on ${server.url}\n`);
const stop = () => {
  void engine
    .stop()
    .then(() => server.close())
    .then(() => process.exit(0));
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
