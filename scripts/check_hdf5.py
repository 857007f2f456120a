"""Opens gdsweep files with h5py and checks names, dtypes, shapes, attributes and a few physics facts.

The first argument is the layout catalogue (`gdsweep layout --json`): every dataset of every file must be catalogued for
its kind of file (root attribute `layout`) with the catalogue's dtype and axis names, and `layout_version` must match."""
import json
import sys

import h5py
import numpy as np

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


def common(f, h, w, p):
    for name, dtype in [("status", np.int8), ("iterations", np.int32), ("loss", np.float64), ("grad_norm", np.float64),
                        ("norm2", np.float64), ("imbalance", np.float64)]:
        check(name in f, f"dataset {name} present")
        if name in f:
            check(f[name].dtype == dtype, f"{name} dtype {f[name].dtype} == {dtype}")
            check(f[name].shape == (h, w), f"{name} shape {f[name].shape} == {(h, w)}")
            if dtype in (np.int8, np.int32):
                check(f[name].chunks is not None, f"{name} chunked")
                check(f[name].compression == "gzip" and f[name].shuffle, f"{name} shuffle + deflate (default --compression fast)")
            else:
                check(f[name].chunks is None and f[name].compression is None, f"{name} contiguous, unfiltered (default --compression fast)")
    check(f["alpha"].shape == (w,) and f["beta"].shape == (h,), "alpha (W), beta (H)")
    for name in ("origin", "e1", "e2"):
        check(f["slice/" + name].shape == (p,) and f["slice/" + name].dtype == np.float64, f"slice/{name} shape (P,)")
    for attr in ("gdsweep_version", "command_line", "jdk", "problem", "eta", "lambda", "tolerance", "max_iterations",
                 "seed", "precision", "lane_width", "lane_bits", "threads", "divergence_norm2", "criterion"):
        check(attr in f.attrs, f"root attribute {attr}")
    check(f.attrs["precision"] == b"float64", "precision float64 (fixed-length string attribute)")
    st = f["status"][...]
    check(set(np.unique(st)) <= {0, 1, 2}, "status codes in {0,1,2}")
    conv = st == 0
    check(np.all(f["grad_norm"][...][conv] <= f.attrs["tolerance"]), "converged runs meet the tolerance")
    check(np.all(f["iterations"][...] <= f.attrs["max_iterations"]), "iterations within the cap")
    return st


catalogue_path, a, b, scan, crit, trace = sys.argv[1:7]
others = sys.argv[7:]  # further files (a refinement, a zoom): checked against the catalogue only
with open(catalogue_path) as fh:
    catalogue = json.load(fh)


def against_catalogue(path):
    """Every dataset of the file is in the catalogue of its kind, with that dtype and those dims."""
    with h5py.File(path, "r") as f:
        title = f.attrs["layout"].decode() if isinstance(f.attrs["layout"], bytes) else f.attrs["layout"]
        kinds = [k for k, v in catalogue["kinds"].items() if v["layout"] == title]
        check(len(kinds) == 1, f"{path}: layout '{title}' is a catalogued kind")
        check(f.attrs["layout_version"] == catalogue["layout_version"], f"{path}: layout_version")
        if len(kinds) != 1:
            return
        fields = {x["path"]: x for x in catalogue["kinds"][kinds[0]]["fields"]}

        def visit(name, obj):
            if not isinstance(obj, h5py.Dataset):
                return
            group = name.rsplit("/", 1)[0] + "/" if "/" in name else ""
            field = fields.get(name) or fields.get(group + "{derived}") or fields.get(group + "{array}")
            check(field is not None, f"{path}: dataset {name} is catalogued for {kinds[0]}")
            if field is None:
                return
            if field["dtype"] == "string":
                check(obj.dtype.kind == "S", f"{path}: {name} is a string dataset")
            else:
                check(str(obj.dtype) == field["dtype"], f"{path}: {name} dtype {obj.dtype} == {field['dtype']}")
            if "dims" in obj.attrs and field["dims"] and kinds[0] != "critical":
                dims = [d.decode() if isinstance(d, bytes) else d for d in obj.attrs["dims"]]
                check(dims == field["dims"], f"{path}: {name} dims {dims} == {field['dims']}")

        f.visititems(visit)


