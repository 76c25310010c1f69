import type { GradConfig, Tensor } from '@spectromix/tensor';
import { ROLL_GROUPS } from '../names.js';
import { rollGroups } from '../ops/roll-groups.js';

/** Gradient of `spectromix.RollGroups`: the same permutation with every shift negated. */
export const rollGroupsGradConfig: GradConfig = {
  kernelName: ROLL_GROUPS,
  gradFunc: (dy, _saved, attrs) => {
    const groups = Number(attrs['groups']);
    const shiftF = (attrs['shiftF'] as number[]).map((s) => -s);
    const shiftT = (attrs['shiftT'] as number[]).map((s) => -s);
    return { x: () => rollGroups(dy as Tensor, { groups, shiftF, shiftT }) };
  },
};
