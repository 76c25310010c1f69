"""Fixtures for @spectromix/asm-rh's importTimmMixer: timm MLP-Mixer state dicts from random weights (no download).

Run from packages/asm-rh with Debian's torch 1.13 (timm is not needed: the key names and shapes are timm's
MlpMixer's, written out in timm_mixer_shapes below):

    /usr/bin/python3 scripts/make-timm-fixtures.py

Writes fixtures/timm/:
    mixer_b16_224.shapes.json       every tensor name and shape of timm's mixer_b16_224 state dict (no weights)
    timm-mini.safetensors            a reduced Mixer in timm's layout: width 32, 2 blocks, 14 x 14 = 196 tokens,
                                     token hidden 16, channel hidden 48, 16 x 16 RGB patches, a 10-class head (F32)
    <case>.expected.safetensors     what timm_mixer_torch.timm_mixer_to_asm_rh makes of it for each case (F32)
    cases.json                       the cases: target architecture, targetLength, patchChannels
The expected tensors are also loaded into the PyTorch reference model (asm_rh_torch) to check that their names
and shapes are the contract's.
"""
import json
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from asm_rh_torch import create_model, save_safetensors  # noqa: E402
from timm_mixer_torch import timm_mixer_to_asm_rh  # noqa: E402

OUT = os.path.join(HERE, '..', 'fixtures', 'timm')
MINI_SOURCE = dict(embed_dim=32, depth=2, num_tokens=196, token_dim=16, channel_dim=48, patch=16, in_chans=3, num_classes=10)
B16 = dict(embed_dim=768, depth=12, num_tokens=196, token_dim=384, channel_dim=3072, patch=16, in_chans=3, num_classes=1000)
CASES = [
    # deeper than the source (block 2 keeps its init); 12 x 9 tokens: both grid axes shrink
    dict(name='mini-t100-sum', preset=dict(dim=32, depth=3, tokenMlpDim=16, channelMlpDim=48), targetLength=100, patchChannels='sum'),
    # shallower than the source (block 1 is dropped); 12 x 50 tokens: time grows
    dict(name='mini-t512-luma', preset=dict(dim=32, depth=1, tokenMlpDim=16, channelMlpDim=48), targetLength=512, patchChannels='luma'),
]


def timm_mixer_shapes(embed_dim, depth, num_tokens, token_dim, channel_dim, patch, in_chans, num_classes):
    """(name, shape) of timm's MlpMixer state dict, in its order (PatchEmbed without norm, Mlp fc1/fc2, LayerNorm)."""
    rows = [('stem.proj.weight', [embed_dim, in_chans, patch, patch]), ('stem.proj.bias', [embed_dim])]
    for i in range(depth):
        p = f'blocks.{i}.'
        rows += [(p + 'norm1.weight', [embed_dim]), (p + 'norm1.bias', [embed_dim]),
                 (p + 'mlp_tokens.fc1.weight', [token_dim, num_tokens]), (p + 'mlp_tokens.fc1.bias', [token_dim]),
                 (p + 'mlp_tokens.fc2.weight', [num_tokens, token_dim]), (p + 'mlp_tokens.fc2.bias', [num_tokens]),
                 (p + 'norm2.weight', [embed_dim]), (p + 'norm2.bias', [embed_dim]),
                 (p + 'mlp_channels.fc1.weight', [channel_dim, embed_dim]), (p + 'mlp_channels.fc1.bias', [channel_dim]),
                 (p + 'mlp_channels.fc2.weight', [embed_dim, channel_dim]), (p + 'mlp_channels.fc2.bias', [embed_dim])]
    rows += [('norm.weight', [embed_dim]), ('norm.bias', [embed_dim]), ('head.weight', [num_classes, embed_dim]), ('head.bias', [num_classes])]
    return rows


def random_state(shapes, seed):
    """Non-trivial random values: norms around 1, everything else N(0, 0.1) (each tensor distinct, none symmetric)."""
    g = torch.Generator().manual_seed(seed)
    state = {}
    for name, shape in shapes:
        v = torch.randn(shape, generator=g) * 0.1
        state[name] = v + 1 if 'norm' in name and name.endswith('.weight') else v
    return state


def main():
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, 'mixer_b16_224.shapes.json'), 'w') as f:
        json.dump([[n, s] for n, s in timm_mixer_shapes(**B16)], f)
        f.write('\n')
    state = random_state(timm_mixer_shapes(**MINI_SOURCE), seed=20261207)
    save_safetensors(os.path.join(OUT, 'timm-mini.safetensors'), state, metadata={'format': 'pt'})
    for case in CASES:
        a = case['preset']
        model = create_model(dict(dim=a['dim'], depth=a['depth'], token_mlp_dim=a['tokenMlpDim'], channel_mlp_dim=a['channelMlpDim']),
                             num_classes=5, target_length=case['targetLength'])
        expected = timm_mixer_to_asm_rh(state, model.grid, a['depth'], patch_channels=case['patchChannels'])
        missing, unexpected = model.load_state_dict(expected, strict=False)
        assert not unexpected, unexpected
        assert all('hermit' in k or 'norm2' in k or k.startswith('head.') or int(k.split('.')[1]) >= MINI_SOURCE['depth'] for k in missing), missing
        save_safetensors(os.path.join(OUT, f"{case['name']}.expected.safetensors"), expected, metadata={'format': 'pt'})
        print(case['name'], 'grid', model.grid, len(expected), 'tensors;', len(missing), 'left at init')
    with open(os.path.join(OUT, 'cases.json'), 'w') as f:
        json.dump(CASES, f, indent=2)
        f.write('\n')


if __name__ == '__main__':
    main()
