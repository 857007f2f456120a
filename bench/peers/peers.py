"""Peer implementations of gdsweep's ½(xy − 1)² basin map, same operation order and stopping rule, for the
side-by-side comparison (scripts/compare-peers.sh). Each returns (status int8, iterations int32, seconds) for the
N×N grid over [lo, hi]², run index j·N + i; timing excludes grid setup and, for JIT peers, compilation."""
import os
import sys
import time

import numpy as np

TARGET, LAMBDA = 1.0, 0.0


def grid(n, lo, hi):
    i = np.arange(n, dtype=np.float64)
    c = lo + (hi - lo) * i / (n - 1)
    c[-1] = hi
    x = np.tile(c, n)          # alpha varies fastest (column i)
    y = np.repeat(c, n)        # beta by row j
    return x, y


def numpy_compacting(n, lo, hi, eta, tol, r2, cap):
    """Vectorised over the active set, which is compacted whenever runs finish."""
    x, y = grid(n, lo, hi)
    runs = x.size
    status = np.full(runs, 2, np.int8)
    iters = np.zeros(runs, np.int32)
    idx = np.arange(runs)
    thr = tol * tol
    t0 = time.perf_counter()
    it = 0
    with np.errstate(all="ignore"):
        while idx.size:
            r = x * y - TARGET
            gx = r * y + LAMBDA * x
            gy = r * x + LAMBDA * y
            g2 = gx * gx + gy * gy
            n2 = x * x + y * y
            conv = g2 <= thr
            div = ~(n2 <= r2) | ~(g2 < np.inf)
            capped = np.full(idx.size, it >= cap)
            done = conv | div | capped
            if done.any():
                st = np.where(conv, 0, np.where(div, 1, 2)).astype(np.int8)
                status[idx[done]] = st[done]
                iters[idx[done]] = it
                keep = ~done
                idx, x, y, gx, gy = idx[keep], x[keep], y[keep], gx[keep], gy[keep]
            x = x - eta * gx
            y = y - eta * gy
            it += 1
    return status, iters, time.perf_counter() - t0


def numba_per_start(n, lo, hi, eta, tol, r2, cap):
    import numba

    @numba.njit(parallel=True, fastmath=False, error_model="numpy")
    def run(x0, y0, eta, thr, r2, cap, status, iters):
        for k in numba.prange(x0.size):
            x, y = x0[k], y0[k]
            it = 0
            while True:
                r = x * y - TARGET
                gx = r * y + LAMBDA * x
                gy = r * x + LAMBDA * y
                g2 = gx * gx + gy * gy
                n2 = x * x + y * y
                if g2 <= thr:
                    status[k] = 0
                    break
                if not (n2 <= r2) or not (g2 < np.inf):
                    status[k] = 1
                    break
                if it >= cap:
                    status[k] = 2
                    break
                x = x - eta * gx
                y = y - eta * gy
                it += 1
            iters[k] = it

    x, y = grid(n, lo, hi)
    status = np.zeros(x.size, np.int8)
    iters = np.zeros(x.size, np.int32)
    run(x[:16], y[:16], eta, tol * tol, r2, cap, status[:16], iters[:16])  # compile
    t0 = time.perf_counter()
    run(x, y, eta, tol * tol, r2, cap, status, iters)
    return status, iters, time.perf_counter() - t0


def jax_vmap(n, lo, hi, eta, tol, r2, cap):
    os.environ.setdefault("XLA_FLAGS", "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1")
    import jax
    jax.config.update("jax_enable_x64", True)
    import jax.numpy as jnp

    thr = tol * tol

    def one(x, y):
        def cond(s):
            return s[3] < 0

        def body(s):
            x, y, it, st = s
            r = x * y - TARGET
            gx = r * y + LAMBDA * x
            gy = r * x + LAMBDA * y
            g2 = gx * gx + gy * gy
            n2 = x * x + y * y
            st = jnp.where(g2 <= thr, 0, jnp.where(~(n2 <= r2) | ~(g2 < jnp.inf), 1, jnp.where(it >= cap, 2, -1))).astype(jnp.int32)
            go = st < 0
            return (jnp.where(go, x - eta * gx, x), jnp.where(go, y - eta * gy, y), jnp.where(go, it + 1, it), st)

        s = jax.lax.while_loop(cond, body, (x, y, jnp.int32(0), jnp.int32(-1)))
        return s[3].astype(jnp.int8), s[2]

    f = jax.jit(jax.vmap(one))
    x, y = grid(n, lo, hi)
    f(jnp.asarray(x[:16]), jnp.asarray(y[:16]))[0].block_until_ready()
    t0 = time.perf_counter()
    st, it = f(jnp.asarray(x), jnp.asarray(y))
    st.block_until_ready()
    return np.asarray(st), np.asarray(it, dtype=np.int32), time.perf_counter() - t0


def _matrix_step_numpy(th, Y, k, m, n, lam):
    """Gradient, ‖g‖², ‖θ‖² over columns of th (P × active), in gdsweep's order."""
    v = k * m
    R = [[None] * n for _ in range(m)]
    for i in range(m):
        for j in range(n):
            s = th[i] * th[v + j]
            for a in range(1, k):
                s = s + th[a * m + i] * th[v + a * n + j]
            R[i][j] = s - Y[i, j]
    g = np.empty_like(th)
    for a in range(k):
        for i in range(m):
            s = th[v + a * n] * R[i][0]
            for j in range(1, n):
                s = s + th[v + a * n + j] * R[i][j]
            g[a * m + i] = s + lam * th[a * m + i]
    for a in range(k):
        for j in range(n):
            s = th[a * m] * R[0][j]
            for i in range(1, m):
                s = s + th[a * m + i] * R[i][j]
            g[v + a * n + j] = s + lam * th[v + a * n + j]
    g2 = g[0] * g[0]
    n2 = th[0] * th[0]
    for p in range(1, th.shape[0]):
        g2 = g2 + g[p] * g[p]
        n2 = n2 + th[p] * th[p]
    return g, g2, n2


