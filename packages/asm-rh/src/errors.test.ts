import { expect, it } from 'vitest';
import * as tf from '@spectromix/tensor';
import { describeBackends } from '@spectromix/tensor/testing';
import { SafetensorsError } from '@spectromix/tensor/codecs';
import { createModel } from './create.js';
import { AsmRhConfigError, AsmRhError, AsmRhInputError, UnknownPresetError, WeightsMismatchError } from './errors.js';
import { fixtureWeights } from './testing/fixtures.js';

const MINI = { dim: 32, depth: 3, tokenMlpDim: 16, channelMlpDim: 48 };

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

// Validation happens before any kernel runs, so one backend suffices.
describeBackends('ASM-RH bad input', () => {
  it('rejects unknown presets and invalid options, saying what is expected', () => {
    const unknown = thrown(() => createModel('asm-rh-huge' as 'asm-rh-tiny', { numClasses: 2, targetLength: 128 }));
    expect(unknown).toBeInstanceOf(UnknownPresetError);
    expect(unknown.message).toContain('asm-rh-base, asm-rh-small, asm-rh-tiny');
    const short = thrown(() => createModel('asm-rh-tiny', { numClasses: 2, targetLength: 25 }));
    expect(short).toBeInstanceOf(AsmRhConfigError);
    expect(short.message).toMatch(/targetLength 25 gives T' = 1 time patch\(es\).*needs T' >= 2, so targetLength must be at least 26/);
    expect(thrown(() => createModel('asm-rh-tiny', { numClasses: 2, targetLength: 10 })).message).toContain("T' = 0");
    const width = thrown(() => createModel({ ...MINI, dim: 40 }, { numClasses: 2, targetLength: 26 }));
    expect(width).toBeInstanceOf(AsmRhConfigError);
    expect(width.message).toContain('embedding width dim = 40 is not divisible by rollGroups = 16');
    createModel({ ...MINI, dim: 40 }, { numClasses: 2, targetLength: 26, roll: false }).dispose(); // no roll, no constraint
    expect(thrown(() => createModel('asm-rh-tiny', { numClasses: 0, targetLength: 128 })).message).toBe('numClasses must be a positive integer, got 0.');
    expect(thrown(() => createModel('asm-rh-tiny', { numClasses: 2, targetLength: 128, dropPath: 1 }))).toBeInstanceOf(AsmRhConfigError);
  });

  it('rejects inputs of the wrong rank, mel count or length, naming the dimension', () => {
    const model = createModel(MINI, { numClasses: 2, targetLength: 36, seed: 0 });
    const cases: [number[], RegExp][] = [
      [[36, 128], /the rank is 2 \(shape \[36, 128\]\), expected 3 \(\[batch, 36 frames, 128 mel bins\]\)\. Add a batch axis/],
      [[1, 36, 64], /axis 2 \(mel bins\) is 64, expected 128\./],
      [[1, 128, 36], /axis 2 \(mel bins\) is 36, expected 128\..*looks transposed/],
      [[1, 40, 128], /axis 1 \(frames\) is 40, expected targetLength 36\. Pad with zero frames/],
    ];
    for (const [shape, message] of cases) {
      const x = tf.zeros(shape);
      const error = thrown(() => model.forward(x));
      expect(error).toBeInstanceOf(AsmRhInputError);
      expect(error.message).toMatch(message);
      x.dispose();
    }
    model.dispose();
  });

  it('rejects weights of another preset, length or ablation, naming tensors and shapes, and loads nothing', async () => {
    const tinyWeights = fixtureWeights('tiny-t128'); // asm-rh-tiny, T = 128, 10 classes
    const model = createModel('asm-rh-tiny', { numClasses: 10, targetLength: 100, seed: 0 });
    const before = await (model.parameters().get('patch_embed.proj.weight') as tf.Variable).data();
    const length = thrown(() => model.loadWeights(tinyWeights));
    expect(length).toBeInstanceOf(WeightsMismatchError);
    expect(length.message).toContain("tensor 'blocks.0.mlp_tokens.fc1.weight' has shape [64, 144], expected [64, 108]");
    expect(length.message).toContain("tensor 'blocks.0.hermit.filter' has shape [12, 128], expected [9, 128]");
    expect((length as WeightsMismatchError).mismatched.length).toBe(4 * 4);
    expect(await (model.parameters().get('patch_embed.proj.weight') as tf.Variable).data()).toEqual(before);
    model.dispose();

    const mini = createModel(MINI, { numClasses: 10, targetLength: 128, seed: 0 });
    const preset = thrown(() => mini.loadWeights(tinyWeights)) as WeightsMismatchError;
    expect(preset.message).toContain("tensor 'patch_embed.proj.weight' has shape [128, 1, 16, 16], expected [32, 1, 16, 16]");
    expect(preset.unexpected).toContain('blocks.3.norm1.weight');
    mini.dispose();

    const noHermit = createModel(MINI, { numClasses: 4, targetLength: 100, hermit: false, seed: 0 });
    const extra = thrown(() => noHermit.loadWeights(fixtureWeights('mini-t100'))) as WeightsMismatchError;
    expect([...extra.unexpected].sort()).toEqual(['blocks.0.norm2.weight', 'blocks.0.norm2.bias', 'blocks.0.hermit.filter', 'blocks.1.norm2.weight', 'blocks.1.norm2.bias', 'blocks.1.hermit.filter', 'blocks.2.norm2.weight', 'blocks.2.norm2.bias', 'blocks.2.hermit.filter'].sort());
    noHermit.dispose();
    const withHermit = createModel(MINI, { numClasses: 4, targetLength: 100, seed: 0 });
    const missing = thrown(() => withHermit.loadWeights(fixtureWeights('mini-t100-no-hermit'))) as WeightsMismatchError;
    expect(missing.missing).toHaveLength(9);
    expect(missing.message).toMatch(/missing 9 tensor\(s\): blocks\.0\.norm2\.weight/);
    withHermit.dispose();
  });

  it('rejects malformed weight files with a SafetensorsError', () => {
    const model = createModel(MINI, { numClasses: 4, targetLength: 100, seed: 0 });
    const bytes = fixtureWeights('mini-t100').slice();
    bytes[8] = 0x5b; // '[' instead of '{'
    expect(thrown(() => model.loadWeights(bytes))).toBeInstanceOf(SafetensorsError);
    expect(thrown(() => model.loadWeights(fixtureWeights('mini-t100').subarray(0, 1000)))).toBeInstanceOf(SafetensorsError);
    model.dispose();
  });
}, ['cpu']);

describeBackends('ASM-RH saveWeights on WebGPU in Node', () => {
  it('explains that synchronous reads are impossible and points to saveWeightsAsync', async () => {
    const model = createModel(MINI, { numClasses: 2, targetLength: 26, seed: 0 });
    const error = thrown(() => model.saveWeights());
    expect(error).toBeInstanceOf(AsmRhError);
    expect(error.message).toContain('saveWeightsAsync');
    expect((await model.saveWeightsAsync()).length).toBeGreaterThan(0);
    model.dispose();
  });
}, ['webgpu']);
