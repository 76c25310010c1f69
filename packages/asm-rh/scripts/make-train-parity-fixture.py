"""Training-parity fixture: a few optimiser steps of the PyTorch reference on fixed batches (issue 19 item 3).

The k-fold comparison on the GPU (asm_rh_train_torch.py beside `spectromix train`) differs in its random draws
(batch order, SpecAugment, mixup), so it can only show agreement within the seed-to-seed spread. This fixture takes
the randomness out: the same weights (fixtures/mini-t64.weights.safetensors), the same deterministic batches, the
recipes' optimiser and loss (Adam with betas (0.95, 0.999), eps 1e-8, L2 weight decay; softmax cross-entropy with
label smoothing; AST's step decay of the learning rate, here by step so the decay shows within a few steps), with and
without gradient clipping. It records the loss of every step, the weights after the last, and the parameters whose
gradient is zero in exact arithmetic (see dead_tensors), so
src/train-parity.test.ts can check that @spectromix/train's loop (`fit`, `Adam`, `createLoss`, `createLrSchedule`)
walks the same path.

Run from packages/asm-rh with Debian's torch 1.13:

    /usr/bin/python3 scripts/make-train-parity-fixture.py     # writes fixtures/train-parity/
"""
import json
import math
import os
import sys

import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from asm_rh_torch import create_model, load_safetensors, save_safetensors  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, '..', 'fixtures')
OUT = os.path.join(FIXTURES, 'train-parity')
MINI = dict(dim=32, depth=3, token_mlp_dim=16, channel_mlp_dim=48)
CLASSES, T, BINS, BATCH, STEPS = 3, 64, 128, 4, 6
OPTIMIZER = dict(lr=1e-3, betas=(0.95, 0.999), eps=1e-8, weight_decay=5e-7)
SCHEDULE = dict(kind='ast', start=2, step=1, gamma=0.85, interval='step')
LABEL_SMOOTHING = 0.1
CASES = [dict(name='adam-ls', clip=None), dict(name='adam-ls-clip', clip=0.5)]


def batch(step):
    """Deterministic inputs [BATCH, T, BINS] and labels: smooth patterns per class plus a step-dependent phase.

    The TypeScript test computes the same formula in float64 and rounds to float32, as this does.
    """
    x = torch.empty(BATCH, T, BINS, dtype=torch.float64)
    labels = [(step * BATCH + i) % CLASSES for i in range(BATCH)]
    t = torch.arange(T, dtype=torch.float64)[:, None]
    f = torch.arange(BINS, dtype=torch.float64)[None, :]
    for i, k in enumerate(labels):
        n = step * BATCH + i
        x[i] = torch.sin(0.05 * (k + 1) * f + 0.13 * t + 0.7 * n) * 0.8 + torch.cos(0.011 * (k + 2) * t * f / 16 + n) * 0.3
    return x.float(), torch.tensor(labels)


def lr_at(step):
    decays = 0 if step < SCHEDULE['start'] else (step - SCHEDULE['start']) // SCHEDULE['step'] + 1
    return OPTIMIZER['lr'] * SCHEDULE['gamma'] ** decays


def dead_tensors():
    """Parameters whose gradient is zero in exact arithmetic (float64 at the fixture's weights, first batch).

    The token MLP's fc2 bias adds one constant per token to every channel, and the next thing that reads the residual
    stream is a LayerNorm over channels, which removes it: the bias cannot change the logits. In float32 its gradient
    is rounding noise (about 1e-9), which Adam, dividing by the gradient's own size, turns into updates of about lr
    in either framework, so those updates are noise and are not compared.
    """
    model = create_model(MINI, CLASSES, T).double()
    model.load_state_dict(load_safetensors(os.path.join(FIXTURES, 'mini-t64.weights.safetensors')))
    x, y = batch(0)
    nn.CrossEntropyLoss(label_smoothing=LABEL_SMOOTHING)(model(x.double()), y).backward()
    return sorted(n for n, p in model.named_parameters() if p.grad.abs().max().item() < 1e-12)


def run(case):
    model = create_model(MINI, CLASSES, T)
    model.load_state_dict(load_safetensors(os.path.join(FIXTURES, 'mini-t64.weights.safetensors')))
    model.train()
    opt = torch.optim.Adam(model.parameters(), lr=OPTIMIZER['lr'], betas=OPTIMIZER['betas'], eps=OPTIMIZER['eps'], weight_decay=OPTIMIZER['weight_decay'])
    loss_fn = nn.CrossEntropyLoss(label_smoothing=LABEL_SMOOTHING)
    losses, norms = [], []
    for step in range(STEPS):
        x, y = batch(step)
        for g in opt.param_groups:
            g['lr'] = lr_at(step)
        loss = loss_fn(model(x), y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        norms.append(math.sqrt(sum(float((p.grad.double() ** 2).sum()) for p in model.parameters())))
        if case['clip'] is not None:
            nn.utils.clip_grad_norm_(model.parameters(), case['clip'])
        opt.step()
        losses.append(loss.item())
    return losses, norms, {k: v.detach().clone() for k, v in model.state_dict().items()}


def main():
    os.makedirs(OUT, exist_ok=True)
    meta = dict(source='packages/asm-rh/scripts/make-train-parity-fixture.py', torch=torch.__version__, weights='mini-t64',
                preset=dict(dim=32, depth=3, tokenMlpDim=16, channelMlpDim=48), numClasses=CLASSES, targetLength=T,
                batch=BATCH, steps=STEPS, optimizer=dict(lr=OPTIMIZER['lr'], betas=list(OPTIMIZER['betas']), eps=OPTIMIZER['eps'], weightDecay=OPTIMIZER['weight_decay']),
                schedule=SCHEDULE, labelSmoothing=LABEL_SMOOTHING, deadTensors=dead_tensors(), cases=[])
    for case in CASES:
        losses, norms, weights = run(case)
        save_safetensors(os.path.join(OUT, f"{case['name']}.weights.safetensors"), weights)
        meta['cases'].append(dict(name=case['name'], clipGradNorm=case['clip'], losses=losses, gradNorms=norms))
        print(case['name'], 'losses', ' '.join(f'{v:.5f}' for v in losses), 'grad norms', ' '.join(f'{v:.3f}' for v in norms))
    with open(os.path.join(OUT, 'cases.json'), 'w') as f:
        json.dump(meta, f, indent=2)
        f.write('\n')


if __name__ == '__main__':
    main()
