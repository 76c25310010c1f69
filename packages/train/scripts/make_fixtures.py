"""Parity fixtures for @spectromix/train, from PyTorch 1.13 and a numpy re-implementation of sklearn's ranking metrics.

Run with Debian's Python (it has torch): /usr/bin/python3 scripts/make_fixtures.py
Writes fixtures/reference.json. Tests read it; they never need Python.

sklearn is not installed here, so roc_auc_score / average_precision_score / precision_recall_fscore_support are
re-implemented below line for line from sklearn's _binary_clf_curve (same tie handling, same drop_intermediate
semantics for AUC: dropping collinear points does not change the trapezoid area).
"""
import json
import math
import os

import numpy as np
import torch

torch.manual_seed(0)
rng = np.random.default_rng(7)
out = {}


def tolist(t):
    return t.detach().double().reshape(-1).tolist()


# ---------------------------------------------------------------- optimisers
def optimiser_case(name, make_opt, steps=6, clip=None):
    """A tiny least-squares problem: params w [3, 4], b [4]; loss = mean((x @ w + b - y)^2)."""
    g = torch.Generator().manual_seed(1)
    x = torch.randn(5, 3, generator=g)
    y = torch.randn(5, 4, generator=g)
    w = torch.randn(3, 4, generator=g).requires_grad_(True)
    b = torch.randn(4, generator=g).requires_grad_(True)
    init = {"w": tolist(w), "b": tolist(b)}
    opt = make_opt([w, b])
    history = []
    for _ in range(steps):
        opt.zero_grad()
        loss = ((x @ w + b - y) ** 2).mean()
        loss.backward()
        total_norm = None
        if clip is not None:
            total_norm = float(torch.nn.utils.clip_grad_norm_([w, b], clip))
        grads = {"w": tolist(w.grad), "b": tolist(b.grad)}
        opt.step()
        history.append({
            "loss": float(loss),
            "grads": grads,
            "totalNorm": total_norm,
            "w": tolist(w),
            "b": tolist(b),
            "expAvg": {"w": tolist(opt.state[w]["exp_avg"]), "b": tolist(opt.state[b]["exp_avg"])},
            "expAvgSq": {"w": tolist(opt.state[w]["exp_avg_sq"]), "b": tolist(opt.state[b]["exp_avg_sq"])},
        })
    return {"name": name, "x": tolist(x), "y": tolist(y), "init": init, "clip": clip, "steps": history}


out["optimisers"] = [
    dict(optimiser_case("adam-default", lambda p: torch.optim.Adam(p, lr=0.01)),
         kind="adam", lr=0.01, betas=[0.9, 0.999], eps=1e-8, weightDecay=0.0),
    dict(optimiser_case("adam-ast", lambda p: torch.optim.Adam(p, lr=2.5e-4, betas=(0.95, 0.999), weight_decay=5e-7)),
         kind="adam", lr=2.5e-4, betas=[0.95, 0.999], eps=1e-8, weightDecay=5e-7),
    dict(optimiser_case("adam-l2", lambda p: torch.optim.Adam(p, lr=0.05, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1)),
         kind="adam", lr=0.05, betas=[0.8, 0.99], eps=1e-6, weightDecay=0.1),
    dict(optimiser_case("adamw", lambda p: torch.optim.AdamW(p, lr=0.02, weight_decay=0.1)),
         kind="adamw", lr=0.02, betas=[0.9, 0.999], eps=1e-8, weightDecay=0.1),
    dict(optimiser_case("adamw-clip", lambda p: torch.optim.AdamW(p, lr=0.02, weight_decay=0.05), clip=0.5),
         kind="adamw", lr=0.02, betas=[0.9, 0.999], eps=1e-8, weightDecay=0.05),
]

# ---------------------------------------------------------------- losses
logits = torch.randn(6, 4, generator=torch.Generator().manual_seed(3)) * 3
hard = torch.tensor([0, 3, 1, 1, 2, 0])
soft = torch.softmax(torch.randn(6, 4, generator=torch.Generator().manual_seed(4)), dim=1)
multi = (torch.rand(6, 4, generator=torch.Generator().manual_seed(5)) > 0.5).float()
losses = {"logits": tolist(logits), "shape": [6, 4], "hard": hard.tolist(), "soft": tolist(soft), "multi": tolist(multi), "cases": []}


def loss_case(name, fn, target, **kw):
    lg = logits.clone().requires_grad_(True)
    value = fn(lg, target, **kw)
    value.backward()
    losses["cases"].append({"name": name, "value": float(value), "grad": tolist(lg.grad)})


