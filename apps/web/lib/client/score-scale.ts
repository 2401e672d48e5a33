/**
 * The top of the 1–5 score scale (packages/interview MAX_SCORE; a test keeps them equal). Repeated here because
 * the domain's scoring module builds zod schemas at load time, which would pull zod into the report page.
 */
export const MAX_SCORE = 5;
