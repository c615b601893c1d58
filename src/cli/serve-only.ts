import { runCli } from './run.ts';

runCli(async () => {
  const { serve } = await import('./serve.ts');
  await serve();
  return undefined;
});
