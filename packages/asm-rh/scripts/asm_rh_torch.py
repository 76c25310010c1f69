"""PyTorch reference implementation of ASM-RH as the spectromix model contract defines it.

The contract is docs/asm-rh.md (at the repository root); this file follows it line by line and is the reference the TypeScript
package (@spectromix/asm-rh) is tested against: weights saved by either load into the other and give the same
logits. It runs on torch 1.13 (Debian's python3-torch, used for the parity fixtures) and PyTorch 2.x (the GPU
host, where bench/gpu.ts times it). It has no dependency beyond torch: safetensors files are read and written
by the small functions at the end, so the `safetensors` package is not needed.

    from asm_rh_torch import AsmRh, PRESETS, load_safetensors
    model = AsmRh(**PRESETS['asm-rh-tiny'], num_classes=35, target_length=128)
    model.load_state_dict(load_safetensors('weights.safetensors'))
    logits = model(torch.zeros(2, 128, 128))   # [B, T, 128] -> [B, K]

Run as a script for a GPU benchmark (see bench_main):

    python3 asm_rh_torch.py bench --preset asm-rh-base --target-length 512 --batch 32 --modes fp32,tf32,bf16
"""
import argparse
import json
import struct
import sys
import time

import torch
from torch import nn

# Contract section 5 (D, L, D_S, D_C); C = 16 and C_a = 4 for every preset. Keep in step with src/presets.ts.
PRESETS = {
    'asm-rh-base': dict(dim=768, depth=12, token_mlp_dim=384, channel_mlp_dim=3072),
    'asm-rh-small': dict(dim=384, depth=12, token_mlp_dim=192, channel_mlp_dim=1536),
    'asm-rh-tiny': dict(dim=128, depth=4, token_mlp_dim=64, channel_mlp_dim=512),
    # not in the contract: asm-rh-tiny with @spectromix/asm-rh's convolutional stem (patchEmbed 'conv-stem')
    'asm-rh-tiny-conv': dict(dim=128, depth=4, token_mlp_dim=64, channel_mlp_dim=512,
                             patch_embed=dict(kind='conv-stem', channels=[16, 32, 64, 128], kernel_size=3, stride=2)),
}
NUM_MEL_BINS, PATCH_SIZE, PATCH_STRIDE, LN_EPS = 128, 16, 10, 1e-6


def patch_grid(target_length):
    """(F', T') for a [T, 128] spectrogram: floor((n - 16) / 10) + 1 along each axis."""
    return (NUM_MEL_BINS - PATCH_SIZE) // PATCH_STRIDE + 1, (target_length - PATCH_SIZE) // PATCH_STRIDE + 1


class Mlp(nn.Module):
    """fc1 -> exact GELU -> fc2 on the last axis."""

    def __init__(self, in_features, hidden_features):
        super().__init__()
        self.fc1 = nn.Linear(in_features, hidden_features)
        self.act = nn.GELU()
        self.fc2 = nn.Linear(hidden_features, in_features)

    def forward(self, x):
        return self.fc2(self.act(self.fc1(x)))


class PatchEmbed(nn.Module):
    """[B, T, 128] -> [B, N, D]: Conv2d(1, D, 16, stride 10) on [B, 1, 128 (mel = height), T (time = width)]."""

    def __init__(self, dim):
        super().__init__()
        self.proj = nn.Conv2d(1, dim, kernel_size=PATCH_SIZE, stride=PATCH_STRIDE)

    def forward(self, x):
        x = self.proj(x.transpose(1, 2).unsqueeze(1))  # [B, D, F', T']
        return x.flatten(2).transpose(1, 2)  # token n = f * T' + t


class ConvStage(nn.Module):
    """Conv2d(k, stride, padding k // 2, no bias) -> LayerNorm over channels -> exact GELU, on NCHW."""

    def __init__(self, in_channels, out_channels, kernel_size, stride):
        super().__init__()
        self.conv = nn.Conv2d(in_channels, out_channels, kernel_size, stride=stride, padding=kernel_size // 2,
                              bias=False)
        self.norm = nn.LayerNorm(out_channels, eps=LN_EPS)
        self.act = nn.GELU()

    def forward(self, x):
        return self.act(self.norm(self.conv(x).permute(0, 2, 3, 1))).permute(0, 3, 1, 2)


