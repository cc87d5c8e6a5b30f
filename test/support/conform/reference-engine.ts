// What `mockpos conform --in-process` imports: a module whose default export is an engine factory.
import { referenceEngine } from "../../../conformance/engines.ts";

export default referenceEngine;
