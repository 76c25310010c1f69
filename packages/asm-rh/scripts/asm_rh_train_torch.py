"""Trains the PyTorch reference ASM-RH (asm_rh_torch.py) on the exact inputs of a spectromix run: training parity.

`spectromix dump-inputs` (apps/trainer) writes what a `spectromix train` run with the same flags starts from: the
model's initial weights (init.safetensors, same seed) and every train / validation / test clip as the model sees it
before augmentation (normalised, with the run's speaker and clip normalisations), plus meta.json with the run
config. This script trains the reference model from those with the same recipe (optimiser, schedule, batch size,
epochs, loss, label smoothing, gradient clipping, SpecAugment, mixup), evaluates validation and test after every
epoch, picks the epoch on validation only, and writes the history in spectromix's result.json layout, so
`spectromix kfold` combines these files as it does spectromix runs, and `--compare` prints both curves side by side.

What differs, by construction: the random draws (batch order, SpecAugment masks, mixup pairs) come from torch's
generator, not spectromix's; SpecAugment masks the normalised features with the value a zero fbank takes after the
normalisation (-mean / (2 std)), as AST's masks before normalising do; the trainer's extra augmentations (time roll,
noise, frequency shift, gain, time stretch and shift, frequency warp) and drop path are not reproduced: the script
lists any the config turns on under `notReproduced` and warns. The RAVDESS recipe uses none of them.

On the GPU host (PyTorch 2.x; bundle as in apps/trainer/scripts/bundle-device.sh):

    node .device/app/spectromix.mjs dump-inputs --recipe ravdess --data .device/data/ravdess-speech \\
        --model asm-rh-tiny --epochs 30 --set optimizer.lr=0.001 --fold 0 --workers 0 --out /tmp/in-f0
    python3 packages/asm-rh/scripts/asm_rh_train_torch.py /tmp/in-f0 --out torch-f0.json \\
        --compare runs/issue19/runs/rav-f0/result.json
"""
import argparse
import json
import math
import os
import sys
import time

import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from asm_rh_torch import create_model, load_safetensors  # noqa: E402

NOT_REPRODUCED = {'timeRoll': False, 'noise': 0, 'freqShift': 0, 'gainDb': 0, 'timeStretch': 0, 'timeShift': 0, 'freqWarp': 0}


def load_inputs(folder):
    """meta.json and the three subsets as ([n, T, F] float32 tensor, [n] int64 labels)."""
    with open(os.path.join(folder, 'meta.json')) as f:
        meta = json.load(f)
    t, b = meta['frames'], meta['bins']
    subsets = {}
    for name in ('train', 'validation', 'test'):
        info = meta['subsets'][name]
        with open(os.path.join(folder, f'{name}.f32'), 'rb') as f:
            raw = bytearray(f.read())
        x = torch.frombuffer(raw, dtype=torch.float32) if raw else torch.empty(0)
        subsets[name] = (x.reshape(info['count'], t, b), torch.tensor(info['labels'], dtype=torch.int64))
    return meta, subsets


def lr_at(config, epoch, step, steps_per_epoch):
    """spectromix's schedules (packages/train/src/schedule/lr-schedule.ts): constant and AST's step decay."""
    lr, s = config['optimizer']['lr'], config['schedule']
    if s['kind'] == 'constant':
        return lr
    if s['kind'] == 'ast':
        t = epoch if s['interval'] == 'epoch' else step
        decays = 0 if t < s['start'] else (t - s['start']) // s['step'] + 1
        return lr * s['gamma'] ** decays
    raise SystemExit(f"schedule {s['kind']} is not reproduced by this script (constant and ast are)")


def spec_augment(x, freqm, timem, mask_value, gen):
    """One frequency and one time mask per example, widths uniform in [0, param) as dsp's drawMask."""
    n, t, b = x.shape
    x = x.clone()
    for axis, param, size in ((2, freqm, b), (1, timem, t)):
        if param < 1:
            continue
        width = (torch.rand(n, generator=gen) * param)
        start = (torch.rand(n, generator=gen) * (size - width)).floor().long()
        width = width.floor().long()
        idx = torch.arange(size)
        mask = (idx[None, :] >= start[:, None]) & (idx[None, :] < (start + width)[:, None])
        x = torch.where(mask[:, None, :] if axis == 2 else mask[:, :, None], torch.full_like(x, mask_value), x)
    return x


