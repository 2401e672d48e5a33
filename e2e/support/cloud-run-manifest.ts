import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@rehearse/local-stack';
import { parse as parseYaml } from 'yaml';

/** Cloud Run sends SIGKILL this long after SIGTERM (its container contract; not settable for a service). */
export const CLOUD_RUN_SHUTDOWN_MS = 10_000;

/** The literal variables of a Cloud Run manifest under deploy/cloudrun (placeholders and secrets are the test's to set). */
export function manifestEnv(manifest: string): Record<string, string> {
  const service = parseYaml(readFileSync(join(repoRoot, manifest), 'utf8')) as {
    spec: { template: { spec: { containers: Array<{ env: Array<{ name: string; value?: string }> }> } } };
  };
  const entries = service.spec.template.spec.containers[0]?.env ?? [];
  return Object.fromEntries(
    entries.flatMap(({ name, value }) =>
      value === undefined || value.includes('${') ? [] : [[name, value]],
    ),
  );
}

/** What the agent's manifest sets for stopping: its drain and job shutdown timeouts. */
export function agentManifestStopSettings(): Record<string, string> {
  const env = manifestEnv('deploy/cloudrun/agent.yaml');
  const settings: Record<string, string> = {};
  for (const name of ['AGENT_DRAIN_TIMEOUT_MS', 'AGENT_SHUTDOWN_TIMEOUT_MS']) {
    const value = env[name];
    if (!value) throw new Error(`deploy/cloudrun/agent.yaml sets no ${name}`);
    settings[name] = value;
  }
  return settings;
}
