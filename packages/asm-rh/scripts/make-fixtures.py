"""Parity fixtures for @spectromix/asm-rh, from the PyTorch reference implementation (asm_rh_torch.py).

Run from packages/asm-rh with Debian's torch 1.13:

    /usr/bin/python3 scripts/make-fixtures.py                 # writes fixtures/
    /usr/bin/python3 scripts/make-fixtures.py --check-ts-export

For every case it builds the reference model, replaces the contract's initialisation by random, non-trivial
weights (the filter around 1 and a non-zero head, so every branch moves the logits), rounds the weights to the
case's storage dtype and the input to float16 (so both sides start from exactly the same numbers), computes the
logits in float64, and writes:

    fixtures/<case>.weights.safetensors   the weights, contract names and PyTorch layouts (F32, F16 or BF16)
    fixtures/<case>.io.safetensors        'input' [B, T, 128] (F16) and 'logits' [B, K] (F32)
    fixtures/cases.json                   the model options of every case

--check-ts-export tests the other direction: scripts/export-check.ts (run through tsx) loads every case into the
TypeScript model and saves it back with saveWeights, and trains a seeded asm-rh-tiny for two Adam steps and saves
it with its logits; this script loads those files strictly into the PyTorch model and compares logits.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from asm_rh_torch import create_model, load_safetensors, save_safetensors, HermitFrequencyMixing  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, '..', 'fixtures')
# A reduced-width architecture for the many cheap cases: C = 16 groups of 2 channels, shifts 1, 2, 3.
MINI = dict(dim=32, depth=3, token_mlp_dim=16, channel_mlp_dim=48)
CASES = [
    dict(name='tiny-t128', preset='asm-rh-tiny', num_classes=10, target_length=128, dtype='F16', batch=2),
    dict(name='mini-t100', preset=MINI, num_classes=4, target_length=100, dtype='F32', batch=2),
    dict(name='mini-t100-no-hermit', preset=MINI, num_classes=4, target_length=100, hermit=False, dtype='F32', batch=2),
    dict(name='mini-t100-no-roll', preset=MINI, num_classes=4, target_length=100, roll=False, dtype='BF16', batch=2),
    dict(name='mini-t100-plain', preset=MINI, num_classes=4, target_length=100, hermit=False, roll=False, dtype='F32', batch=2),
    dict(name='mini-t64', preset=MINI, num_classes=3, target_length=64, dtype='F32', batch=2),
    dict(name='mini-t26', preset=MINI, num_classes=3, target_length=26, dtype='F32', batch=2),
    # patchEmbed { kind: 'conv-stem' }: two stride-2 3x3 stages (4, 8 channels) -> a 32 x 16 grid at T = 64
    dict(name='mini-t64-conv-stem', preset=MINI, num_classes=3, target_length=64, dtype='F32', batch=2,
         patch_embed=dict(kind='conv-stem', channels=[4, 8], kernel_size=3, stride=2)),
]
STORAGE = {'F32': torch.float32, 'F16': torch.float16, 'BF16': torch.bfloat16}


def build(case):
    return create_model(case['preset'], case['num_classes'], case['target_length'],
                        hermit=case.get('hermit', True), roll=case.get('roll', True),
                        patch_embed=case.get('patch_embed'))


def randomise(model, gen):
    """Random weights that exercise every branch: fan-in scaled matrices, LN around 1, filter around 1, a real head."""
    with torch.no_grad():
        for name, p in model.named_parameters():
            r = torch.randn(p.shape, generator=gen, dtype=torch.float64)
            if name.endswith('hermit.filter'):
                v = 1 + 0.5 * r
            elif 'norm' in name and name.endswith('weight'):
                v = 1 + 0.2 * r
            elif name.endswith('bias'):
                v = 0.1 * r
            else:
                fan_in = p[0].numel()
                v = r / fan_in ** 0.5
            p.copy_(v.to(p.dtype))


def ts_case(case):
    """The case as the TypeScript test reads it (createModel options, camelCase)."""
    preset = case['preset']
    arch = preset if isinstance(preset, str) else {
        'dim': preset['dim'], 'depth': preset['depth'], 'tokenMlpDim': preset['token_mlp_dim'],
        'channelMlpDim': preset['channel_mlp_dim']}
    stem = case.get('patch_embed')
    if stem is not None:
        arch = {**arch, 'patchEmbed': {'kind': stem['kind'], 'channels': stem['channels'],
                                       'kernelSize': stem['kernel_size'], 'stride': stem['stride']}}
    return {'name': case['name'], 'preset': arch, 'numClasses': case['num_classes'],
            'targetLength': case['target_length'], 'hermit': case.get('hermit', True), 'roll': case.get('roll', True),
            'weightsDtype': case['dtype'], 'batch': case['batch']}


def make(case, seed):
    gen = torch.Generator().manual_seed(seed)
    model = build(case)
    randomise(model, gen)
    state = {k: v.to(STORAGE[case['dtype']]).double() for k, v in model.state_dict().items()}
    model = model.double()
    model.load_state_dict(state)
    x = torch.randn(case['batch'], case['target_length'], 128, generator=gen).half().double()
    with torch.no_grad():
        logits = model(x)
    base = os.path.join(FIXTURES, case['name'])
    save_safetensors(base + '.weights.safetensors', state, {'format': 'pt'}, dtype=case['dtype'])
    # The input is exactly representable in F16 (it was rounded above), which halves the file.
    save_safetensors(base + '.io.safetensors', {'input': x, 'logits': logits}, dtype={'input': 'F16', 'logits': 'F32'})
    print(f"{case['name']}: {sum(v.numel() for v in state.values())} weights ({case['dtype']}), "
          f"logits {tuple(logits.shape)} max |.| {logits.abs().max().item():.3f}")


def check_ts_export():
    """Loads what the TypeScript side saved into the PyTorch model (strictly) and compares logits."""
    cases = json.load(open(os.path.join(FIXTURES, 'cases.json')))
    with tempfile.TemporaryDirectory() as tmp:
        cmd = ['pnpm', 'exec', 'tsx', '--conditions=@spectromix/source', os.path.join(HERE, 'export-check.ts'), FIXTURES, tmp]
        subprocess.run(cmd, check=True, cwd=os.path.join(HERE, '..'))
        worst = 0.0
        for ts, case in zip(cases, CASES):
            state, meta = load_safetensors(os.path.join(tmp, ts['name'] + '.safetensors'), with_metadata=True)
            model = build(case).double()
            model.load_state_dict({k: v.double() for k, v in state.items()}, strict=True)
            io = load_safetensors(os.path.join(FIXTURES, ts['name'] + '.io.safetensors'))
            with torch.no_grad():
                logits = model(io['input'].double())
            err = ((logits - io['logits'].double()).abs().max() / io['logits'].abs().max()).item()
            worst = max(worst, err)
            assert err < 1e-6, f"{ts['name']}: weights re-saved by TypeScript give logits off by {err:.2e} (relative)"
            assert json.loads(meta['spectromix.asm-rh.config'])['targetLength'] == case['target_length']
        print(f'TypeScript saveWeights of {len(cases)} cases: loaded strictly, logits match (worst {worst:.1e} rel)')
        trained = json.load(open(os.path.join(tmp, 'trained.json')))
        state = load_safetensors(os.path.join(tmp, 'trained.safetensors'))
        c = trained['config']
        model = create_model({'dim': c['dim'], 'depth': c['depth'], 'token_mlp_dim': c['tokenMlpDim'],
                              'channel_mlp_dim': c['channelMlpDim']}, c['numClasses'], c['targetLength'],
                             hermit=c['hermit'], roll=c['roll'])
        model.load_state_dict(state, strict=True)
        x = torch.tensor(trained['input'], dtype=torch.float32).reshape(trained['inputShape'])
        with torch.no_grad():
            logits = model(x)
        expected = torch.tensor(trained['logits']).reshape(logits.shape)
        err = ((logits - expected).abs().max() / expected.abs().max()).item()
        assert err < 1e-4, f'model trained in TypeScript: PyTorch logits off by {err:.2e} (relative)'
        print(f'asm-rh-tiny trained 2 Adam steps in TypeScript: PyTorch logits match to {err:.1e} relative')


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--check-ts-export', action='store_true', help='check TypeScript-saved weights in PyTorch')
    args = p.parse_args()
    if args.check_ts_export:
        check_ts_export()
        return
    os.makedirs(FIXTURES, exist_ok=True)
    assert HermitFrequencyMixing  # the branch the filter randomisation targets
    for i, case in enumerate(CASES):
        make(case, seed=1000 + i)
    with open(os.path.join(FIXTURES, 'cases.json'), 'w') as f:
        json.dump([ts_case(c) for c in CASES], f, indent=2)
        f.write('\n')


if __name__ == '__main__':
    main()