for p in (a, b, scan, crit, trace):
    against_catalogue(p)
with h5py.File(a, "r") as f:
    st = common(f, 301, 301, 2)
    check(f["alpha"][0] == -3 and f["alpha"][-1] == 3 and f["alpha"][150] == 0, "alpha includes the window edges")
    check(f.attrs["eta"] == 0.9 and f.attrs["lambda"] == 0, "eta and lambda recorded")
    check("product" in f and f["product"].shape == (301, 301), "product map for the scalar problem")
    # [LM] Theorem 1: converged starts lie in the ellipse (u+v)^2/(2+eta) + (u-v)^2/(2-eta) < 4/eta (or on u v = 1)
    u, v = np.meshgrid(f["alpha"][...], f["beta"][...])
    F = (u + v) ** 2 / (2 + 0.9) + (u - v) ** 2 / (2 - 0.9) - 4 / 0.9
    bad = (st == 0) & (F > 0.5) & (np.abs(u * v - 1) > 1e-9)
    check(not bad.any(), f"no converged start clearly outside the ellipse ({bad.sum()} found)")
    # independent re-computation in NumPy (same operation order and stopping rule): every status, iteration count
    # and final N must be identical to gdsweep's
    x, y = u.ravel().copy(), v.ravel().copy()
    idx = np.arange(x.size)
    ref_st = np.full(x.size, 2, np.int8)
    ref_it = np.zeros(x.size, np.int32)
    ref_n2 = np.zeros(x.size)
    eta, thr, r2, cap, it = 0.9, 1e-8 * 1e-8, 1e8, int(f.attrs["max_iterations"]), 0
    with np.errstate(all="ignore"):
        while idx.size:
            r = x * y - 1.0
            gx = r * y + 0.0 * x
            gy = r * x + 0.0 * y
            g2 = gx * gx + gy * gy
            n2 = x * x + y * y
            conv = g2 <= thr
            div = ~(n2 <= r2) | ~(g2 < np.inf)
            done = conv | div | (it >= cap)
            ref_st[idx[done]] = np.where(conv, 0, np.where(div, 1, 2))[done]
            ref_it[idx[done]] = it
            ref_n2[idx[done]] = n2[done]
            keep = ~done
            idx, x, y, gx, gy = idx[keep], x[keep] - eta * gx[keep], y[keep] - eta * gy[keep], gx[keep], gy[keep]
            it += 1
    check(np.array_equal(ref_st, st.ravel()), "NumPy re-computation: identical statuses")
    check(np.array_equal(ref_it, f["iterations"][...].ravel()), "NumPy re-computation: identical iteration counts")
    check(np.array_equal(ref_n2, f["norm2"][...].ravel()), "NumPy re-computation: identical final N, bit for bit")
    N, D, z = f["norm2"][...], f["imbalance"][...], f["product"][...]
    saddle = (st == 0) & (N < 1e-6)  # the saddle's basin (the segment u = -v) converges to the origin
    mins = (st == 0) & ~saddle & (f["iterations"][...] > 0)  # starts exactly on u v = 1 do not move
    check(saddle.sum() < 301, "only the segment u = -v reaches the saddle")
    check(np.allclose(z[mins], 1, atol=1e-8), "other converged runs reach the minimiser set u v = 1")
    check(np.all(N[mins] >= 2 - 1e-7) and np.all(N[mins] < 2 / 0.9 + 1e-7), "reached N in [2|y|, 2/eta): stable minimisers")
