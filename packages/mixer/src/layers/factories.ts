import type { Module } from '../module.js';
import type { PatchGrid } from '../grid.js';
import { Mlp } from './mlp.js';
import { LayerNorm } from './layer-norm.js';
import { gelu, type ActFactory } from './activations.js';

/** Makes a layer for an axis of `features` (an MLP for N tokens or D channels, a norm for D). */
export type LayerFactory = (features: number) => Module;

/** What a block's branch factories (hermit, roll) receive. */
export interface BlockGeometry {
  /** Embedding width D. */
  readonly dim: number;
  /** Patch grid (F', T'). */
  readonly grid: PatchGrid;
}

/** Makes a block branch (e.g. {@link HermitFrequencyMixing} or {@link RollTime}) for a block's geometry. */
export type BranchFactory = (geometry: BlockGeometry) => Module;

/**
 * An {@link Mlp} factory with a fixed hidden width: `mlpFactory(384)` maps N tokens as `N -> 384 -> N`.
 * @param hiddenFeatures hidden width (D_S for token MLPs, D_C for channel MLPs).
 * @param act activation factory (default exact GELU).
 */
export function mlpFactory(hiddenFeatures: number, act: ActFactory = gelu): LayerFactory {
  return (features) => new Mlp({ inFeatures: features, hiddenFeatures, act });
}

/** A {@link LayerNorm} factory with the given epsilon (default 1e-6, the Mixers' value). */
export function layerNormFactory(eps = 1e-6): LayerFactory {
  return (features) => new LayerNorm(features, eps);
}