class ConvStem(nn.Module):
    """patch_embed {kind: 'conv-stem'}: conv stages on [B, 1, 128 (mel), T], then each position -> D (proj, a Linear)."""

    def __init__(self, dim, channels, kernel_size, stride):
        super().__init__()
        ins = [1] + list(channels[:-1])
        self.stages = nn.Sequential(*[ConvStage(i, o, kernel_size, stride) for i, o in zip(ins, channels)])
        self.proj = nn.Linear(channels[-1], dim)

    def forward(self, x):
        x = self.stages(x.transpose(1, 2).unsqueeze(1))  # [B, C, F', T']
        return self.proj(x.flatten(2).transpose(1, 2))  # token n = f * T' + t


def conv_stem_grid(target_length, channels, kernel_size, stride):
    """(F', T') after the stages: n -> floor((n + 2 (k // 2) - k) / stride) + 1 per stage."""
    f, t, p = NUM_MEL_BINS, target_length, kernel_size // 2
    for _ in channels:
        f, t = (f + 2 * p - kernel_size) // stride + 1, (t + 2 * p - kernel_size) // stride + 1
    return f, t


class HermitFrequencyMixing(nn.Module):
    """Contract section 3: hfft (n = M = 2(T'-1), ortho) along t, times filter [T', D], irfft (n = M, ortho)."""

    def __init__(self, grid, dim):
        super().__init__()
        self.grid = grid
        self.filter = nn.Parameter(torch.empty(grid[1], dim))

    def forward(self, z):
        b, n, d = z.shape
        f, t = self.grid
        m = 2 * (t - 1)
        # At least float32 (float64 stays): cuFFT has no bfloat16, and the branch must not change under autocast.
        dtype = torch.promote_types(z.dtype, torch.float32)
        with torch.autocast(device_type=z.device.type, enabled=False):
            z = z.to(dtype).reshape(b, f, t, d)
            u = torch.fft.hfft(z, n=m, dim=2, norm='ortho')[:, :, :t]
            u = u * self.filter.to(dtype)
            y = torch.fft.irfft(u, n=m, dim=2, norm='ortho')[:, :, :t]
        return y.reshape(b, n, d)


class RollTime(nn.Module):
    """Contract section 3: groups 0-3 of D / C channels rolled along t by -s, +s and along f by -s, +s."""

    def __init__(self, grid, dim, shift, groups=16):
        super().__init__()
        assert dim % groups == 0, f'dim {dim} is not divisible by {groups} roll groups'
        self.grid, self.shift, self.width = grid, shift, dim // groups

    def forward(self, z):
        b, n, d = z.shape
        f, t = self.grid
        s, w = self.shift, self.width
        z = z.reshape(b, f, t, d)
        parts = [
            torch.roll(z[..., 0 * w:1 * w], -s, 2),
            torch.roll(z[..., 1 * w:2 * w], s, 2),
            torch.roll(z[..., 2 * w:3 * w], -s, 1),
            torch.roll(z[..., 3 * w:4 * w], s, 1),
            z[..., 4 * w:],
        ]
        return torch.cat(parts, dim=-1).reshape(b, n, d)


class RhMixerBlock(nn.Module):
    """x += TokenMix(norm1 x); x += Hermit(norm2 x) [if hermit]; x += ChannelMLP(Roll(norm3 x)) [roll if roll]."""

    def __init__(self, index, depth, grid, dim, token_mlp_dim, channel_mlp_dim, hermit=True, roll=True,
                 roll_groups=16, roll_range=4):
        super().__init__()
        num_tokens = grid[0] * grid[1]
        self.norm1 = nn.LayerNorm(dim, eps=LN_EPS)
        self.mlp_tokens = Mlp(num_tokens, token_mlp_dim)
        if hermit:
            self.norm2 = nn.LayerNorm(dim, eps=LN_EPS)
            self.hermit = HermitFrequencyMixing(grid, dim)
        else:
            self.norm2 = self.hermit = None
        self.norm3 = nn.LayerNorm(dim, eps=LN_EPS)
        shift = 1 + (index * roll_range) // depth
        self.roll = RollTime(grid, dim, shift, roll_groups) if roll else None
        self.mlp_channels = Mlp(dim, channel_mlp_dim)

    def forward(self, x):
        x = x + self.mlp_tokens(self.norm1(x).transpose(1, 2)).transpose(1, 2)
        if self.hermit is not None:
            x = x + self.hermit(self.norm2(x))
        z = self.norm3(x)
        if self.roll is not None:
            z = self.roll(z)
        return x + self.mlp_channels(z)


