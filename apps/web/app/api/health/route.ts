import { healthResponse } from '@rehearse/api-contract';
import { serverConfig } from '@/lib/server/config.ts';
import { pingDatabase } from '@/lib/server/database.ts';
import { clientAddress, enforceLimit } from '@/lib/server/limits.ts';
import { contractResponse, handleRoute } from '@/lib/server/request-context.ts';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** GET /api/health — the process answers. `?deep=1` also runs one query on the database (503 if it cannot). */
export const GET = handleRoute('health', async (context, request) => {
  if (new URL(request.url).searchParams.get('deep') !== '1')
    return contractResponse(context, healthResponse, { ok: true });
  const config = serverConfig();
  await enforceLimit('health-deep:ip', clientAddress(request, config), config, context.log);
  await pingDatabase();
  return contractResponse(context, healthResponse, { ok: true, database: 'ok' });
});
