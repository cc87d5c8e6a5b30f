// Pact's native core reports anonymous usage over the network unless told not to; this machine and
// CI reach no such service. Imported first by every Pact test (and set by the scripts).
process.env.PACT_DO_NOT_TRACK = "true";