class AsmRh(nn.Module):
    """ASM-RH: patch_embed -> blocks -> norm -> mean over tokens -> head. [B, T, 128] -> [B, K]."""

    def __init__(self, dim, depth, token_mlp_dim, channel_mlp_dim, num_classes, target_length, hermit=True,
                 roll=True, roll_groups=16, roll_range=4, patch_embed=None):
        super().__init__()
        # patch_embed: None (the contract's patch embedding) or
        # dict(kind='conv-stem', channels=[...], kernel_size=k, stride=s) (@spectromix/asm-rh's `patchEmbed`)
        if patch_embed is None or patch_embed['kind'] == 'patch':
            self.grid = patch_grid(target_length)
            self.patch_embed = PatchEmbed(dim)
        else:
            assert patch_embed['kind'] == 'conv-stem', patch_embed
            stem = (patch_embed['channels'], patch_embed['kernel_size'], patch_embed['stride'])
            self.grid = conv_stem_grid(target_length, *stem)
            self.patch_embed = ConvStem(dim, *stem)
        assert self.grid[1] >= 2, f'target_length {target_length} gives T\' = {self.grid[1]} < 2'

        self.blocks = nn.Sequential(*[
            RhMixerBlock(i, depth, self.grid, dim, token_mlp_dim, channel_mlp_dim, hermit, roll, roll_groups,
                         roll_range) for i in range(depth)])
        self.norm = nn.LayerNorm(dim, eps=LN_EPS)
        self.head = nn.Linear(dim, num_classes)
        self.reset_parameters()

    def reset_parameters(self):
        """Contract section 6: xavier-uniform weights, zero biases, LN 1/0, filter N(0, 0.02), head weight 0."""
        for m in self.modules():
            if isinstance(m, (nn.Linear, nn.Conv2d)):
                nn.init.xavier_uniform_(m.weight)
                if m.bias is not None:
                    nn.init.zeros_(m.bias)
            elif isinstance(m, nn.LayerNorm):
                nn.init.ones_(m.weight)
                nn.init.zeros_(m.bias)
            elif isinstance(m, HermitFrequencyMixing):
                nn.init.normal_(m.filter, std=0.02)
        nn.init.zeros_(self.head.weight)

    def forward(self, x):
        x = self.norm(self.blocks(self.patch_embed(x)))
        return self.head(x.mean(dim=1))


def create_model(preset, num_classes, target_length, **kwargs):
    """An AsmRh of a preset name or a dict with dim/depth/token_mlp_dim/channel_mlp_dim."""
    arch = PRESETS[preset] if isinstance(preset, str) else preset
    return AsmRh(**arch, num_classes=num_classes, target_length=target_length, **kwargs)


# ---- safetensors, without the safetensors package ----

_DTYPES = {'F32': (torch.float32, 4), 'F16': (torch.float16, 2), 'BF16': (torch.bfloat16, 2), 'F64': (torch.float64, 8)}


def save_safetensors(path, tensors, metadata=None, dtype='F32'):
    """Writes {name: tensor} as safetensors (sorted names, header space-padded to 8 bytes).

    dtype: 'F32', 'F16', 'BF16' or 'F64' for every tensor, or a dict of name -> dtype.
    """
    header, blobs, offset = {}, [], 0
    if metadata:
        header['__metadata__'] = dict(metadata)
    for name in sorted(tensors):
        tensor_dtype = dtype[name] if isinstance(dtype, dict) else dtype
        torch_dtype, size = _DTYPES[tensor_dtype]
        t = tensors[name].detach().to('cpu', torch_dtype).contiguous()
        raw = t.view(torch.int16).numpy().tobytes() if size == 2 else t.numpy().tobytes()
        header[name] = {'dtype': tensor_dtype, 'shape': list(t.shape), 'data_offsets': [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(',', ':')).encode()
    text += b' ' * (-len(text) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(text)))
        f.write(text)
        for raw in blobs:
            f.write(raw)


