"""The xarray backend for gdsweep files (layout documented in docs/hdf5-layout.md of the gdsweep repository).

Every dataset of the file becomes a variable whose dimensions are named by its ``dims`` attribute (gdsweep writes
them on every multi-dimensional dataset; jhdf cannot write HDF5 dimension scales, which is why xarray's own h5netcdf
engine sees only ``phony_dim_*``). Datasets in groups are named with ``_`` instead of ``/``. One-dimensional datasets
named like their dimension (``alpha``, ``beta``, ``eta``, ``level``) and ``quantile_levels`` become coordinates.
Arrays are read lazily through h5py, so ``chunks={}`` gives dask arrays and nothing is read until it is needed.
"""
import os
import threading

import h5py
import numpy as np
import xarray as xr
from xarray.backends import BackendArray, BackendEntrypoint
from xarray.core import indexing

#: Layout versions this reader understands (root attribute ``layout_version``).
LAYOUT_VERSIONS = (1,)

#: 1-D datasets that are coordinates of another name than their path.
_COORDINATES = {"quantile_levels": "quantile"}

_LOCK = threading.Lock()


def _text(value):
    """An HDF5 string (bytes, numpy bytes, or arrays of them) as str; anything else as is."""
    if isinstance(value, (bytes, np.bytes_)):
        return value.decode("utf-8")
    if isinstance(value, np.ndarray) and value.dtype.kind in "SO":
        return [_text(v) for v in value.tolist()]
    if isinstance(value, np.generic):
        return value.item()
    return value


class _LazyArray(BackendArray):
    """One HDF5 dataset, opened for each read (so the dataset survives pickling to dask workers)."""

    def __init__(self, path, name, shape, dtype):
        self.path, self.name, self.shape, self.dtype = path, name, shape, dtype

    def __getitem__(self, key):
        return indexing.explicit_indexing_adapter(key, self.shape, indexing.IndexingSupport.OUTER_1VECTOR, self._read)

    def _read(self, key):
        with _LOCK, h5py.File(self.path, "r") as f:
            data = f[self.name]
            if data.shape == ():
                return np.asarray(data[()])
            # h5py wants increasing integer arrays for fancy indexing: read the hull and index in memory
            simple = tuple(k if isinstance(k, (slice, int, np.integer)) else slice(None) for k in key)
            block = data[simple]
            rest = tuple(slice(None) if isinstance(k, (slice,)) else k for k in key if not isinstance(k, (int, np.integer)))
            if any(isinstance(k, np.ndarray) for k in rest):
                block = block[rest]
            return np.asarray(block)


def _dims(name, dataset):
    dims = dataset.attrs.get("dims")
    if dims is not None:
        dims = [_text(d) for d in np.atleast_1d(dims)]
        if len(dims) == dataset.ndim:
            return tuple(dims)
    base = name.replace("/", "_")
    return tuple(f"{base}_dim_{i}" for i in range(dataset.ndim))


def _tile_paths(directory, count=None):
    """The tiles of a tile directory in row order; every one of the sweep's tiles must be there."""
    if count is None:
        names = sorted(n for n in os.listdir(directory) if n.startswith("tile-") and n.endswith(".h5"))
        if not names:
            raise ValueError(f"{directory} holds no gdsweep tiles (tile-NNNNNN.h5)")
        with h5py.File(os.path.join(directory, names[0]), "r") as f:
            count = int(f.attrs["tiles"])
    paths = [os.path.join(directory, f"tile-{t:06d}.h5") for t in range(count)]
    missing = [p for p in paths if not os.path.exists(p)]
    if missing:
        raise ValueError(f"{directory} lacks {len(missing)} of {count} tiles (gdsweep merge --check {directory} lists them)")
    return paths


#: The axis along which each kind of tile is cut, by the tiles' ``layout``, and what a joined set of them is.
_TILE_AXIS = {
    "gdsweep basin map": ("beta", "gdsweep basin map"),
    "gdsweep step-size scan": ("eta", "gdsweep step-size scan"),
    "gdsweep critical step sizes tile": ("start", "gdsweep critical step sizes"),
}