def macro_auc(probs, labels):
    """Mean one-vs-rest ROC AUC over the classes present (rank statistic; ties are rare with float scores)."""
    aucs = []
    for k in range(probs.shape[1]):
        pos = labels == k
        n_pos, n_neg = int(pos.sum()), int((~pos).sum())
        if n_pos == 0 or n_neg == 0:
            continue
        ranks = torch.empty(len(labels))
        ranks[probs[:, k].argsort()] = torch.arange(1, len(labels) + 1, dtype=torch.float32)
        aucs.append((ranks[pos].sum().item() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))
    return sum(aucs) / len(aucs) if aucs else float('nan')


def evaluate(model, x, y, loss_fn, batch, device):
    """Loss, accuracy and macro AUC of the model in eval mode."""
    if len(y) == 0:
        return None
    model.eval()
    logits = []
    with torch.no_grad():
        for i in range(0, len(y), batch):
            logits.append(model(x[i:i + batch].to(device)).float().cpu())
    logits = torch.cat(logits)
    k = logits.shape[1]
    loss = loss_fn(logits, nn.functional.one_hot(y, k).float()).item()
    probs = logits.sigmoid() if isinstance(loss_fn, nn.BCEWithLogitsLoss) else logits.softmax(-1)
    return {'loss': loss, 'accuracy': (logits.argmax(-1) == y).float().mean().item(), 'macroAuc': macro_auc(probs, y)}


def make_loss(train):
    smoothing = train['labelSmoothing']
    if train['loss'] == 'softmax-ce':
        ce = nn.CrossEntropyLoss(label_smoothing=smoothing)
        return ce
    if smoothing > 0:
        raise SystemExit('label smoothing with sigmoid-bce is not reproduced by this script')
    return nn.BCEWithLogitsLoss()


def train(folder, device, seed_offset=0):
    meta, data = load_inputs(folder)
    config = meta['config']
    tr, aug, opt_cfg = config['train'], config['augment'], config['optimizer']
    skipped = [k for k, off in NOT_REPRODUCED.items() if aug.get(k, off) != off]
    if config['model'].get('dropPath', 0) > 0:
        skipped.append('model.dropPath')
    if skipped:
        print(f'warning: not reproduced here: {", ".join(skipped)}', file=sys.stderr)
    seed = config['run']['seed'] + seed_offset
    gen = torch.Generator().manual_seed(seed)
    k, t = len(meta['classes']), meta['frames']
    model = create_model(config['model']['preset'], k, t, hermit=config['model']['hermit'], roll=config['model']['roll'])
    model.load_state_dict(load_safetensors(os.path.join(folder, meta['initialWeights'])))
    model.to(device)
    opt_cls = torch.optim.AdamW if opt_cfg['kind'] == 'adamw' else torch.optim.Adam
    opt = opt_cls(model.parameters(), lr=opt_cfg['lr'], betas=tuple(opt_cfg['betas']), eps=opt_cfg['eps'], weight_decay=opt_cfg['weightDecay'])
    loss_fn = make_loss(tr)
    norm = config['data']['normalization']
    mask_value = -norm['mean'] / (2 * norm['std'])
    x_train, y_train = data['train']
    n, bs = len(y_train), tr['batchSize']
    steps_per_epoch = math.ceil(n / bs)
    history, best, step = [], None, 0
    eval_batch = max(bs, 32)
    t0 = time.time()
    for epoch in range(tr['epochs']):
        model.train()
        order = torch.randperm(n, generator=gen)
        loss_sum, correct, seen = 0.0, 0, 0
        for i in range(0, n, bs):
            rows = order[i:i + bs]
            xb, yb = x_train[rows], nn.functional.one_hot(y_train[rows], k).float()
            mix = aug.get('mixup')
            if mix is not None:
                use = torch.rand(len(rows), generator=gen) < mix['prob']
                partner = torch.randint(0, n, (len(rows),), generator=gen)
                lam = torch.distributions.Beta(mix['alpha'], mix['alpha']).sample((len(rows),))
                lam = torch.where(use, lam, torch.ones_like(lam))
                xb = lam[:, None, None] * xb + (1 - lam[:, None, None]) * x_train[partner]
                yb = lam[:, None] * yb + (1 - lam[:, None]) * nn.functional.one_hot(y_train[partner], k).float()
            xb = spec_augment(xb, aug['freqm'], aug['timem'], mask_value, gen)
            lr = lr_at(config, epoch, step, steps_per_epoch)
            for g in opt.param_groups:
                g['lr'] = lr
            logits = model(xb.to(device))
            loss = loss_fn(logits, yb.to(device))
            opt.zero_grad(set_to_none=True)
            loss.backward()
            if tr.get('clipGradNorm') is not None:
                nn.utils.clip_grad_norm_(model.parameters(), tr['clipGradNorm'])
            opt.step()
            step += 1
            loss_sum += loss.item() * len(rows)
            correct += (logits.argmax(-1).cpu() == yb.argmax(-1)).sum().item()
            seen += len(rows)
        record = {'epoch': epoch, 'lr': lr, 'trainLoss': loss_sum / seen, 'trainAccuracy': correct / seen, 'globalStep': step}
        for name in ('validation', 'test'):
            m = evaluate(model, *data[name], loss_fn, eval_batch, device)
            if m is not None:
                record[name] = m
        history.append(record)
        v = record.get('validation', {}).get('accuracy')
        if v is not None and (best is None or v > best['value']):
            best = {'epoch': epoch, 'metric': 'accuracy', 'value': v}
        print(f"epoch {epoch + 1}/{tr['epochs']}: train loss {record['trainLoss']:.4f} acc {100 * record['trainAccuracy']:.2f}%"
              + (f", validation acc {100 * v:.2f}%" if v is not None else '')
              + (f", test acc {100 * record['test']['accuracy']:.2f}%" if 'test' in record else '') + f' ({time.time() - t0:.0f} s)', flush=True)
    chosen = history[best['epoch']] if best is not None else history[-1]
    held = config['data']['split']
    held_out = [str(g) for g in held['folds'][held['fold']]] if held['kind'] == 'folds' else held.get('test', [])
    return {
        'source': 'packages/asm-rh/scripts/asm_rh_train_torch.py',
        'torch': torch.__version__,
        'device': str(device),
        'best': best,
        'history': history,
        'validation': chosen.get('validation'),
        'test': chosen.get('test'),
        'wallSeconds': time.time() - t0,
        'samplesPerSecond': n * tr['epochs'] / max(time.time() - t0, 1e-9),
        'classes': meta['classes'],
        'split': {'description': meta['split'], 'heldOut': held_out, 'selection': 'test' if held.get('validation') == 'test-fold' else 'inner'},
        'seed': seed,
        'notReproduced': skipped,
    }


