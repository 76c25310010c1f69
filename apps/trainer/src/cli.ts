#!/usr/bin/env node
/**
 * `spectromix`: train, pretrain, evaluate, predict, export, stats and quickstart for ASM-RH audio classifiers.
 * @packageDocumentation
 */
import { Command } from 'commander';
import { reportFailure } from './cli-failure.js';
import { takeVerbose } from './cli-verbose.js';
import pkg from '../package.json' with { type: 'json' };
import { addConfigFlags } from './config/flags.js';
import { trainCommand } from './commands/train.js';
import { quickstartCommand } from './commands/quickstart.js';
import { evaluateCommand } from './commands/evaluate.js';
import { predictCommand } from './commands/predict.js';
import { exportCommand } from './commands/export.js';
import { statsCommand } from './commands/stats.js';
import { kfoldCommand } from './commands/kfold.js';
import { dumpInputsCommand } from './commands/dump-inputs.js';
import { addSweepCommands } from './sweep/commands.js';
import { addPretrainFlags, pretrainCommand } from './commands/pretrain.js';

function program(signal: AbortSignal): Command {
  const cli = new Command('spectromix')
    .description('Train and run ASM-RH audio classifiers from Node: CPU (wasm, cpu) or GPU (WebGPU through Dawn).')
    .version(pkg.version, '-V, --version', 'print the version of spectromix')
    .option('--verbose', 'print stack traces of errors and the native WebGPU (Dawn) start-up messages')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  addConfigFlags(
    cli
      .command('train')
      .description('train a model: defaults -> --recipe -> --config -> flags')
      .option('--fold <n|all>', "fold of a k-fold recipe to run (default: the recipe's), or 'all' for the k-fold mean by AST's rule")
      .option('--resume <checkpoint|run folder>', 'continue a run exactly from its last checkpoint'),
  ).action((opts: Record<string, unknown>) => trainCommand(opts, signal));
  addPretrainFlags(
    cli.command('pretrain').description('self-supervised pretraining of an ASM-RH encoder on unlabelled audio (masked spectrogram patches, as SSAST); fine-tune it with train --init <run>/pretrained.safetensors'),
  ).action((opts: Record<string, unknown>) => pretrainCommand(opts, signal));
  addConfigFlags(cli.command('quickstart').description('train asm-rh-tiny on the embedded dataset (or FSDD with --data) and print the held-out accuracy')).action(
    (opts: Record<string, unknown>) => quickstartCommand(opts, signal),
  );
  cli
    .command('evaluate')
    .description('evaluate an exported model, a run folder or a checkpoint on a dataset split; several models: their ensemble (mean probabilities)')
    .argument('<models...>', 'export folder or .safetensors file, run folder, or checkpoint file (several: models of the same split and fold, e.g. seeds)')
    .option('--data <folder>', 'dataset folder (default: the one the model was trained on)')
    .option('--dataset <kind>', 'dataset kind, when evaluating on another dataset than the training one')
    .option('--subset <name>', 'test | validation | train | all', 'test')
    .option('--backend <name>', 'auto | webgpu | tensorflow | wasm | cpu', 'auto')
    .option('--json', 'print the metrics as JSON')
    .action((models: string[], opts: Record<string, unknown>) => evaluateCommand(models, opts));
  cli
    .command('predict')
    .description('classify audio files or folders: labels and probabilities as JSON or CSV')
    .argument('<model>', 'export folder or .safetensors file (or a run folder)')
    .argument('<inputs...>', 'audio files or folders (searched recursively)')
    .option('--format <format>', 'json | csv', 'json')
    .option('--top <k>', 'probabilities to list per file in JSON (default: all)')
    .option('--output <file>', 'write to a file instead of stdout')
    .option('--strict', 'exit 1 when any input file cannot be decoded (default: skip it with a warning)')
    .option('--backend <name>', 'auto | webgpu | tensorflow | wasm | cpu', 'auto')
    .action((model: string, inputs: string[], opts: Record<string, unknown>) => predictCommand(model, inputs, opts));
  cli
    .command('export')
    .description('export a run or checkpoint for the web demo: weights + config + labels + normalisation + feature settings')
    .argument('<source>', 'run folder or checkpoint file')
    .option('--out <path>', 'output folder (or .safetensors file with --single-file)')
    .option('--single-file', 'write one .safetensors file with the manifest in its metadata')
    .option('--checkpoint <which>', 'best | latest (for a run folder)', 'best')
    .option('--cv <kfold.json>', "write the k-fold runs' numbers (spectromix kfold --out) into the manifest: for a model trained on every speaker (data.split all)")
    .action((source: string, opts: Record<string, unknown>) => exportCommand(source, opts));
  addConfigFlags(cli.command('stats').description('dataset summary: classes, split sizes, normalisation statistics, problems').option('--json', 'print as JSON')).action(
    (opts: Record<string, unknown>) => statsCommand(opts),
  );
  addConfigFlags(
    cli
      .command('dump-inputs')
      .description("write a train run's exact inputs for the PyTorch reference: initial weights and normalised train/validation/test features (--out <folder>)")
      .option('--fold <n|group>', "fold of a k-fold recipe (default: the recipe's)"),
  ).action((opts: Record<string, unknown>) => dumpInputsCommand(opts));
  cli
    .command('kfold')
    .description("combine folds trained separately (train --fold <n>) into the k-fold result by AST's rule")
    .argument('<runs...>', 'run folders of the folds (each with result.json)')
    .option('--out <file>', 'where to write the JSON result (default: kfold.json beside the first run)')
    .action((runs: string[], opts: Record<string, unknown>) => kfoldCommand(runs, opts));
  addSweepCommands(cli, signal);
  return cli;
}

async function main(): Promise<void> {
  const controller = new AbortController();
  let interrupts = 0;
  process.on('SIGINT', () => {
    interrupts += 1;
    if (interrupts > 1) process.exit(130);
    process.stderr.write('\nInterrupt: finishing the current step and writing a checkpoint (press Ctrl-C again to quit now).\n');
    controller.abort();
  });
  // --verbose may stand anywhere on the command line (before or after the command).
  const { argv, verbose } = takeVerbose(process.argv);
  try {
    await program(controller.signal).parseAsync(argv);
    process.exit(0);
  } catch (error) {
    process.exit(reportFailure(error, verbose));
  }
}

await main();
