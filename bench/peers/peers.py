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


if __name__ == "__main__":
    name, n, lo, hi, eta, tol, r2, cap, out = sys.argv[1:10]
    fn = {"numpy": numpy_compacting, "numba": numba_per_start, "jax": jax_vmap}[name]
    st, it, secs = fn(int(n), float(lo), float(hi), float(eta), float(tol), float(r2), int(cap))
    with open(out, "wb") as f:
        f.write(st.astype(np.int8).tobytes())
        f.write(it.astype(np.int32).tobytes())
    print(int(it.astype(np.int64).sum()), f"{secs:.6f}")
