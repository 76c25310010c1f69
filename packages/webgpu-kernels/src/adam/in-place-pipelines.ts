import { WebGPUKernelsError } from '../errors.js';
import { ADAM_CONSTANTS_SIZE, ADAM_CONSTANTS_STRIDE, adamInPlaceKey, adamInPlaceShader, type AdamInPlaceVariant } from '../programs/adam-in-place-shader.js';

// WebGPU usage and visibility bits (the GPUBufferUsage / GPUShaderStage constants, which Node may not define globally).
const USAGE = { copyDst: 0x0008, uniform: 0x0040, storage: 0x0080 } as const;
const COMPUTE = 0x4;

/** A parameter's bind group (its buffers, the constants table, the scale), valid for one table generation. */
interface ParamGroup {
  readonly moments: GPUBuffer;
  readonly generation: number;
  readonly group: GPUBindGroup;
}

/**
 * What the in-place Adam keeps per device across steps: explicit bind group layouts (so one bind group fits every
 * shader variant), the pipelines by variant, a constants table (one 256-byte slot per parameter, chosen by dynamic
 * offset), a one-value scale buffer, and bind groups cached by buffer: a parameter's (its buffers rarely change)
 * and a gradient's (tfjs's buffer pool hands the same buffers out step after step).
 */
export class AdamInPlaceDeviceState {
  private readonly paramLayout: GPUBindGroupLayout;
  private readonly gradLayout: GPUBindGroupLayout;
  private readonly pipelineLayout: GPUPipelineLayout;
  private readonly pipelines = new Map<string, GPUComputePipeline>();
  private readonly paramGroups = new WeakMap<GPUBuffer, ParamGroup>();
  private readonly gradGroups = new WeakMap<GPUBuffer, Map<number, GPUBindGroup>>();
  private table: GPUBuffer | null = null;
  private tableSlots = 0;
  private generation = 0;
  /** The one-value gradient scale the shader reads (copied from the caller's tensor each scaled step). */
  readonly scale: GPUBuffer;

  /** @param device the backend's device. */
  constructor(readonly device: GPUDevice) {
    const storage = (type: GPUBufferBindingType) => ({ visibility: COMPUTE, buffer: { type } });
    this.paramLayout = device.createBindGroupLayout({
      entries: [
        { binding: 0, ...storage('storage') },
        { binding: 1, ...storage('storage') },
        { binding: 2, visibility: COMPUTE, buffer: { type: 'uniform', hasDynamicOffset: true, minBindingSize: ADAM_CONSTANTS_SIZE } },
        { binding: 3, ...storage('read-only-storage') },
      ],
    });
    this.gradLayout = device.createBindGroupLayout({ entries: [{ binding: 0, ...storage('read-only-storage') }] });
    this.pipelineLayout = device.createPipelineLayout({ bindGroupLayouts: [this.paramLayout, this.gradLayout] });
    this.scale = device.createBuffer({ size: 16, usage: USAGE.storage | USAGE.copyDst });
  }

  /** The compute pipeline of a shader variant (compiled on first use). */
  pipeline(variant: AdamInPlaceVariant): GPUComputePipeline {
    const key = adamInPlaceKey(variant);
    let p = this.pipelines.get(key);
    if (p == null) {
      const module = this.device.createShaderModule({ code: adamInPlaceShader(variant) });
      p = this.device.createComputePipeline({ layout: this.pipelineLayout, compute: { module, entryPoint: 'main' } });
      this.pipelines.set(key, p);
    }
    return p;
  }

  /** Writes the constants of `slots` parameters (256 bytes each) to the table, growing it when needed. */
  writeConstants(data: ArrayBuffer, slots: number): void {
    if (this.table == null || this.tableSlots < slots) {
      this.table?.destroy();
      this.tableSlots = Math.max(slots, 2 * this.tableSlots);
      this.table = this.device.createBuffer({ size: this.tableSlots * ADAM_CONSTANTS_STRIDE, usage: USAGE.uniform | USAGE.copyDst });
      this.generation += 1;
    }
    this.device.queue.writeBuffer(this.table, 0, data, 0, slots * ADAM_CONSTANTS_STRIDE);
  }

  /** The bind group of a parameter of `size` values and its moments (cached while both buffers and the table stay the same). */
  paramGroup(param: GPUBuffer, moments: GPUBuffer, size: number): GPUBindGroup {
    const cached = this.paramGroups.get(param);
    if (cached != null && cached.moments === moments && cached.generation === this.generation) return cached.group;
    const table = this.table;
    if (table == null) throw new WebGPUKernelsError('AdamInPlaceDeviceState: paramGroup() was called before writeConstants(); write the step\'s constants first.');
    const group = this.device.createBindGroup({
      layout: this.paramLayout,
      entries: [
        { binding: 0, resource: { buffer: param, offset: 0, size: 4 * size } },
        { binding: 1, resource: { buffer: moments, offset: 0, size: 8 * size } },
        { binding: 2, resource: { buffer: table, offset: 0, size: ADAM_CONSTANTS_SIZE } },
        { binding: 3, resource: { buffer: this.scale, offset: 0, size: 4 } },
      ],
    });
    this.paramGroups.set(param, { moments, generation: this.generation, group });
    return group;
  }

  /** The bind group of a gradient buffer read as `bytes` bytes (cached by buffer and size). */
  gradGroup(grad: GPUBuffer, bytes: number): GPUBindGroup {
    let bySize = this.gradGroups.get(grad);
    if (bySize == null) {
      bySize = new Map();
      this.gradGroups.set(grad, bySize);
    }
    let group = bySize.get(bytes);
    if (group == null) {
      group = this.device.createBindGroup({ layout: this.gradLayout, entries: [{ binding: 0, resource: { buffer: grad, offset: 0, size: bytes } }] });
      bySize.set(bytes, group);
    }
    return group;
  }
}

const states = new WeakMap<GPUDevice, AdamInPlaceDeviceState>();

/** The state of `device`, made on first use. */
export function adamInPlaceState(device: GPUDevice): AdamInPlaceDeviceState {
  let s = states.get(device);
  if (s == null) {
    s = new AdamInPlaceDeviceState(device);
    states.set(device, s);
  }
  return s;
}