def compare(ours, theirs_path):
    """Both runs' curves, epoch by epoch."""
    with open(theirs_path) as f:
        theirs = json.loads(f.read().replace('-Infinity', 'null').replace('Infinity', 'null').replace('NaN', 'null'))
    print(f"{'epoch':>5} | {'spectromix: loss':>16} {'val':>7} {'test':>7} | {'torch: loss':>11} {'val':>7} {'test':>7}")
    pct = lambda r, s: f"{100 * r[s]['accuracy']:6.2f}%" if r.get(s) else '      -'
    for a, b in zip(theirs['history'], ours['history']):
        print(f"{a['epoch'] + 1:>5} | {a['trainLoss']:>16.4f} {pct(a, 'validation')} {pct(a, 'test')} | {b['trainLoss']:>11.4f} {pct(b, 'validation')} {pct(b, 'test')}")
    for name, r in (('spectromix', theirs), ('torch', ours)):
        e = r['best']['epoch'] if r.get('best') else len(r['history']) - 1
        print(f"{name}: validation-chosen epoch {e + 1}, test accuracy there {100 * r['history'][e]['test']['accuracy']:.2f}%" if 'test' in r['history'][e] else f'{name}: no per-epoch test')


def main(argv):
    p = argparse.ArgumentParser(description='Train the PyTorch reference on a spectromix dump-inputs folder.')
    p.add_argument('inputs', help='folder written by spectromix dump-inputs')
    p.add_argument('--out', required=True, help='JSON file for the history (spectromix result.json layout)')
    p.add_argument('--device', default='cuda' if torch.cuda.is_available() else 'cpu')
    p.add_argument('--compare', help="a spectromix run's result.json (or run folder) to print beside this run")
    a = p.parse_args(argv)
    result = train(a.inputs, torch.device(a.device))
    with open(a.out, 'w') as f:
        json.dump(result, f, indent=1)
    print(f'Wrote {a.out}.')
    if a.compare:
        compare(result, os.path.join(a.compare, 'result.json') if os.path.isdir(a.compare) else a.compare)


if __name__ == '__main__':
    main(sys.argv[1:])