def numpy_matrix(starts, Y, k, m, n, eta, tol, r2, cap):
    th = np.ascontiguousarray(starts.T)  # P × runs
    runs = th.shape[1]
    status = np.full(runs, 2, np.int8)
    iters = np.zeros(runs, np.int32)
    idx = np.arange(runs)
    thr = tol * tol
    t0 = time.perf_counter()
    it = 0
    with np.errstate(all="ignore"):
        while idx.size:
            g, g2, n2 = _matrix_step_numpy(th, Y, k, m, n, 0.0)
            conv = g2 <= thr
            div = ~(n2 <= r2) | ~(g2 < np.inf)
            done = conv | div | (it >= cap)
            if done.any():
                status[idx[done]] = np.where(conv, 0, np.where(div, 1, 2)).astype(np.int8)[done]
                iters[idx[done]] = it
                keep = ~done
                idx, th, g = idx[keep], th[:, keep], g[:, keep]
            th = th - eta * g
            it += 1
    return status, iters, time.perf_counter() - t0


def numba_matrix(starts, Y, k, m, n, eta, tol, r2, cap):
    import numba

    @numba.njit(parallel=True, fastmath=False, error_model="numpy")
    def run(starts, Y, k, m, n, eta, thr, r2, cap, status, iters):
        P = k * (m + n)
        v = k * m
        for r in numba.prange(starts.shape[0]):
            th = starts[r].copy()
            g = np.empty(P)
            R = np.empty(m * n)
            it = 0
            while True:
                for i in range(m):
                    for j in range(n):
                        s = th[i] * th[v + j]
                        for a in range(1, k):
                            s = s + th[a * m + i] * th[v + a * n + j]
                        R[i * n + j] = s - Y[i, j]
                for a in range(k):
                    for i in range(m):
                        s = th[v + a * n] * R[i * n]
                        for j in range(1, n):
                            s = s + th[v + a * n + j] * R[i * n + j]
                        g[a * m + i] = s + 0.0 * th[a * m + i]
                for a in range(k):
                    for j in range(n):
                        s = th[a * m] * R[j]
                        for i in range(1, m):
                            s = s + th[a * m + i] * R[i * n + j]
                        g[v + a * n + j] = s + 0.0 * th[v + a * n + j]
                g2 = g[0] * g[0]
                n2 = th[0] * th[0]
                for p in range(1, P):
                    g2 = g2 + g[p] * g[p]
                    n2 = n2 + th[p] * th[p]
                if g2 <= thr:
                    status[r] = 0
                    break
                if not (n2 <= r2) or not (g2 < np.inf):
                    status[r] = 1
                    break
                if it >= cap:
                    status[r] = 2
                    break
                for p in range(P):
                    th[p] = th[p] - eta * g[p]
                it += 1
            iters[r] = it

    runs = starts.shape[0]
    status = np.zeros(runs, np.int8)
    iters = np.zeros(runs, np.int32)
    run(starts[:4], Y, k, m, n, eta, tol * tol, r2, cap, status[:4], iters[:4])
    t0 = time.perf_counter()
    run(starts, Y, k, m, n, eta, tol * tol, r2, cap, status, iters)
    return status, iters, time.perf_counter() - t0


def save(out, status, iters, n):
    """Raw int8 statuses then int32 iteration counts, or, for a path ending in .h5, an HDF5 file written with h5py as
    a user's script would (datasets status and iterations, n x n, row j = beta index)."""
    if out.endswith(".h5"):
        import h5py
        with h5py.File(out, "w") as f:
            f.create_dataset("status", data=status.astype(np.int8).reshape(n, n))
            f.create_dataset("iterations", data=iters.astype(np.int32).reshape(n, n))
        return
    with open(out, "wb") as f:
        f.write(status.astype(np.int8).tobytes())
        f.write(iters.astype(np.int32).tobytes())


if __name__ == "__main__" and sys.argv[1].endswith("_matrix"):
    name, k, m, n, starts_bin, y_bin, runs, eta, tol, r2, cap, out = sys.argv[1:13]
    k, m, n, runs = int(k), int(m), int(n), int(runs)
    starts = np.fromfile(starts_bin, np.float64).reshape(runs, k * (m + n))
    Y = np.fromfile(y_bin, np.float64).reshape(m, n)
    fn = {"numpy_matrix": numpy_matrix, "numba_matrix": numba_matrix}[name]
    st, it, secs = fn(starts, Y, k, m, n, float(eta), float(tol), float(r2), int(cap))
    save(out, st, it, int(round(np.sqrt(runs))))
    print(int(it.astype(np.int64).sum()), f"{secs:.6f}")
    sys.exit(0)

if __name__ == "__main__":
    name, n, lo, hi, eta, tol, r2, cap, out = sys.argv[1:10]
    fn = {"numpy": numpy_compacting, "numba": numba_per_start, "jax": jax_vmap}[name]
    st, it, secs = fn(int(n), float(lo), float(hi), float(eta), float(tol), float(r2), int(cap))
    save(out, st, it, int(n))
    print(int(it.astype(np.int64).sum()), f"{secs:.6f}")
