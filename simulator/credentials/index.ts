/**
 * What auth/ (the guard, the token endpoint) and faults/ (the token kinds) share about credential
 * mechanisms; it imports nothing of the simulator, so both can.
 */
export { AUTH_MECHANISMS, type AuthMechanism, DEFAULT_TOKEN_PATH } from "./mechanism.ts";
export { TOKEN_LIFETIME_S, TOKEN_OPERATION, type TokenCheck, TokenStore, tokenStore } from "./tokens.ts";
