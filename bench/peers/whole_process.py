"""Whole-process comparison: each tool run as a user runs it, timed from outside as one process (start, imports, JIT
compilation, compute on all cores, writing the result), on the same basin maps, alternating tools round by round.

gdsweep: ./gdsweep map ... --fields iterations --no-png (the launcher, JVM start, JIT warm-up and HDF5 writing
included; default threads = all cores, default compression). Numba: @njit(parallel=True) on all cores, import and
compilation included, result written with h5py. JAX: jit+vmap, import and compilation included, written with h5py.
NumPy: vectorised over a compacting active set, written with h5py. C: the AVX-512 kernel, process start and writing a
raw file included, compiled beforehand, once on one thread and once on all cores (the same source built with -fopenmp:
the most a native program of this algorithm does here, with no JIT, no interpreter and no HDF5). Every tool's statuses and iteration
counts must equal gdsweep's; a disagreement fails the run.

Usage: whole_process.py [ROUNDS]; environment SIZES_D1 / SIZES_MATRIX override the sizes (comma-separated),
SKIP names tools to leave out (comma-separated, e.g. "JAX,NumPy")."""
import os
import statistics
import subprocess
import sys
import tempfile
import time

import h5py
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PY = sys.executable
PEERS = os.path.join(ROOT, "bench", "peers", "peers.py")
GDSWEEP = os.path.join(ROOT, "gdsweep")
ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 3
SIZES_D1 = [int(v) for v in os.environ.get("SIZES_D1", "256,1024,4096").split(",") if v]
SIZES_MATRIX = [int(v) for v in os.environ.get("SIZES_MATRIX", "128,256,512").split(",") if v]
SKIP = set(v for v in os.environ.get("SKIP", "").split(",") if v)
# JAX's vmap runs every lane until the slowest finishes (cap x starts steps): beyond this many starts it is left out
JAX_MAX_STARTS = 1024 * 1024
LO, HI, ETA, TOL, R2, CAP = -3.0, 3.0, 0.9, 1e-8, 1e8, 1000
META, MCAP = 0.45, 10000
work = tempfile.mkdtemp(prefix="gdsweep-whole-")


def timed(cmd, env=None):
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    return time.perf_counter() - t


def read(path, n):
    if path.endswith(".h5"):
        with h5py.File(path, "r") as f:
            return f["status"][...].ravel(), f["iterations"][...].ravel()
    raw = open(path, "rb").read()
    return np.frombuffer(raw[: n * n], np.int8), np.frombuffer(raw[n * n: 5 * n * n], np.int32)


def gdsweep_d1(n, out):
    return [GDSWEEP, "map", "--loss", "scalar", "--d", "1", "--y", "1", "--lambda", "0", "--eta", str(ETA),
            f"--window={LO}:{HI},{LO}:{HI}", "--size", str(n), "--max-iter", str(CAP), "--tol", str(TOL),
            "--diverge-norm2", str(R2), "--fields", "iterations", "--no-png", "--force", "-q", "-o", out]


def gdsweep_matrix(n, out, extra=()):
    return [GDSWEEP, "map", "--loss", "matrix", "--k", "5", "--m", "4", "--n", "4", "--eta", str(META), "--slice", "random",
            "--seed", "1", "--window=-3:3,-3:3", "--size", str(n), "--max-iter", str(MCAP), "--fields", "iterations",
            "--no-png", "--force", "-q", "-o", out, *extra]


for source, binary in (("kernel_d1.c", "kd1"), ("kernel_matrix.c", "km")):
    for flags, suffix in (([], ""), (["-fopenmp"], "omp")):
        subprocess.run(["gcc", "-O3", "-march=native", "-ffp-contract=off", *flags, "-o", os.path.join(work, binary + suffix),
                        os.path.join(ROOT, "bench", "peers", source)], check=True)
subprocess.run([GDSWEEP, "--version"], check=True, stdout=subprocess.DEVNULL)  # builds the jar if needed (not timed)

