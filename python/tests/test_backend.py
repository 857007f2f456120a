"""Tests of the xarray backend on files written by the gdsweep CLI (run by scripts/check-hdf5-python.sh).

Usage: python test_backend.py MAP.h5 MATRIX_MAP.h5 SCAN.h5 CRITICAL.h5 TRACE.h5 LONG_TRACE.h5 MEASURES.h5 TILE_DIR WHOLE.h5 [NETWORK_SCAN.h5]
"""
import sys

import numpy as np
import xarray as xr

import gdsweep

a, b, s, c, t, long_trace, measures, tiles, whole = sys.argv[1:10]

# A map: dims (beta, alpha) with coordinates, the engine chosen by name and found by guessing.
ds = xr.open_dataset(a, engine="gdsweep")
assert ds.status.dims == ("beta", "alpha"), ds.status.dims
assert ds.sizes["alpha"] == 301 and ds.sizes["beta"] == 301
assert np.isclose(ds.alpha[0], -3) and np.isclose(ds.alpha[-1], 3) and np.isclose(ds.beta[-1], 3)
assert ds.attrs["layout"] == "gdsweep basin map" and ds.attrs["command"] == "map"
assert ds.attrs["command_line"].startswith("gdsweep map ")
assert ds.status.dtype == np.int8 and ds.iterations.dtype == np.int32
# the point (u, v) = (1, 1) is a minimiser: converged at once; (3, 3) is outside the ellipse: not converged
assert int(ds.status.sel(alpha=1, beta=1, method="nearest")) == 0
assert int(ds.status.sel(alpha=3, beta=3, method="nearest")) != 0
assert gdsweep.open(a).status.equals(ds.status)
# what converged runs reached, with CF flags: (1, 1) is a minimiser; the map is ½(uv − 1)² on a grid through u = −v,
# whose converged points reach the saddle at the origin (limit 2)
assert ds.limit.dims == ("beta", "alpha") and ds.limit.dtype == np.int8
assert ds.limit.attrs["flag_meanings"].split() == ["none", "minimiser", "origin", "other_critical_point", "unclassified"]
assert list(ds.limit.attrs["flag_values"]) == [0, 1, 2, 3, 4]
assert int(ds.limit.sel(alpha=1, beta=1, method="nearest")) == 1
assert ((ds.limit > 0) == (ds.status == 0)).all(), "every converged run has a limit, no other run has one"
assert xr.open_dataset(a).status.dims == ("beta", "alpha"), "the backend is guessed for a gdsweep file"

# Lazily with dask: nothing read until computed, same values.
lazy = xr.open_dataset(a, engine="gdsweep", chunks={})
assert lazy.status.chunks is not None
assert (lazy.status.compute() == ds.status).all()
assert int(lazy.iterations[10:20, 5:7].sum()) == int(ds.iterations.values[10:20, 5:7].sum())

# The matrix map: theta (parameter, beta, alpha) labelled by parameter names; the target as a variable.
m = xr.open_dataset(b, engine="gdsweep")
assert m.theta.dims == ("parameter", "beta", "alpha") and str(m.parameter.values[0]).startswith("U[")
assert m.problem_Y.shape == (4, 4)

# A scan: eta is a coordinate of the fractions and the per-run results.
sc = xr.open_dataset(s, engine="gdsweep")
assert sc.converged_fraction.dims == ("eta",) and sc.sizes["eta"] == 5 and "eta" in sc.coords
assert sc.runs_status.dims == ("eta", "start") and sc.runs_status.shape == (5, 2000)
assert sc.runs_limit.dims == ("eta", "start") and sc.minimiser_fraction.dims == ("eta",)
assert (sc.minimiser_fraction <= sc.converged_fraction).all()
assert sc.limit_counts.dims == ("eta", "limit") and (sc.limit_counts.sum("limit") == 2000).all()
assert sc.norm2_quantiles.dims == ("eta", "quantile") and "quantile" in sc.coords
assert sc.starts.dims == ("parameter", "start") and list(sc.parameter.values) == ["u[0]", "v[0]"]

# Critical step sizes on a grid, trajectories.
cr = xr.open_dataset(c, engine="gdsweep")
assert cr.critical_eta.dims == ("beta", "alpha") and "alpha" in cr.coords
tr = xr.open_dataset(t, engine="gdsweep")
assert tr.loss.dims == ("run", "point") and tr.sizes["run"] == 2

