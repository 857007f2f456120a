"""JAX peer for networks on data (issue 14): the runs of a gdsweep fixed-horizon scan file, recomputed in JAX.

Reads SCAN.h5 (written by `gdsweep scan --loss mlp ... --fixed-horizon`): the data (problem/X, problem/Y), the network
(problem_widths, problem_activation, problem_biases, lambda, problem_momentum), the starts and step sizes, and the
horizon T. Runs every (step size, start) pair for exactly T steps of GD (heavy ball when momentum > 0) in float64,
jit-compiled and vmapped over runs, as a JAX user would write it: the loss 1/(2n) sum |f(x) - y|^2 + lambda/2 |theta|^2,
its gradient by jax.grad. tanh is jnp.tanh (XLA's), not gdsweep's own, so results agree to rounding, not bit for bit.

Prints one JSON line: compile_s (first call, compile included), warm_s (second call), runs, steps, lane_iterations_per_s
(warm), status_agreement (fraction of runs with gdsweep's status: diverged if non-finite or |theta|^2 > R^2, converged
if |grad L| <= tol at T, else undecided), loss_max_rel_diff over runs bounded in both. With OUT.h5 as second argument
it writes the final losses there with h5py (the whole-process row includes that).

Threads: run under `taskset -c 0` with XLA_FLAGS="--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"
for per-core figures (scripts/compare-peers.sh does)."""
import json
import sys
import time

import h5py
import numpy as np
import jax
import jax.numpy as jnp

jax.config.update("jax_enable_x64", True)

path = sys.argv[1]
with h5py.File(path, "r") as f:
    X = f["problem/X"][...]
    Y = f["problem/Y"][...]
    starts = f["starts"][...]  # [P][S]
    etas = f["eta"][...]
    a = f.attrs
    widths = [int(w) for w in a["problem_widths"]]
    act = a["problem_activation"].decode() if isinstance(a["problem_activation"], bytes) else str(a["problem_activation"])
    biases = (a["problem_biases"].decode() if isinstance(a["problem_biases"], bytes) else str(a["problem_biases"])) == "on"
    lam = float(a["lambda"])
    beta = float(a["problem_momentum"])
    T = int(a["max_iterations"])
    tol = float(a["tolerance"])
    R2 = float(a["divergence_norm2"])
    ref_status = f["runs/status"][...].ravel()
    ref_loss = f["runs/loss"][...].ravel()

n = X.shape[0]
sigma = {"relu": jax.nn.relu, "tanh": jnp.tanh, "linear": lambda z: z}[act]
shapes = []
for i in range(1, len(widths)):
    shapes.append(("W", (widths[i], widths[i - 1])))
    if biases:
        shapes.append(("b", (widths[i],)))


def unpack(theta):
    out, o = [], 0
    for kind, shp in shapes:
        size = int(np.prod(shp))
        out.append(theta[o:o + size].reshape(shp))
        o += size
    return out


def loss(theta):
    parts = unpack(theta)
    h = X
    k = 0
    layers = len(widths) - 1
    for i in range(layers):
        W = parts[k]; k += 1
        z = h @ W.T
        if biases:
            z = z + parts[k]; k += 1
        h = sigma(z) if i < layers - 1 else z
    r = h - Y
    return 0.5 / n * jnp.sum(r * r) + 0.5 * lam * jnp.sum(theta * theta)


grad = jax.grad(loss)


def run(theta0, eta):
    def step(_, state):
        th, v = state
        g = grad(th)
        v = beta * v - eta * g
        return (th + v, v) if beta != 0 else (th - eta * g, v)
    th, _ = jax.lax.fori_loop(0, T, step, (theta0, jnp.zeros_like(theta0)))
    return th, loss(th), jnp.sum(grad(th) ** 2)


batched = jax.jit(jax.vmap(run))
S = starts.shape[1]
theta0 = jnp.asarray(np.tile(starts.T, (len(etas), 1)))  # run index e*S + s, as gdsweep stores runs
eta = jnp.asarray(np.repeat(etas, S))
t = time.perf_counter()
th, L, g2 = jax.block_until_ready(batched(theta0, eta))
compile_s = time.perf_counter() - t
t = time.perf_counter()
th, L, g2 = jax.block_until_ready(batched(theta0, eta))
warm_s = time.perf_counter() - t
th, L, g2 = np.asarray(th), np.asarray(L), np.asarray(g2)
n2 = np.sum(th * th, axis=1)
status = np.where(~np.isfinite(n2) | ~np.isfinite(g2) | ~(n2 <= R2), 1, np.where(g2 <= tol * tol, 0, 2))
both = (status != 1) & (ref_status != 1)
rel = np.abs(L[both] - ref_loss[both]) / np.maximum(np.abs(ref_loss[both]), 1e-300)
if len(sys.argv) > 2:
    with h5py.File(sys.argv[2], "w") as f:
        f["loss"] = L
        f["status"] = status.astype(np.int8)
runs = len(eta)
print(json.dumps({"compile_s": compile_s, "warm_s": warm_s, "runs": runs, "steps": T, "lane_iterations_per_s": runs * T / warm_s,
                  "status_agreement": float(np.mean(status == ref_status)), "loss_max_rel_diff": float(rel.max()) if rel.size else 0.0}))