workloads = []  # (title, n, {tool: (command, output)}, reference output)
for n in SIZES_D1:
    args = [str(v) for v in (n, LO, HI, ETA, TOL, R2, CAP)]
    tools = {
        "gdsweep": (gdsweep_d1(n, os.path.join(work, f"g{n}.h5")), os.path.join(work, f"g{n}.h5")),
        "Numba": ([PY, PEERS, "numba"] + args + [os.path.join(work, f"nb{n}.h5")], os.path.join(work, f"nb{n}.h5")),
        "JAX": ([PY, PEERS, "jax"] + args + [os.path.join(work, f"jx{n}.h5")], os.path.join(work, f"jx{n}.h5")),
        "NumPy": ([PY, PEERS, "numpy"] + args + [os.path.join(work, f"np{n}.h5")], os.path.join(work, f"np{n}.h5")),
        "C (1 thread)": ([os.path.join(work, "kd1")] + args + [os.path.join(work, f"c{n}.bin")], os.path.join(work, f"c{n}.bin")),
        "C (all cores)": ([os.path.join(work, "kd1omp")] + args + [os.path.join(work, f"co{n}.bin")], os.path.join(work, f"co{n}.bin")),
    }
    if n * n > JAX_MAX_STARTS:
        del tools["JAX"]
    workloads.append((f"½(xy − 1)², {n}², cap {CAP}", n, tools))
for n in SIZES_MATRIX:
    # the random slice's starts and Y, from gdsweep's own file (not timed): the peers read them
    ref = os.path.join(work, f"mref{n}.h5")
    subprocess.run(gdsweep_matrix(n, ref, ["--save-params"]), check=True, stdout=subprocess.DEVNULL)
    with h5py.File(ref, "r") as f:
        o, e1, e2 = f["slice/origin"][...], f["slice/e1"][...], f["slice/e2"][...]
        A, B = np.meshgrid(f["alpha"][...], f["beta"][...])
        starts = (o[None, :] + A.ravel()[:, None] * e1[None, :]) + B.ravel()[:, None] * e2[None, :]
        Y = f["problem/Y"][...]
    sb, yb = os.path.join(work, f"starts{n}.bin"), os.path.join(work, f"Y{n}.bin")
    starts.astype(np.float64).tofile(sb)
    Y.astype(np.float64).tofile(yb)
    common = ["5", "4", "4", sb, yb, str(n * n)]
    tail = [str(META), "1e-08", "1e+08", str(MCAP)]
    tools = {
        "gdsweep": (gdsweep_matrix(n, os.path.join(work, f"gm{n}.h5")), os.path.join(work, f"gm{n}.h5")),
        "Numba": ([PY, PEERS, "numba_matrix"] + common + tail + [os.path.join(work, f"nbm{n}.h5")], os.path.join(work, f"nbm{n}.h5")),
        "NumPy": ([PY, PEERS, "numpy_matrix"] + common + tail + [os.path.join(work, f"npm{n}.h5")], os.path.join(work, f"npm{n}.h5")),
        "C (1 thread)": ([os.path.join(work, "km")] + common + tail + [os.path.join(work, f"cm{n}.bin")], os.path.join(work, f"cm{n}.bin")),
        "C (all cores)": ([os.path.join(work, "kmomp")] + common + tail + [os.path.join(work, f"cmo{n}.bin")], os.path.join(work, f"cmo{n}.bin")),
    }
    workloads.append((f"5×4 matrix, {n}², cap {MCAP}", n, tools))

times = {}
failures = []
for rnd in range(ROUNDS):
    for title, n, tools in workloads:
        for name, (cmd, out) in tools.items():
            if name in SKIP:
                continue
            secs = timed(cmd)
            times.setdefault((title, name), []).append(secs)
            print(f"round {rnd + 1}: {title}: {name}: {secs:.2f} s", file=sys.stderr, flush=True)
        if rnd == 0:
            ref_st, ref_it = read(tools["gdsweep"][1], n)
            for name, (cmd, out) in tools.items():
                if name in SKIP or name == "gdsweep":
                    continue
                st, it = read(out, n)
                diff = int(np.count_nonzero(st != ref_st) + np.count_nonzero(it != ref_it))
                if diff:
                    failures.append(f"{title}: {name}: {diff} statuses/iteration counts differ from gdsweep")

cores = os.cpu_count()
print(f"\nWhole process, as a user runs each tool ({cores} cores; median of {ROUNDS} alternating rounds; wall seconds)")
print(f"{'workload':32s} {'tool':14s} {'seconds':>8s} {'min':>7s} {'max':>7s} {'gdsweep faster by':>18s}")
for title, n, tools in workloads:
    g = statistics.median(times[(title, "gdsweep")])
    for name in tools:
        if name in SKIP:
            continue
        v = times[(title, name)]
        m = statistics.median(v)
        print(f"{title:32s} {name:14s} {m:8.2f} {min(v):7.2f} {max(v):7.2f} {m / g:17.2f}x")
if failures:
    print("\nFAILED: a peer disagrees with gdsweep:\n  " + "\n  ".join(failures))
    sys.exit(1)
print("every tool reproduces gdsweep's statuses and iteration counts bit for bit")
