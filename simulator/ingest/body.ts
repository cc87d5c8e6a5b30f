import { PosError } from "../domain/errors.ts";

/**
 * The JSON body of a push, refused the way a picky ingest API would: not JSON → 415, larger
 * than `max` bytes → 413 (without reading past the limit), not UTF-8 or not parseable → 400.
 */
export async function readJson(req: Request, max: number): Promise<unknown> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type))
    throw new PosError("UNSUPPORTED_MEDIA_TYPE", `content-type must be application/json, not '${type}'`, {
      invalidParams: [{ name: "header.content-type", reason: `'${type}' is not application/json` }],
    });
  const tooLarge = () => new PosError("PAYLOAD_TOO_LARGE", `the body is larger than ${max} bytes`);
  if (Number(req.headers.get("content-length")) > max) throw tooLarge();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = req.body?.getReader();
  for (;;) {
    const chunk = await reader?.read();
    if (!chunk || chunk.done) break;
    size += chunk.value.byteLength;
    if (size > max) {
      await reader?.cancel();
      throw tooLarge();
    }
    chunks.push(chunk.value);
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw invalidBody("is not UTF-8 text");
  }
  if (text.trim() === "") throw invalidBody("is empty");
  try {
    return JSON.parse(text);
  } catch (err) {
    throw invalidBody(`is not valid JSON (${(err as Error).message})`);
  }
}

function invalidBody(reason: string): PosError {
  return new PosError("VALIDATION", `the body ${reason}; nothing was stored`, {
    invalidParams: [{ name: "body", reason }],
  });
}