def _open_tiles(paths, drop_variables):
    try:  # with dask, every tile stays on disk until computed (one chunk per tile); without, tiles are read to join
        import dask.array  # noqa: F401
        return [xr.open_dataset(p, engine="gdsweep", chunks={}, drop_variables=drop_variables) for p in paths]
    except ImportError:
        return [read(p, drop_variables) for p in paths]


def _read_tiles(paths, attrs, drop_variables):
    """Tiles (a map's bands of rows, a scan's blocks of step sizes, a critical job's blocks of starts), joined lazily
    along the axis they cut: one dask chunk per tile when dask is there.

    A scan's tiles each summarise their own step sizes (their histograms have bins of their own), so of a scan only the
    per-run results (``runs_*``) and the per-start data are joined; the statistics of the whole scan are in its file or
    index."""
    with h5py.File(paths[0], "r") as f:
        layout = _text(f.attrs["layout"])
        rows = int(f.attrs["tile_rows"])
    axis, joined = _TILE_AXIS.get(layout, ("beta", layout))
    tiles = _open_tiles(paths, drop_variables)
    if axis == "eta":
        tiles = [t[[v for v in t.data_vars if v.startswith("runs_")]] for t in tiles]
        per_start = {v: t for v, t in _open_tiles(paths[:1], drop_variables)[0].data_vars.items()
                     if "eta" not in t.dims and "tile" not in t.dims}
    ds = xr.concat(tiles, dim=axis, data_vars="minimal", coords="minimal", compat="override", join="override",
                   combine_attrs="override")
    if axis == "eta":
        ds = ds.assign(per_start)
    # chunks={} keeps one chunk per tile (the tile's rows), the unit in which the sweep was written
    for var in ds.variables.values():
        if axis in var.dims and var.ndim > 1:
            var.encoding["preferred_chunks"] = {d: (rows if d == axis else var.sizes[d]) for d in var.dims}
    ds.attrs = {k: v for k, v in attrs.items() if k != "layout"}
    ds.attrs["layout"] = joined
    return ds


def _read_index(path, attrs, drop_variables):
    """A tiled map too large to merge: the index's attributes over its tiles."""
    directory = os.path.join(os.path.dirname(os.path.abspath(path)), attrs["tile_directory"])
    with h5py.File(path, "r") as f:
        count = len(f["tile_row0"])
    ds = _read_tiles(_tile_paths(directory, count), attrs, drop_variables)
    ds.attrs["tiled_index"] = os.path.abspath(path)
    return ds


def _read_scan_index(path, drop_variables):
    """A tiled scan too large to join: the index's statistics of every step size, with the per-run results (``runs_*``)
    of its tiles joined lazily along eta."""
    ds = read(path, drop_variables, index=False)
    directory = os.path.join(os.path.dirname(os.path.abspath(path)), ds.attrs["tile_directory"])
    runs = _read_tiles(_tile_paths(directory, ds.sizes["tile"]), {}, drop_variables)
    ds = ds.assign({v: runs[v].variable for v in runs.data_vars if v.startswith("runs_")})
    ds.attrs["tiled_index"] = os.path.abspath(path)
    return ds


def _read_directory(directory, drop_variables):
    """A tile directory (shards of a job array, before or instead of merge): the first tile's sweep attributes."""
    paths = _tile_paths(directory)
    with h5py.File(paths[0], "r") as f:
        attrs = {k: _text(v) for k, v in f.attrs.items()
                 if k not in ("tile", "tile_row0", "tile_rows", "shard_index", "shard_count", "arguments")}
    ds = _read_tiles(paths, attrs, drop_variables)
    ds.attrs["tile_directory"] = os.path.abspath(directory)
    return ds


