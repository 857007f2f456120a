#!/usr/bin/env python3
"""Writes a two-class subset of the handwritten digits that scikit-learn ships (no download) as gdsweep training data.

    python3 scripts/make-digits-data.py OUT.h5 [--classes 3,8] [--per-class 50] [--pool 2]

Datasets at the root, as `gdsweep --loss mlp --data OUT.h5` reads them:
  X  (n x d0) float64: 8x8 grey levels scaled to [0, 1], average-pooled over --pool x --pool blocks (d0 = (8/pool)^2)
  Y  (n x 1)  float64: +1 for the first class, -1 for the second
The first --per-class images of each class in scikit-learn's order, classes interleaved; the choices are stored as
attributes (source, classes, per_class, pool) so that a file says how it was made.
"""
import argparse

import h5py
import numpy as np
from sklearn.datasets import load_digits

p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
p.add_argument("out")
p.add_argument("--classes", default="3,8", help="two digits, the first labelled +1 (default 3,8)")
p.add_argument("--per-class", type=int, default=50, help="images per class (default 50)")
p.add_argument("--pool", type=int, default=2, choices=[1, 2, 4, 8], help="average-pool blocks of pool x pool pixels (default 2: 16 inputs)")
a = p.parse_args()
first, second = (int(c) for c in a.classes.split(","))
digits = load_digits()
images, labels = digits.images / 16.0, digits.target
picked = [np.flatnonzero(labels == c)[: a.per_class] for c in (first, second)]
if min(len(i) for i in picked) < a.per_class:
    raise SystemExit(f"make-digits-data: fewer than {a.per_class} images of class {first} or {second}")
order = np.ravel(np.column_stack(picked))  # interleave the two classes
k = 8 // a.pool
x = images[order].reshape(len(order), k, a.pool, k, a.pool).mean(axis=(2, 4)).reshape(len(order), k * k)
y = np.where(labels[order] == first, 1.0, -1.0).reshape(-1, 1)
with h5py.File(a.out, "w") as f:
    f["X"] = x.astype(np.float64)
    f["Y"] = y
    f.attrs["source"] = "sklearn.datasets.load_digits (UCI optical digits, bundled with scikit-learn)"
    f.attrs["classes"] = np.array([first, second])
    f.attrs["per_class"] = a.per_class
    f.attrs["pool"] = a.pool
print(f"wrote {a.out}: X {x.shape}, Y {y.shape} (digits {first} -> +1, {second} -> -1)")