# Attributes gdsweep stored as datasets come back as attributes, whole.
lt = xr.open_dataset(long_trace, engine="gdsweep")
assert len(lt.attrs["command_line"]) > 60000 and "command_line" not in lt.data_vars
assert lt.sizes["parameter"] == 12000 and lt.parameter.values[6000] == "v[0]"

# Measures.
me = xr.open_dataset(measures, engine="gdsweep")
assert me.measures_box_counts.dims == ("scale",)
# A tile directory (shards of a job array) opens lazily as the map it is part of, equal to the map computed at once.
td = xr.open_dataset(tiles, engine="gdsweep", chunks={})
wh = xr.open_dataset(whole, engine="gdsweep")
assert td.status.dims == ("beta", "alpha") and td.status.shape == (80, 96) and td.status.chunks is not None
assert len(td.status.chunks[0]) == 8, td.status.chunks  # one chunk per tile of 10 rows
assert (td.status.values == wh.status.values).all() and (td.iterations.values == wh.iterations.values).all()
assert np.array_equal(td.beta.values, wh.beta.values) and td.attrs["sweep_hash"] == wh.attrs.get("sweep_hash", td.attrs["sweep_hash"])
print("python backend: map, matrix map, scan, critical, trace, long trace, measures and a tile directory open with named dims, coordinates and provenance (eager and with dask)")

# A network scan with a fixed horizon (--loss mlp): the data share a "sample" dimension; every bounded run has its
# final sharpness and loss.
if len(sys.argv) > 10:
    net = xr.open_dataset(sys.argv[10], engine="gdsweep")
    assert net.problem_X.dims == ("sample", "input") and net.problem_Y.dims == ("sample", "output"), (net.problem_X.dims, net.problem_Y.dims)
    assert net.sizes["sample"] == 8 and net.sizes["input"] == 2 and net.sizes["output"] == 1
    assert net.attrs["fixed_horizon"] == "on" and net.attrs["loss_family"] == "mlp"
    bounded = (net.runs_status != 1).values
    assert bounded.any() and np.isfinite(net.runs_sharpness.values[bounded]).all() and np.isfinite(net.runs_loss.values[bounded]).all()
    assert (net.runs_iterations.values[bounded] == net.attrs["max_iterations"]).all(), "bounded runs ran to the horizon"
    print("check-hdf5: a network scan (fixed horizon) opened with xarray: data on a shared sample dimension")


# A refinement (its counts per level, unbiased estimates with errors, the uncertainty exponent beside them) and a zoom
# (a dimension with every error component per frame): dims by name, error = root sum of squares of the components.
if len(sys.argv) > 12:
    ref = xr.open_dataset(sys.argv[11], engine="gdsweep")
    for name in ("boundary_cells", "estimated_boundary_cells", "estimated_boundary_cells_error"):
        assert ref[name].dims == ("level",), (name, ref[name].dims)
    assert (ref.estimated_boundary_cells >= ref.boundary_cells).all(), "an estimate is never below what was found"
    parts = [ref.attrs[k] for k in ("dimension_standard_error", "dimension_error_range", "dimension_error_sampling", "dimension_error_resolution")]
    assert np.isclose(ref.attrs["dimension_error"], np.sqrt(sum(p * p for p in parts if np.isfinite(p))))
    assert ref.uncertain_fraction.dims == ("epsilon",) and ref.attrs["estimators_agree"] in ("yes", "no")
    zoom = xr.open_dataset(sys.argv[12], engine="gdsweep")
    assert zoom.status.dims[0] == "frame" and zoom.box_dimension_error.dims == ("frame",)
    comps = [zoom[k].values for k in ("box_dimension_standard_error", "box_dimension_error_range", "box_dimension_error_offset",
                                      "box_dimension_error_resolution")]
    total = np.sqrt(sum(np.where(np.isfinite(c), c * c, 0) for c in comps))
    assert np.allclose(zoom.box_dimension_error.values, total), (zoom.box_dimension_error.values, total)
    print("check-hdf5: a refinement and a zoom opened with xarray: levels and frames by name, every error with its components")
