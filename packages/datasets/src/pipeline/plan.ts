import { SeededRng } from '@spectromix/tensor';
import { sampleBeta } from './beta.js';
import { mixSeeds } from './seeds.js';

/** Everything that decides one batch, as plain data (it crosses to the assembler thread). */
export interface BatchPlan {
  /** Epoch index. */
  epoch: number;
  /** Batch index in the epoch. */
  index: number;
  /** Store rows of the examples. */
  rows: Int32Array;
  /** Mixup partner row of each example, -1 for none. */
  partners: Int32Array;
  /** Mixup weight of each example's own features (1 without mixup). */
  lambdas: Float64Array;
  /** Seed of the per-example augmentation draws (SpecAugment, noise, time roll). */
  seed: number;
  /** With perturbed copies: the copy (index into the pipeline's variant stores) of each example and of its partner (-1 without one). */
  variants?: { own: Int32Array; partner: Int32Array };
}

/** What the planner needs. */
export interface PlannerOptions {
  /** Rows the pipeline draws from. */
  pool: Int32Array;
  /** Label index of every store row. */
  labels: Int32Array;
  batchSize: number;
  shuffle: boolean;
  balanced: boolean;
  dropLast: boolean;
  seed: number;
  mixup?: { alpha: number; prob: number };
  /** Number of perturbed copies each example draws from per epoch (absent or 0: none). */
  variantCount?: number;
}

/**
 * Decides the order of every epoch and the contents of every batch from (seed, epoch, batch index) alone, so
 * any batch can be rebuilt without replaying the ones before it.
 */
export class EpochPlanner {
  /** Batches per epoch. */
  readonly batchesPerEpoch: number;
  private cached: { epoch: number; order: Int32Array } | undefined;
  private readonly byClass: Int32Array[];

  constructor(private readonly o: PlannerOptions) {
    const n = o.pool.length;
    this.batchesPerEpoch = o.dropLast ? Math.floor(n / o.batchSize) : Math.ceil(n / o.batchSize);
    const groups = new Map<number, number[]>();
    for (const row of o.pool) {
      const label = o.labels[row] as number;
      const list = groups.get(label);
      if (list) list.push(row);
      else groups.set(label, [row]);
    }
    this.byClass = [...groups.keys()].sort((a, b) => a - b).map((k) => Int32Array.from(groups.get(k) as number[]));
  }

  /** The rows of epoch `epoch` in drawing order. */
  order(epoch: number): Int32Array {
    if (this.cached?.epoch === epoch) return this.cached.order;
    const { pool } = this.o;
    let order: Int32Array;
    const rng = new SeededRng(mixSeeds(this.o.seed, epoch, 0x0e0));
    if (this.o.balanced) {
      order = new Int32Array(pool.length);
      for (let i = 0; i < order.length; i++) {
        const members = this.byClass[rng.int(this.byClass.length)] as Int32Array;
        order[i] = members[rng.int(members.length)] as number;
      }
    } else if (this.o.shuffle) {
      order = Int32Array.from(rng.shuffle(Array.from(pool)));
    } else {
      order = pool;
    }
    this.cached = { epoch, order };
    return order;
  }

  /** The plan of batch `index` of epoch `epoch`. */
  plan(epoch: number, index: number): BatchPlan {
    const order = this.order(epoch);
    const rows = order.slice(index * this.o.batchSize, Math.min(order.length, (index + 1) * this.o.batchSize));
    const partners = new Int32Array(rows.length).fill(-1);
    const lambdas = new Float64Array(rows.length).fill(1);
    const mixup = this.o.mixup;
    if (mixup) {
      const rng = new SeededRng(mixSeeds(this.o.seed, epoch, index, 0x1));
      for (let k = 0; k < rows.length; k++) {
        if (rng.next() < mixup.prob) {
          partners[k] = this.o.pool[rng.int(this.o.pool.length)] as number;
          lambdas[k] = sampleBeta(mixup.alpha, mixup.alpha, rng);
        }
      }
    }
    const count = this.o.variantCount ?? 0;
    const variants = count > 0 ? { own: rows.map((r) => this.variantOf(epoch, r)), partner: partners.map((r) => (r < 0 ? -1 : this.variantOf(epoch, r))) } : undefined;
    return { epoch, index, rows, partners, lambdas, seed: mixSeeds(this.o.seed, epoch, index, 0x2), ...(variants ? { variants } : {}) };
  }

  /** The perturbed copy row `row` uses in epoch `epoch`: uniform over the copies, from (seed, epoch, row) alone. */
  variantOf(epoch: number, row: number): number {
    return mixSeeds(this.o.seed, epoch, row, 0x3) % (this.o.variantCount as number);
  }
}
