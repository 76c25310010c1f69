/** Kernel names of the spectromix ops (namespaced so they never collide with tfjs's). */
export const LINEAR = 'spectromix.Linear';
export const LAYER_NORM = 'spectromix.LayerNorm';
export const LAYER_NORM_GRAD = 'spectromix.LayerNormGrad';
export const LAYER_NORM_GAMMA_GRAD = 'spectromix.LayerNormGammaGrad';
export const BIAS_GELU = 'spectromix.BiasGelu';
export const GELU = 'spectromix.Gelu';
export const BIAS_GELU_GRAD = 'spectromix.BiasGeluGrad';
export const BIAS_GELU_BIAS_GRAD = 'spectromix.BiasGeluBiasGrad';
export const COLUMN_SUM = 'spectromix.ColumnSum';
export const ROLL_GROUPS = 'spectromix.RollGroups';
export const ADAM_MOMENTS = 'spectromix.AdamMoments';
export const ADAM_PARAM = 'spectromix.AdamParam';
export const LAYER_NORM_SKIP = 'spectromix.LayerNormSkip';
export const ROW_SUM = 'spectromix.RowSum';
export const ROLLED_LINEAR = 'spectromix.RolledLinear';
export const ROLL_REMAP_MATMUL = 'spectromix.RollRemapMatMul';
export const MATMUL_SUM_BATCH = 'spectromix.MatMulSumBatch';