with h5py.File(b, "r") as f:
    st = common(f, 48, 48, 40)
    Y = f["problem/Y"][...]
    check(Y.shape == (4, 4) and Y.dtype == np.float64, "problem/Y is 4x4 float64")
    check(np.allclose(Y, np.diag(np.diag(Y))) and np.all((np.diag(Y) >= 0) & (np.diag(Y) < 1)), "Y diagonal in [0,1)")
    th = f["theta"][...]
    check(th.shape == (40, 48, 48), f"theta shape {th.shape} == (40, 48, 48)")
    check(list(f["theta_index"][...]) == list(range(40)), "theta_index 0..39")
    # recompute the loss of converged runs from the stored parameters and Y
    U = th[:20].reshape(5, 4, 48, 48)
    V = th[20:].reshape(5, 4, 48, 48)
    R = np.einsum("aihw,ajhw->ijhw", U, V) - Y[:, :, None, None]
    loss = 0.5 * (R ** 2).sum(axis=(0, 1))
    check(np.allclose(loss[st == 0], f["loss"][...][st == 0], atol=1e-12), "loss recomputed from theta and Y")
    e1, e2 = f["slice/e1"][...], f["slice/e2"][...]
    check(abs(e1 @ e1 - 1) < 1e-12 and abs(e2 @ e2 - 1) < 1e-12 and abs(e1 @ e2) < 1e-12, "slice directions orthonormal")

with h5py.File(scan, "r") as f:
    eta = f["eta"][...]
    check(eta.shape == (5,) and np.allclose(eta, [0.9, 0.95, 1.0, 1.05, 1.1]), "scan eta coordinate")
    for name in ("converged_fraction", "diverged_fraction", "undecided_fraction", "asymptotic_grad_norm"):
        check(f[name].shape == (5,) and f[name].dtype == np.float64, f"scan {name} (eta,) float64")
    tot = f["converged_fraction"][...] + f["diverged_fraction"][...] + f["undecided_fraction"][...]
    check(np.allclose(tot, 1), "fractions sum to 1")
    check(f["converged_fraction"][1] > 0.2 and f["converged_fraction"][3] == 0, "converged fraction collapses at eta = 1")
    for g in ("norm2", "imbalance", "sharpness", "iterations"):
        check(f[g + "/quantiles"].shape == (5, 7) and f[g + "/histogram"].shape[0] == 5, f"scan {g} summaries")
    check(f["runs/status"].shape == (5, 2000) and f["runs/status"].dtype == np.int8, "scan runs/status (eta, start) int8")
    st, sh, n2 = f["runs/status"][...], f["runs/sharpness"][...], f["runs/norm2"][...]
    ok = (st == 0) & (n2 > 1e-3) & (f["runs/iterations"][...] > 0)
    check(np.allclose(sh[ok], n2[ok], rtol=1e-6), "sharpness equals N at unregularised minimisers")
    check(f["starts"].shape == (2, 2000), "starts (P, S)")
    check(f["critical_eta_theory"].shape == (2000,), "Theorem 1 per start stored")
with h5py.File(crit, "r") as f:
    c, t = f["critical_eta"][...], f["critical_eta_theory"][...]
    check(c.shape == (24, 24) and t.shape == (24, 24), "critical map (H, W)")
    rel = np.abs(c / t - 1)
    check(np.mean(rel < 1e-3) > 0.9, f"bisected critical eta matches Theorem 1 ({np.mean(rel < 1e-3):.3f} within 1e-3)")
    check(f["flag"].dtype == np.int8 and "collapse_eta" in f.attrs, "flags and collapse point")

with h5py.File(trace, "r") as f:
    check(f["loss"].ndim == 2 and f["loss"].shape[0] == 2, "trace loss (run, point)")
    check(f["theta"].shape[:2] == (3, 2), "trace theta (parameter, run, point)")
    st, pts = f["step"][...], f["points"][...]
    check(all(st[i, pts[i] - 1] == f["iterations"][i] for i in range(2)), "final step recorded")
    sh = f["sharpness"][...]
    last = [sh[i, pts[i] - 1] for i in range(2)]
    check(all(f["status"][...] == 0) and all(x < 2 / 0.6 for x in last), "converged chain limits are stable: sharpness < 2/eta")

for path in others:
    against_catalogue(path)

if failures:
    print("check-hdf5: FAILED:")
    for x in failures:
        print("  -", x)
    sys.exit(1)
print(f"check-hdf5: {5 + len(others)} files (map scalar, map matrix, scan, critical, trace{', refine, zoom' if others else ''}), all checks passed, every dataset as catalogued")
