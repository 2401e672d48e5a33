import 'server-only';
import { readWebClientEnv, type WebClientConfig, webClientSchema } from '@rehearse/config/web-client';

/**
 * The browser's configuration, read when a page is rendered rather than only when it was built: `next build`
 * inlines literal `process.env.NEXT_PUBLIC_*` reads, so one build could serve only the Auth emulator port it was
 * built with. Reading the environment object through a variable is not inlined; values set only at build time
 * still apply. Only the NEXT_PUBLIC_* names of `webClientSchema` leave the server.
 */
export function webClientConfigAtRuntime(): WebClientConfig {
  const runtimeEnv: Record<string, string | undefined> = process.env;
  const built = readWebClientEnv();
  const merged = Object.fromEntries(
    Object.entries(built).map(([name, builtValue]) => [name, runtimeEnv[name] || builtValue]),
  );
  const result = webClientSchema.safeParse(merged);
  if (result.success) return result.data;
  throw new Error(
    result.error.issues
      .map((issue) => `config error (web client): ${String(issue.path[0])} ${issue.message}`)
      .join('\n'),
  );
}
