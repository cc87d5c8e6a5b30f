/** The vendor styles mockpos speaks. */
export const DIALECTS = ["generic", "elyx", "sinqro"] as const;
export type DialectName = (typeof DIALECTS)[number];
