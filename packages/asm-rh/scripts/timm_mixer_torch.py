"""timm MLP-Mixer weights -> ASM-RH (contract names), the PyTorch reference of @spectromix/asm-rh's importTimmMixer.

Written independently of the TypeScript importer (this one resizes with torch.nn.functional.interpolate, the
TypeScript one with its own separable bilinear weights), so the fixtures made from it test the importer.

    import timm, torch
    from asm_rh_torch import create_model, save_safetensors
    from timm_mixer_torch import timm_mixer_to_asm_rh
    timm_state = timm.create_model('mixer_b16_224', pretrained=True).state_dict()
    model = create_model('asm-rh-base', num_classes=8, target_length=512)
    imported = timm_mixer_to_asm_rh(timm_state, model.grid, model_depth=12)
    model.load_state_dict(imported, strict=False)   # hermit.filter, norm2 and head keep their init

The mapping (documented in packages/asm-rh/README.md, "Starting from ImageNet weights"):
- stem.proj (Conv2d(C, D, kh, kw)) -> patch_embed.proj: the C = 3 input channels summed ('sum', AST's choice: a grey
  image R = G = B = x gives exactly this response) or luma-weighted ('luma': 0.299 R + 0.587 G + 0.114 B); a kernel
  of another size is resized bilinearly to 16 x 16 and scaled by kh * kw / 256 so a constant patch gives the same
  output. The stride changes (16 -> 10): the kernel is the same, the patches overlap.
- blocks.{i}.norm1 -> norm1, blocks.{i}.norm2 -> norm3 (the channel MLP's norm), mlp_channels as they are.
- mlp_tokens: the source's tokens are a gh x gw image grid (14 x 14), ours F' x T' (frequency rows, time columns,
  image height -> mel, width -> time). fc1.weight [D_S, gh*gw] is resized along its input axis, fc2.weight
  [gh*gw, D_S] and fc2.bias along their output axis, bilinearly (align_corners=False, no antialiasing), and
  fc1.weight is multiplied by gh*gw / (F'*T'), so a hidden unit's response to a token-constant input (the integral
  of its spatial kernel) stays the same while it sums over F'*T' tokens instead of gh*gw.
- norm as it is; head dropped (re-initialised for the task); blocks past the model's depth dropped; blocks past
  the source's depth, hermit.filter and norm2 keep the model's initialisation.
"""
import torch
import torch.nn.functional as F

PATCH = 16
LUMA = (0.299, 0.587, 0.114)


def _resize(x, size):
    """[B, h, w] -> [B, H, W], bilinear, half-pixel centres (align_corners=False), no antialiasing."""
    return F.interpolate(x.unsqueeze(1), size=size, mode='bilinear', align_corners=False).squeeze(1)


def timm_mixer_to_asm_rh(state, grid, model_depth, patch_channels='sum', source_grid=None):
    """The contract-named tensors an ASM-RH model of patch grid `grid` = (F', T') takes from a timm Mixer state dict."""
    out = {}
    w = state['stem.proj.weight'].double()
    if w.shape[1] == 3:
        w = w.sum(dim=1) if patch_channels == 'sum' else torch.einsum('dchw,c->dhw', w, torch.tensor(LUMA, dtype=w.dtype))
    else:
        w = w[:, 0]
    kh, kw = w.shape[1:]
    if (kh, kw) != (PATCH, PATCH):
        w = _resize(w, (PATCH, PATCH)) * (kh * kw / PATCH ** 2)
    out['patch_embed.proj.weight'] = w.unsqueeze(1)
    out['patch_embed.proj.bias'] = state['stem.proj.bias'].double()
    source_depth = len({k.split('.')[1] for k in state if k.startswith('blocks.')})
    n_src = state['blocks.0.mlp_tokens.fc1.weight'].shape[1]
    if source_grid is None:
        side = round(n_src ** 0.5)
        source_grid = (side, side)
    gh, gw = source_grid
    n_dst = grid[0] * grid[1]
    for i in range(min(model_depth, source_depth)):
        s = lambda name: state[f'blocks.{i}.{name}'].double()  # noqa: E731
        p = f'blocks.{i}.'
        for a, b in (('norm1', 'norm1'), ('norm2', 'norm3')):
            out[p + b + '.weight'], out[p + b + '.bias'] = s(a + '.weight'), s(a + '.bias')
        for name in ('fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias'):
            out[p + 'mlp_channels.' + name] = s('mlp_channels.' + name)
        fc1 = s('mlp_tokens.fc1.weight')
        out[p + 'mlp_tokens.fc1.weight'] = _resize(fc1.reshape(-1, gh, gw), grid).reshape(fc1.shape[0], n_dst) * (n_src / n_dst)
        out[p + 'mlp_tokens.fc1.bias'] = s('mlp_tokens.fc1.bias')
        fc2 = s('mlp_tokens.fc2.weight').t()
        out[p + 'mlp_tokens.fc2.weight'] = _resize(fc2.reshape(-1, gh, gw), grid).reshape(fc2.shape[0], n_dst).t()
        out[p + 'mlp_tokens.fc2.bias'] = _resize(s('mlp_tokens.fc2.bias').reshape(1, gh, gw), grid).reshape(n_dst)
    out['norm.weight'], out['norm.bias'] = state['norm.weight'].double(), state['norm.bias'].double()
    return {k: v.float().contiguous() for k, v in out.items()}
