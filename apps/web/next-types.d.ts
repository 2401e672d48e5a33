// Next's ambient types (CSS modules, images) for `tsc` on a checkout without the generated next-env.d.ts.
/// <reference types="next" />
