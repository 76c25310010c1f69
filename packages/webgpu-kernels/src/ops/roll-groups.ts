import type { Tensor } from '@spectromix/tensor';
import { hasKernel, runKernel } from '../dispatch.js';
import { KernelShapeError } from '../errors.js';
import { ROLL_GROUPS } from '../names.js';
import { rollGroupsComposite } from '../reference/composites.js';
import { requireFloat32 } from './validate.js';

/** Per-group circular shifts of a `[B, F, T, D]` tensor whose channels are split into `groups` equal groups. */
export interface RollGroupsSpec {
  /** Number of contiguous channel groups (C in the ASM-RH model contract, docs/asm-rh.md); must divide D. */
  readonly groups: number;
  /** Shift of group g along F (axis 1); missing entries are 0. */
  readonly shiftF: readonly number[];
  /** Shift of group g along T (axis 2); missing entries are 0. */
  readonly shiftT: readonly number[];
}

/**
 * The Roll-Time shifts of block l (model contract, docs/asm-rh.md section 3): group 0 rolls along t by -s, group 1 along t by +s,
 * group 2 along f by -s, group 3 along f by +s, the other groups stay.
 * @param shift `s_l = 1 + floor(l * C_a / L)`.
 * @param groups C, 16 in ASM-RH.
 */
export function rollTimeSpec(shift: number, groups = 16): RollGroupsSpec {
  if (!Number.isInteger(shift)) throw new KernelShapeError('rollTimeSpec', `shift is ${shift}; expected an integer.`);
  if (!Number.isInteger(groups) || groups < 4) throw new KernelShapeError('rollTimeSpec', `groups is ${groups}; Roll-Time needs at least 4 groups.`);
  return { groups, shiftF: [0, 0, -shift, shift], shiftT: [-shift, shift, 0, 0] };
}

/**
 * Rolls each channel group of `x: [B, F, T, D]` with torch.roll semantics (`out[i] = in[(i - k) mod n]`)
 * along F and T. On WebGPU one gather pass (an index remap, no slices or concats); its gradient is the
 * inverse roll. Elsewhere tfjs slices and concats.
 */
export function rollGroups(x: Tensor, spec: RollGroupsSpec): Tensor {
  requireFloat32('rollGroups', 'x', x);
  if (x.shape.length !== 4) throw new KernelShapeError('rollGroups', `x has shape [${x.shape.join(', ')}]; expected [B, F, T, D].`);
  const d = x.shape[3] as number;
  const { groups } = spec;
  if (!Number.isInteger(groups) || groups < 1 || d % groups !== 0) {
    throw new KernelShapeError('rollGroups', `groups is ${groups}, which does not divide D = ${d}; choose a divisor of D (ASM-RH uses 16).`);
  }
  const all = [...spec.shiftF, ...spec.shiftT];
  if (spec.shiftF.length > groups || spec.shiftT.length > groups || !all.every(Number.isInteger)) {
    throw new KernelShapeError('rollGroups', `shifts must be integers, at most one per group (${groups}).`);
  }
  const shiftF = Array.from({ length: groups }, (_, g) => spec.shiftF[g] ?? 0);
  const shiftT = Array.from({ length: groups }, (_, g) => spec.shiftT[g] ?? 0);
  if (hasKernel(ROLL_GROUPS)) return runKernel(ROLL_GROUPS, { x }, { groups, shiftF, shiftT });
  return rollGroupsComposite(x, groups, shiftF, shiftT);
}