F = torch.nn.functional
loss_case("ce-hard", F.cross_entropy, hard)
loss_case("ce-hard-smooth", F.cross_entropy, hard, label_smoothing=0.1)
loss_case("ce-soft", F.cross_entropy, soft)
loss_case("ce-soft-smooth", F.cross_entropy, soft, label_smoothing=0.2)
loss_case("bce-soft", F.binary_cross_entropy_with_logits, soft)
loss_case("bce-multi", F.binary_cross_entropy_with_logits, multi)
out["losses"] = losses

# ---------------------------------------------------------------- schedules (AST: MultiStepLR(range(5, 1000, 1), 0.85))
p = torch.nn.Parameter(torch.zeros(1))
opt = torch.optim.Adam([p], lr=2.5e-4)
sched = torch.optim.lr_scheduler.MultiStepLR(opt, list(range(5, 1000, 1)), gamma=0.85)
ast_lrs = []
for _ in range(12):
    ast_lrs.append(opt.param_groups[0]["lr"])  # the lr epoch e (0-based) trains with
    opt.step()
    sched.step()
p2 = torch.nn.Parameter(torch.zeros(1))
opt2 = torch.optim.Adam([p2], lr=1e-3)
sched2 = torch.optim.lr_scheduler.MultiStepLR(opt2, list(range(2, 1000, 3)), gamma=0.5)
ast_lrs2 = []
for _ in range(12):
    ast_lrs2.append(opt2.param_groups[0]["lr"])
    opt2.step()
    sched2.step()
out["schedules"] = {"ast": {"lr": 2.5e-4, "start": 5, "step": 1, "gamma": 0.85, "lrs": ast_lrs},
                    "astStep3": {"lr": 1e-3, "start": 2, "step": 3, "gamma": 0.5, "lrs": ast_lrs2}}


# ---------------------------------------------------------------- ranking metrics (sklearn, re-implemented)
def binary_clf_curve(y_true, y_score):
    order = np.argsort(y_score, kind="mergesort")[::-1]
    y_score = y_score[order]
    y_true = y_true[order]
    distinct = np.where(np.diff(y_score))[0]
    threshold_idxs = np.r_[distinct, y_true.size - 1]
    tps = np.cumsum(y_true)[threshold_idxs]
    fps = 1 + threshold_idxs - tps
    return fps, tps, y_score[threshold_idxs]


def roc_auc(y_true, y_score):
    fps, tps, _ = binary_clf_curve(y_true, y_score)
    tps = np.r_[0, tps]
    fps = np.r_[0, fps]
    fpr = fps / fps[-1]
    tpr = tps / tps[-1]
    return float(np.trapz(tpr, fpr))


def average_precision(y_true, y_score):
    fps, tps, _ = binary_clf_curve(y_true, y_score)
    ps = tps + fps
    precision = np.divide(tps, ps, where=(ps != 0))
    recall = tps / tps[-1]
    # reverse so recall is decreasing, append (recall 0, precision 1) as sklearn does
    precision = np.hstack((precision[::-1], 1))
    recall = np.hstack((recall[::-1], 0))
    return float(-np.sum(np.diff(recall) * np.array(precision)[:-1]))


n, k = 60, 5
labels = rng.integers(0, k, size=n)
scores = rng.random((n, k)) * 0.6
scores[np.arange(n), labels] += rng.random(n) * 0.5  # informative but imperfect
scores = np.round(scores, 1)  # many ties, to exercise tie handling
onehot = np.eye(k)[labels]
per_class_auc = [roc_auc(onehot[:, c], scores[:, c]) for c in range(k)]
per_class_ap = [average_precision(onehot[:, c], scores[:, c]) for c in range(k)]
pred = np.argmax(scores, axis=1)  # numpy argmax: first maximum wins on ties
conf = np.zeros((k, k), dtype=int)
for t, q in zip(labels, pred):
    conf[t, q] += 1
tp = np.diag(conf).astype(float)
prec = np.divide(tp, conf.sum(0), out=np.zeros(k), where=conf.sum(0) != 0)
rec = np.divide(tp, conf.sum(1), out=np.zeros(k), where=conf.sum(1) != 0)
f1 = np.divide(2 * prec * rec, prec + rec, out=np.zeros(k), where=(prec + rec) != 0)
out["metrics"] = {
    "n": n, "k": k, "labels": labels.tolist(), "scores": scores.reshape(-1).tolist(),
    "accuracy": float(np.mean(pred == labels)),
    "auc": per_class_auc, "macroAuc": float(np.mean(per_class_auc)),
    "ap": per_class_ap, "mAP": float(np.mean(per_class_ap)),
    "confusion": conf.tolist(), "precision": prec.tolist(), "recall": rec.tolist(), "f1": f1.tolist(),
}

here = os.path.dirname(os.path.abspath(__file__))
path = os.path.join(here, "..", "fixtures", "reference.json")
with open(path, "w") as f:
    json.dump(out, f)
print("wrote", os.path.relpath(path), os.path.getsize(path), "bytes")