def load_safetensors(path, with_metadata=False):
    """Reads a safetensors file of F32/F16/BF16/F64 tensors as float32 tensors."""
    with open(path, 'rb') as f:
        data = f.read()
    (n,) = struct.unpack('<Q', data[:8])
    header = json.loads(data[8:8 + n])
    metadata = header.pop('__metadata__', {})
    out, base = {}, 8 + n
    for name, info in header.items():
        torch_dtype, _ = _DTYPES[info['dtype']]
        begin, end = info['data_offsets']
        raw = bytearray(data[base + begin:base + end])
        t = torch.frombuffer(raw, dtype=torch_dtype) if raw else torch.empty(0, dtype=torch_dtype)
        out[name] = t.reshape(info['shape']).float()
    return (out, metadata) if with_metadata else out


# ---- GPU benchmark (used by bench/gpu.ts on the GPU host) ----

def bench_main(argv):
    p = argparse.ArgumentParser(description='Median time of ASM-RH forward, forward+backward and train step (+Adam).')
    p.add_argument('--preset', default='asm-rh-base')
    p.add_argument('--target-length', type=int, default=512)
    p.add_argument('--batch', type=int, default=32)
    p.add_argument('--num-classes', type=int, default=50)
    p.add_argument('--modes', default='fp32,tf32,bf16')
    p.add_argument('--warmup', type=int, default=3)
    p.add_argument('--iters', type=int, default=10)
    p.add_argument('--device', default='cuda')
    p.add_argument('--threads', type=int, default=0, help='CPU threads (0: PyTorch default)')
    args = p.parse_args(argv)
    dev = torch.device(args.device)
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    results = []
    for mode in args.modes.split(','):
        torch.manual_seed(0)
        if dev.type == 'cuda':
            torch.backends.cuda.matmul.allow_tf32 = mode == 'tf32'
            torch.backends.cudnn.allow_tf32 = mode == 'tf32'
        model = create_model(args.preset, args.num_classes, args.target_length).to(dev)
        opt = torch.optim.Adam(model.parameters(), lr=2.5e-4)
        x = torch.randn(args.batch, args.target_length, NUM_MEL_BINS, device=dev)
        y = torch.randint(0, args.num_classes, (args.batch,), device=dev)
        autocast = torch.autocast(device_type=dev.type, dtype=torch.bfloat16, enabled=mode == 'bf16')

        def sync():
            if dev.type == 'cuda':
                torch.cuda.synchronize()

        def forward():
            with torch.no_grad(), autocast:
                return model(x)

        def forward_backward():
            with autocast:
                loss = nn.functional.cross_entropy(model(x).float(), y)
            model.zero_grad(set_to_none=True)
            loss.backward()

        def train_step():
            with autocast:
                loss = nn.functional.cross_entropy(model(x).float(), y)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()

        row = {'impl': 'pytorch', 'mode': mode, 'preset': args.preset, 'targetLength': args.target_length,
               'batch': args.batch, 'device': torch.cuda.get_device_name(dev) if dev.type == 'cuda' else 'cpu',
               'torch': torch.__version__, 'threads': torch.get_num_threads()}
        for name, fn in (('forward', forward), ('forwardBackward', forward_backward), ('trainStep', train_step)):
            if dev.type == 'cuda':
                torch.cuda.reset_peak_memory_stats(dev)
            for _ in range(args.warmup):
                fn()
            sync()
            samples = []
            for _ in range(args.iters):  # synchronised per call, like the tfjs side (which reads its result back)
                t0 = time.perf_counter()
                fn()
                sync()
                samples.append((time.perf_counter() - t0) * 1000)
            ms = sorted(samples)[len(samples) // 2]
            if dev.type == 'cuda':  # the caching allocator's high-water mark over the phase (weights, Adam state included)
                row[f'{name}PeakBytes'] = torch.cuda.max_memory_allocated(dev)
            row[f'{name}Ms'] = ms
            row[f'{name}SamplesPerSec'] = args.batch * 1000 / ms
        results.append(row)
        del model, opt
        if dev.type == 'cuda':
            torch.cuda.empty_cache()
    print(json.dumps(results))


if __name__ == '__main__':
    if len(sys.argv) > 1 and sys.argv[1] == 'bench':
        bench_main(sys.argv[2:])
    else:
        print(__doc__)
