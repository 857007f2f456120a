"""Networks on data against JAX (issue 14): the same fixed-horizon scan of a tanh network on teacher data, one core each.

gdsweep: `taskset -c 0 ./gdsweep scan --loss mlp ... --fixed-horizon --no-sharpness --trailing-window 1 --threads 1`
timed from outside (whole process);
warm: the same scan run twice in one `gdsweep batch`, the second summary line's lane-iterations/s (kernel compiled).
JAX: bench/peers/mlp_jax.py on gdsweep's own file (same data, starts, step sizes, horizon), jit + vmap over runs,
`taskset -c 0` and XLA's Eigen threads off: whole process (import, compile, compute, h5py write) timed from outside,
warm = its second call. Agreement: statuses equal, final losses of runs bounded in both within rounding.

Usage: mlp_compare.py [ROUNDS] (default 3; rounds alternate the tools, medians reported)."""
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GDSWEEP = os.path.join(ROOT, "gdsweep")
JAX_PEER = os.path.join(ROOT, "bench", "peers", "mlp_jax.py")
ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 3
WORKLOADS = {
    "tanh 4-16-16-1, 64 samples, 256 runs x 1000 steps": "--loss mlp --widths 4,16,16,1 --activation tanh --samples 64 --etas 0.05,0.1 --count 128 --max-iter 1000",
    "relu 16-32-32-1 on digits-like teacher, 100 samples, 64 runs x 500 steps":
        "--loss mlp --widths 16,32,32,1 --activation relu --bias off --samples 100 --etas 0.1,0.2 --count 32 --max-iter 500",
}
work = tempfile.mkdtemp(prefix="gdsweep-mlp-")
one_core = ["taskset", "-c", "0"]
env_jax = dict(os.environ, XLA_FLAGS="--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1")


def run(cmd, env=None):
    t = time.perf_counter()
    p = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env)
    return time.perf_counter() - t, p.stdout + p.stderr


print(f"{'workload':<74} {'gdsweep s':>9} {'JAX s':>8} {'ratio':>6} {'gdsweep it/s':>13} {'JAX it/s':>10} {'ratio':>6} {'status':>7} {'max rel dL':>10}")
for name, spec in WORKLOADS.items():
    # what JAX computes: the runs to the horizon and their final loss; no sharpness, a 1-step trailing window (the
    # period check of undecided runs, up to 32 scalar steps each, stays: scan always classifies orbits)
    args = spec.split() + ["--fixed-horizon", "--no-sharpness", "--trailing-window", "1", "--no-png", "-q", "--threads", "1"]
    g_whole, j_whole, g_warm, j_warm, agree, diff = [], [], [], [], [], []
    h5 = os.path.join(work, "g.h5")
    for r in range(ROUNDS):
        t, _ = run(one_core + [GDSWEEP, "scan", *args, "-o", h5, "--force"])
        g_whole.append(t)
        batch = os.path.join(work, "batch.txt")
        with open(batch, "w") as f:
            for k in range(2):
                f.write("scan " + " ".join(args) + f" -o {work}/w{k}.h5 --force\n")
        _, out = run(one_core + [GDSWEEP, "batch", batch])
        rates = re.findall(r"([0-9.e+]+) lane-iterations/s", out)
        g_warm.append(float(rates[-1]))
        t, out = run(one_core + [sys.executable, JAX_PEER, h5, os.path.join(work, "jax.h5")], env=env_jax)
        j_whole.append(t)
        res = json.loads(out.strip().splitlines()[-1])
        j_warm.append(res["lane_iterations_per_s"])
        agree.append(res["status_agreement"])
        diff.append(res["loss_max_rel_diff"])
    gw, jw = statistics.median(g_whole), statistics.median(j_whole)
    gr, jr = statistics.median(g_warm), statistics.median(j_warm)
    print(f"{name:<74} {gw:9.2f} {jw:8.2f} {jw / gw:5.2f}x {gr:13.3g} {jr:10.3g} {gr / jr:5.2f}x {min(agree):7.3f} {max(diff):10.2g}")
    if min(agree) < 1:
        print("  (statuses differ: runs at the edge of stability are chaotic; rounding differences between the tools grow there)")
