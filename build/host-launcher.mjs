// Runs the browser host as a child process and starts it again when it dies unexpectedly (a crash,
// an out-of-memory kill), so that an open page reconnects by itself. One token for every start
// and the port the first start got, so the address the user opened stays valid.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import readline from 'node:readline';

/** The host arguments without any --port, and the port they asked for ('0': any free one). */
export function takePort(args) {
  const rest = [];
  let port = '0';
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--port') port = args[++i] ?? port;
    else if (a.startsWith('--port=')) port = a.slice('--port='.length);
    else rest.push(a);
  }
  return { rest, port };
}

/** At most `max` restarts within any `windowMs`: take() answers the restart's number, or 0 once spent. */
function restartBudget(max, windowMs) {
  const times = [];
  return {
    take(now = Date.now()) {
      while (times.length > 0 && now - times[0] > windowMs) times.shift();
      if (times.length >= max) return 0;
      times.push(now);
      return times.length;
    },
  };
}

/** The READY addresses seen so far, and promises for the n-th one. */
function readyLog() {
  const urls = [];
  const waiters = [];
  return {
    count: () => urls.length,
    seen(url) {
      urls.push(url);
      for (const w of waiters.splice(0)) {
        if (urls.length >= w.n) w.resolve(urls[w.n - 1]);
        else waiters.push(w);
      }
    },
    nth(n) {
      if (urls.length >= n) return Promise.resolve(urls[n - 1]);
      return new Promise((resolve) => waiters.push({ n, resolve }));
    },
  };
}

/** Supervises the host; see host-launcher.d.mts for the options and what it returns. */
export function superviseHost(options) {
  const print = options.print ?? ((line) => console.log(line));
  const printError = options.printError ?? ((line) => console.error(line));
  const delayMs = options.restartDelayMs ?? 1000;
  const maxRestarts = options.maxRestarts ?? 5;
  const windowMs = options.windowMs ?? 60_000;
  const budget = restartBudget(maxRestarts, windowMs);
  const readies = readyLog();
  // Handed down by environment: argv is visible to every user in the process list.
  const token = randomBytes(24).toString('base64url');
  const taken = takePort(options.args);
  let port = taken.port;
  let child;
  let timer;
  let stopping = false;
  let finish;
  const exited = new Promise((resolve) => (finish = resolve));

  const onReady = (url) => {
    port = new URL(url).port;
    readies.seen(url);
    if (readies.count() === 1)
      print('Clinic Workstation is running: open the READY address above in your browser (Ctrl-C to stop).');
    else print('The host is running again on the same address: open pages reconnect by themselves.');
  };

  const onExit = (code, signal) => {
    child = undefined;
    if (stopping || code === 0) return finish(code ?? (signal ? 1 : 0));
    // A host that never started (bad arguments, a missing renderer, a locked database) would
    // fail the same way again: its own message says why, and the launcher stops.
    if (readies.count() === 0) return finish(code ?? 1);
    const why = signal ? `killed by ${signal}` : `exit code ${code}`;
    const restart = budget.take();
    if (restart === 0) {
      printError(
        `The host stopped unexpectedly (${why}) ${maxRestarts + 1} times within ${windowMs / 1000} s: not restarting it again.`,
      );
      return finish(code ?? 1);
    }
    printError(
      `The host stopped unexpectedly (${why}): restarting it in ${delayMs} ms on port ${port} (restart ${restart} of at most ${maxRestarts} per ${windowMs / 1000} s).`,
    );
    timer = setTimeout(start, delayMs);
  };

  const start = () => {
    timer = undefined;
    if (stopping) return finish(0);
    const argv = [...options.command, ...taken.rest, '--port', port];
    const env = { ...process.env, ...options.env, CLINIC_HOST_TOKEN: token };
    const c = spawn(process.execPath, argv, { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child = c;
    readline.createInterface({ input: c.stdout }).on('line', (line) => {
      print(line);
      const m = /^READY (\S+)/.exec(line);
      if (m) onReady(m[1]);
    });
    readline.createInterface({ input: c.stderr }).on('line', printError);
    c.on('error', (err) => {
      printError(`could not start the host: ${err.message}`);
      if (child === c) child = undefined;
      finish(1);
    });
    // 'close', not 'exit': the host's last lines (its READY among them) have been read by then.
    c.on('close', (code, signal) => onExit(code, signal));
  };
  start();

  return {
    exited,
    child: () => child,
    ready: (n = 1) => readies.nth(n),
    stop(signal = 'SIGTERM') {
      stopping = true;
      if (timer) clearTimeout(timer);
      if (child) {
        const c = child;
        c.kill(signal);
        // The host closes its database on SIGINT/SIGTERM; one that hangs is not left behind.
        const force = setTimeout(() => c.kill('SIGKILL'), options.stopTimeoutMs ?? 15_000);
        c.once('close', () => clearTimeout(force));
      } else finish(0);
      return exited;
    },
  };
}
