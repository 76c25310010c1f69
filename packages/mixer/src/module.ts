import * as tf from '@spectromix/tensor';
import { MixerError, StateDictError, type ShapeMismatch } from './errors.js';

/**
 * How a parameter appears in a PyTorch state dict when it is kept in another layout here (a `Linear` weight is
 * `[in, out]` here and `[out, in]` in PyTorch). Both functions return new tensors.
 */
export interface TorchLayout {
  /** The parameter's shape in the PyTorch state dict. */
  readonly shape: readonly number[];
  /** Internal layout -> PyTorch layout. */
  toTorch(value: tf.Tensor): tf.Tensor;
  /** PyTorch layout -> internal layout. */
  fromTorch(value: tf.Tensor): tf.Tensor;
}

/**
 * A layout that is a pure axis permutation of the internal one.
 * @param internalShape the shape kept here.
 * @param perm `torchShape[i] = internalShape[perm[i]]`.
 */
export function permutedLayout(internalShape: readonly number[], perm: readonly number[]): TorchLayout {
  const inverse = perm.map((_, i) => perm.indexOf(i));
  return {
    shape: perm.map((p) => internalShape[p] as number),
    toTorch: (value) => tf.transpose(value, [...perm]),
    fromTorch: (value) => tf.transpose(value, inverse),
  };
}

/** Options of {@link Module.registerParameter}. */
export interface ParameterOptions {
  /** PyTorch layout, when it differs from the internal one. */
  readonly layout?: TorchLayout;
  /** Whether optimisers should update it (default true). */
  readonly trainable?: boolean;
}

/** Options of {@link Module.loadStateDict}. */
export interface LoadStateDictOptions {
  /** Throw on missing or unexpected tensors (default true). Shape mismatches always throw. */
  readonly strict?: boolean;
}

/** What {@link Module.loadStateDict} did not use or did not find (empty lists after a strict load). */
export interface LoadStateDictResult {
  /** Names the module has that the state dict lacked (left unchanged). */
  readonly missing: string[];
  /** Names in the state dict the module does not have (ignored). */
  readonly unexpected: string[];
}

interface Parameter {
  readonly variable: tf.Variable;
  readonly layout: TorchLayout | undefined;
}

/** A parameter with its full dotted name, as visited by the traversal. */
interface NamedParameter extends Parameter {
  readonly name: string;
}

/**
 * A layer or model: named parameters (tfjs variables) and named child modules, registered explicitly, so that
 * dotted names (`blocks.0.mlp_tokens.fc1.weight`) match a PyTorch module with the same structure and state
 * dicts can be exchanged with it.
 */
export abstract class Module {
  readonly #parameters = new Map<string, Parameter>();
  readonly #children = new Map<string, Module>();
  readonly #buffers = new Map<string, tf.Tensor>();
  readonly #inlined: Module[] = [];
  #training = true;
  #disposed = false;

  /** Runs the layer. Subclasses may add optional arguments. */
  abstract forward(x: tf.Tensor): tf.Tensor;

  /**
   * Makes `value` a parameter called `name`, taking ownership of `value` (it is disposed; the variable keeps
   * the data).
   * @returns the variable.
   */
  protected registerParameter(name: string, value: tf.Tensor, options: ParameterOptions = {}): tf.Variable {
    try {
      this.#checkFreeName(name);
      if (options.layout != null && tf.util.sizeFromShape([...options.layout.shape]) !== value.size) {
        throw new MixerError(`Parameter '${name}': its PyTorch layout [${options.layout.shape.join(', ')}] does not hold ${value.size} values (shape [${value.shape.join(', ')}]).`);
      }
      const variable = tf.variable(value, options.trainable ?? true);
      this.#parameters.set(name, { variable, layout: options.layout });
      return variable;
    } finally {
      value.dispose();
    }
  }

