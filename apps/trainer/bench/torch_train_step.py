"""PyTorch peer of the trainer benchmark: asm-rh-tiny train steps (forward, cross-entropy, backward, Adam) on the CPU
with one thread, timed in process CPU time. Uses the reference model of packages/asm-rh/scripts/asm_rh_torch.py.

Usage: /usr/bin/python3 bench/torch_train_step.py <target_length> <batch> <classes> <steps>
Prints one JSON line: {"torch": version, "cpuSecondsPerStep": s, "wallSecondsPerStep": s}.
"""
import json
import os
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..', '..', 'packages', 'asm-rh', 'scripts'))
from asm_rh_torch import create_model  # noqa: E402

target_length, batch, classes, steps = (int(a) for a in sys.argv[1:5])
torch.set_num_threads(1)
torch.manual_seed(0)
model = create_model('asm-rh-tiny', classes, target_length)
opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.95, 0.999), weight_decay=5e-7)
x = torch.randn(batch, target_length, 128)
y = torch.randint(0, classes, (batch,))


def step():
    loss = torch.nn.functional.cross_entropy(model(x), y)
    opt.zero_grad(set_to_none=True)
    loss.backward()
    opt.step()
    return float(loss)


for _ in range(2):
    step()
cpu0, wall0 = time.process_time(), time.perf_counter()
for _ in range(steps):
    step()
cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
print(json.dumps({'torch': torch.__version__, 'cpuSecondsPerStep': cpu / steps, 'wallSecondsPerStep': wall / steps}))
