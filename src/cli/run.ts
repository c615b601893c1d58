/** Runs a command-line entry point: failures print one line and set the exit code, never a stack trace. */
export function runCli(main: () => Promise<number | undefined>): void {
  main().then(
    (exitCode) => {
      if (exitCode !== undefined) process.exitCode = exitCode;
    },
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`error: ${message.split('\n')[0]}\n`);
      process.exitCode = 1;
    },
  );
}
