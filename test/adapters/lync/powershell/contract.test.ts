// The shared LyncBackend contract, run against the PowerShell adapter talking to the fake pwsh
// (the same stdin/stdout protocol as pwsh with the adapter's bootstrap).
import { lyncBackendContract } from '../../../contracts/lync-backend.contract';
import { fakeBackend } from './helpers';

lyncBackendContract('PowerShell (fake pwsh)', async () => {
  const backend = fakeBackend();
  return { backend, cleanup: () => backend.close() };
});