def read(path, drop_variables=None, lazy=True, index=True):
    """The file at ``path`` as an :class:`xarray.Dataset` (see the module documentation)."""
    path = os.fspath(path)
    if os.path.isdir(path):
        return _read_directory(path, drop_variables)
    with h5py.File(path, "r") as f:
        layout = _text(f.attrs.get("layout", b""))
    if index and layout == "gdsweep basin map index":
        with h5py.File(path, "r") as f:
            return _read_index(path, {k: _text(v) for k, v in f.attrs.items()}, drop_variables)
    if index and layout == "gdsweep step-size scan index":
        return _read_scan_index(path, drop_variables)
    drop = set(drop_variables or ())
    variables, coords, attrs = {}, {}, {}
    with h5py.File(path, "r") as f:
        for key, value in f.attrs.items():
            attrs[key] = _text(value)
        if "layout" not in attrs:
            raise ValueError(f"{path} is not a gdsweep file (no root attribute 'layout')")
        version = attrs.get("layout_version")
        if version not in LAYOUT_VERSIONS:
            raise ValueError(f"{path} has layout_version {version}; this reader knows {LAYOUT_VERSIONS}")
        large, large_group = {}, {}

        def visit(name, obj):
            if not isinstance(obj, h5py.Dataset):
                return
            parent = name.rsplit("/", 1)[0] if "/" in name else ""
            leaf = name.rsplit("/", 1)[-1]
            holder = f[parent] if parent else f
            note = holder.attrs.get(leaf)
            if obj.dtype.kind == "S" and note is not None and "stored as the dataset" in str(_text(note)):
                large[(parent, leaf)] = _text(obj[()])  # an attribute too large for the object header
                return
            var = name.replace("/", "_")
            if var in drop:
                return
            dims = _dims(name, obj)
            data = _LazyArray(path, name, obj.shape, obj.dtype) if lazy and obj.ndim > 0 else obj[()]
            if lazy and obj.ndim > 0:
                data = indexing.LazilyIndexedArray(data)
            var_attrs = {k: _text(v) for k, v in obj.attrs.items() if k != "dims"}
            if obj.ndim == 1 and (dims[0] == var or _COORDINATES.get(var) == dims[0]):
                coords[dims[0]] = xr.Variable(dims, obj[()], var_attrs)
            else:
                variables[var] = xr.Variable(dims, data, var_attrs)

        f.visititems(visit)
        for (parent, leaf), text in large.items():
            if parent:
                large_group[(parent, leaf)] = text
            else:
                attrs[leaf] = text
        # The parameter axis (theta, starts) is labelled by parameter names: the variable's own (a map keeps some
        # parameters only), else the problem's.
        names = None
        if "problem" in f:
            names = large_group.get(("problem", "parameter_names"), f["problem"].attrs.get("parameter_names"))
        for var in variables.values():
            if "parameter" in var.dims and "parameter" not in coords:
                own = var.attrs.get("parameter_names")
                labels = own if own is not None else _text(names) if names is not None else None
                if labels is not None and len(labels) == var.sizes["parameter"]:
                    coords["parameter"] = xr.Variable(("parameter",), np.array(labels, dtype=object))
    ds = xr.Dataset(variables, coords=coords, attrs=attrs)
    ds.set_close(None)
    return ds


def open(path, chunks=None, **kwargs):
    """``xr.open_dataset(path, engine="gdsweep", chunks=chunks)``."""
    return xr.open_dataset(path, engine="gdsweep", chunks=chunks, **kwargs)


class GdsweepBackendEntrypoint(BackendEntrypoint):
    """``xr.open_dataset(path, engine="gdsweep")`` for any gdsweep HDF5 file."""

    description = "gdsweep HDF5 files (maps, scans, critical step sizes, trajectories, zooms, measures)"
    url = "https://github.com/gdsweep/gdsweep/blob/main/python/README.md"
    open_dataset_parameters = ("filename_or_obj", "drop_variables")

    def open_dataset(self, filename_or_obj, *, drop_variables=None):
        return read(filename_or_obj, drop_variables=drop_variables)

    def guess_can_open(self, filename_or_obj):
        try:
            if os.path.isdir(os.fspath(filename_or_obj)):
                return any(n.startswith("tile-") and n.endswith(".h5") for n in os.listdir(os.fspath(filename_or_obj)))
            with h5py.File(os.fspath(filename_or_obj), "r") as f:
                return "layout" in f.attrs and _text(f.attrs["layout"]).startswith("gdsweep")
        except Exception:  # not a path, not HDF5
            return False
