/**
 * Training throughput of the `spectromix` CLI's step (asm-rh-tiny, forward + loss + backward + Adam + one read of
 * the loss) on each Node backend, against PyTorch on the CPU as the peer, written to the "apps/trainer" section of
 * the root BENCHMARKS.md. Time is process CPU time (the CI machine is shared, so wall time is noisy); WebGPU on
 * Mesa lavapipe runs the GPU emulation on several CPU threads, so its CPU time counts all of them.
 *
 * Usage: pnpm --filter @spectromix/trainer-app bench   (BENCH_STEPS=n to change the measured steps)
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import * as tf from '@spectromix/tensor';
import { createModel } from '@spectromix/asm-rh';
import { Adam, createLoss, trainStep } from '@spectromix/train';
import { selectBackend } from '../src/backend/select.js';

const T = 64;
const B = 16;
const K = 6;
const steps = Number(process.env['BENCH_STEPS'] ?? 5);

interface Row {
  readonly name: string;
  readonly cpuSecondsPerStep: number;
  readonly wallSecondsPerStep: number;
  readonly note: string;
}

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

async function measure(backend: 'cpu' | 'wasm' | 'webgpu', n: number): Promise<Row> {
  const choice = await selectBackend(backend);
  const model = createModel('asm-rh-tiny', { numClasses: K, targetLength: T, seed: 0 });
  const optimizer = new Adam(model.trainableParameters(), { lr: 1e-3, betas: [0.95, 0.999], weightDecay: 5e-7 });
  const loss = createLoss('softmax-ce');
  const params = model.trainableParameters();
  const rng = new tf.SeededRng(0);
  const x = tf.tensor3d(Float32Array.from({ length: B * T * 128 }, () => rng.normal()), [B, T, 128]);
  const y = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(Array.from({ length: B }, (_, i) => i % K), 'int32'), K), 'float32'));
  const step = async (): Promise<void> => {
    const s = trainStep(model, params, optimizer, loss, x, y);
    await s.data();
    s.dispose();
  };
  await step();
  await step();
  const c0 = cpuSeconds();
  const w0 = performance.now();
  for (let i = 0; i < n; i++) await step();
  const row = { name: `spectromix ${backend}`, cpuSecondsPerStep: (cpuSeconds() - c0) / n, wallSecondsPerStep: (performance.now() - w0) / 1000 / n, note: `${n} steps; ${choice.details['device'] ?? ''}${choice.details['patchedKernels'] != null ? `patched wasm kernels: ${String(choice.details['patchedKernels'])}` : ''}` };
  [x, y].forEach((t) => t.dispose());
  optimizer.dispose();
  model.dispose();
  process.stderr.write(`${row.name}: ${(B / row.cpuSecondsPerStep).toFixed(1)} samples/CPU-s\n`);
  return row;
}

function torchPeer(n: number): Row | undefined {
  const script = fileURLToPath(new URL('./torch_train_step.py', import.meta.url));
  const run = spawnSync('/usr/bin/python3', [script, String(T), String(B), String(K), String(n)], { encoding: 'utf8' });
  if (run.status !== 0) {
    process.stderr.write(`PyTorch peer skipped: ${run.stderr.slice(-500)}\n`);
    return undefined;
  }
  const r = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as { torch: string; cpuSecondsPerStep: number; wallSecondsPerStep: number };
  return { name: `PyTorch ${r.torch} CPU, 1 thread`, cpuSecondsPerStep: r.cpuSecondsPerStep, wallSecondsPerStep: r.wallSecondsPerStep, note: `${n} steps; the reference model of packages/asm-rh/scripts/asm_rh_torch.py` };
}

const rows: Row[] = [];
rows.push(await measure('wasm', steps));
rows.push(await measure('webgpu', Math.max(2, Math.ceil(steps / 2))));
rows.push(await measure('cpu', 2));
const peer = torchPeer(steps);
if (peer != null) rows.push(peer);

const wasm = rows[0] as Row;
const table = rows
  .map((r) => `| ${r.name} | ${(B / r.cpuSecondsPerStep).toFixed(1)} | ${(B / r.wallSecondsPerStep).toFixed(1)} | ${(wasm.cpuSecondsPerStep / r.cpuSecondsPerStep).toFixed(2)}x | ${r.note} |`)
  .join('\n');
const section = `## apps/trainer (spectromix CLI)

Training step of asm-rh-tiny (T = ${T} frames, batch ${B}, ${K} classes: forward, cross-entropy, backward, Adam, one
read of the loss), in samples per CPU-second (higher is better) and, for reference, per wall-second on the shared
machine. Machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}; ${new Date().toISOString().slice(0, 10)}.
The last column is each row's speed relative to spectromix wasm (the CLI's CPU default).

| implementation | samples / CPU-s | samples / wall-s | vs wasm | notes |
| --- | ---: | ---: | ---: | --- |
${table}

Reading: the CLI picks 'wasm' on machines without a real GPU (\`--backend auto\`) because it is the fastest of the
three Node CPU paths here; WebGPU on lavapipe emulates the GPU on the CPU. On a real GPU (\`--backend webgpu\`) see
the GPU rows of @spectromix/asm-rh. Run it: \`pnpm --filter @spectromix/trainer-app bench\` (BENCH_STEPS=n).
`;
const path = fileURLToPath(new URL('../../../BENCHMARKS.md', import.meta.url));
const text = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
const start = text.indexOf('## apps/trainer (spectromix CLI)');
let next = start < 0 ? -1 : text.indexOf('\n## ', start + 1);
if (next < 0) next = text.length;
const updated = start < 0 ? `${text.trimEnd()}\n\n${section}` : `${text.slice(0, start)}${section}${next < text.length ? `\n${text.slice(next + 1)}` : ""}`;
writeFileSync(path, updated.endsWith('\n') ? updated : `${updated}\n`);
console.log(section);
process.exit(0);