  /**
   * Keeps a constant tensor (e.g. precomputed gather indices) for the module's lifetime: it survives enclosing
   * `tf.tidy` scopes, is disposed with the module, and is not part of parameters or state dicts (a PyTorch
   * non-persistent buffer). The module takes ownership of `value`.
   * @returns `value`.
   */
  protected registerBuffer<T extends tf.Tensor>(name: string, value: T): T {
    if (this.#buffers.has(name)) this.#buffers.get(name)?.dispose();
    this.#buffers.set(name, tf.keep(value));
    return value;
  }

  /** The buffer registered as `name`, if any. */
  protected buffer(name: string): tf.Tensor | undefined {
    return this.#buffers.get(name);
  }

  /** Makes `module` a child called `name`: its parameters appear as `name.<their names>`. @returns `module`. */
  protected registerModule<M extends Module>(name: string, module: M): M {
    this.#checkFreeName(name);
    this.#children.set(name, module);
    return module;
  }

  /**
   * Adopts `module` without a name level: its parameters and children appear directly under this module's
   * names. Used by thin wrappers (e.g. `TokenMixing` around an MLP) that must not change PyTorch names.
   * @returns `module`.
   */
  protected inline<M extends Module>(module: M): M {
    this.#inlined.push(module);
    return module;
  }

  /** True in training mode (stochastic layers such as DropPath are active). New modules start in training mode. */
  get training(): boolean {
    return this.#training;
  }

  /** Sets training mode on this module and every descendant. @returns this. */
  train(mode = true): this {
    this.#training = mode;
    for (const m of this.#inlined) m.train(mode);
    for (const m of this.#children.values()) m.train(mode);
    return this;
  }

  /** Sets evaluation mode (`train(false)`). @returns this. */
  eval(): this {
    return this.train(false);
  }

  /** Every parameter with its dotted name, in registration order. */
  parameters(): Map<string, tf.Variable> {
    return new Map([...this.#namedParameters('')].map((p) => [p.name, p.variable]));
  }

  /** Trainable parameters only, as `tf.variableGrads` and optimisers want them. */
  trainableParameters(): Map<string, tf.Variable> {
    return new Map([...this.parameters()].filter(([, v]) => v.trainable));
  }

  /** This module (name `''`) and every named descendant, with dotted names. */
  namedModules(): Map<string, Module> {
    const out = new Map<string, Module>();
    const visit = (module: Module, name: string): void => {
      out.set(name, module);
      for (const [childName, child] of module.#namedChildren()) visit(child, name === '' ? childName : `${name}.${childName}`);
    };
    visit(this, '');
    return out;
  }

  /** Number of scalar parameters (trainable or not). */
  numParameters(): number {
    let n = 0;
    for (const v of this.parameters().values()) n += v.size;
    return n;
  }

  /** The PyTorch-layout shape of every parameter, by dotted name. */
  stateDictShapes(): Map<string, number[]> {
    return new Map([...this.#namedParameters('')].map((p) => [p.name, [...(p.layout?.shape ?? p.variable.shape)]]));
  }

  /** Every parameter as a new tensor in PyTorch layout (the caller disposes them). */
  stateDict(): Map<string, tf.Tensor> {
    this.#checkAlive();
    const out = new Map<string, tf.Tensor>();
    for (const p of this.#namedParameters('')) {
      out.set(p.name, tf.tidy(() => (p.layout == null ? tf.clone(p.variable) : p.layout.toTorch(p.variable))));
    }
    return out;
  }

  /**
   * Assigns parameters from a PyTorch-layout state dict. Every problem is collected first and reported in one
   * {@link StateDictError}; nothing is assigned unless the whole load can succeed. The caller keeps `state`.
   * @returns names that were missing or unexpected (always empty lists when `strict`).
   */
  loadStateDict(state: ReadonlyMap<string, tf.Tensor>, options: LoadStateDictOptions = {}): LoadStateDictResult {
    this.#checkAlive();
    const strict = options.strict ?? true;
    const own = [...this.#namedParameters('')];
    const ownNames = new Set(own.map((p) => p.name));
    const missing = own.filter((p) => !state.has(p.name)).map((p) => p.name);
    const unexpected = [...state.keys()].filter((name) => !ownNames.has(name));
    const mismatched: ShapeMismatch[] = [];
    for (const p of own) {
      const given = state.get(p.name);
      const expected = p.layout?.shape ?? p.variable.shape;
      if (given != null && !tf.util.arraysEqual(given.shape, [...expected])) mismatched.push({ name: p.name, expected: [...expected], got: [...given.shape] });
    }
    if (mismatched.length > 0 || (strict && (missing.length > 0 || unexpected.length > 0))) {
      throw new StateDictError(missing, unexpected, mismatched);
    }
    for (const p of own) {
      const given = state.get(p.name);
      if (given == null) continue;
      tf.tidy(() => {
        const value = given.dtype === 'float32' ? given : tf.cast(given, 'float32');
        p.variable.assign(p.layout == null ? value : p.layout.fromTorch(value));
      });
    }
    return { missing, unexpected };
  }

  /** Disposes every parameter of this module and its descendants. The module cannot be used afterwards. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    for (const p of this.#parameters.values()) p.variable.dispose();
    for (const b of this.#buffers.values()) b.dispose();
    this.#buffers.clear();
    for (const m of this.#inlined) m.dispose();
    for (const m of this.#children.values()) m.dispose();
  }

  /** Whether {@link dispose} was called. */
  get isDisposed(): boolean {
    return this.#disposed;
  }

  *#namedChildren(): Generator<[string, Module]> {
    for (const m of this.#inlined) yield* m.#namedChildren();
    yield* this.#children;
  }

  *#namedParameters(prefix: string): Generator<NamedParameter> {
    for (const [name, p] of this.#parameters) yield { name: prefix + name, ...p };
    for (const m of this.#inlined) yield* m.#namedParameters(prefix);
    for (const [name, m] of this.#children) yield* m.#namedParameters(`${prefix}${name}.`);
  }

  #checkFreeName(name: string): void {
    if (name === '' || name.includes('.')) throw new MixerError(`Invalid parameter or module name '${name}': names are non-empty and contain no '.'.`);
    if (this.#parameters.has(name) || this.#children.has(name)) throw new MixerError(`'${name}' is already registered on this ${this.constructor.name}.`);
  }

  #checkAlive(): void {
    if (this.#disposed) throw new MixerError(`This ${this.constructor.name} was disposed; create a new one.`);
  }
}
